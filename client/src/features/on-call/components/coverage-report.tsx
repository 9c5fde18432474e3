import type { Coverage } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatShortDateTime, todayInTokyo } from '../../../lib/format.ts';
import type { RegionNameOf } from './shift-summary.tsx';

/** One uncovered window and every region that has no one on call in it. */
export interface GapWindow {
  from: string;
  to: string;
  regionIds: string[];
}

/**
 * The same window uncovered in several regions (a municipality and its 日常生活圏域) is one row,
 * its regions in the order the page lists areas.
 */
export function groupGaps(gaps: Coverage['gaps'], regionOrder: (regionId: string) => number): GapWindow[] {
  const byWindow = new Map<string, GapWindow>();
  for (const g of gaps) {
    const key = `${g.from}|${g.to}`;
    const w = byWindow.get(key) ?? { from: g.from, to: g.to, regionIds: [] };
    w.regionIds.push(g.regionId);
    byWindow.set(key, w);
  }
  const windows = [...byWindow.values()].sort((a, b) => a.from.localeCompare(b.from));
  for (const w of windows) w.regionIds.sort((a, b) => regionOrder(a) - regionOrder(b));
  return windows;
}

/** Regions sharing the same defining organisations are one line: "テスト市・テスト地区: 市障害福祉課・基幹…". */
export function groupDefiners(
  definedBy: Coverage['definedBy'],
  regionOrder: (regionId: string) => number,
): { organisationNames: string[]; regionIds: string[] }[] {
  const byNames = new Map<string, { organisationNames: string[]; regionIds: string[] }>();
  for (const d of definedBy) {
    const key = d.organisationNames.join('|');
    const line = byNames.get(key) ?? { organisationNames: d.organisationNames, regionIds: [] };
    line.regionIds.push(d.regionId);
    byNames.set(key, line);
  }
  const lines = [...byNames.values()];
  for (const l of lines) l.regionIds.sort((a, b) => regionOrder(a) - regionOrder(b));
  return lines.sort((a, b) => regionOrder(a.regionIds[0]!) - regionOrder(b.regionIds[0]!));
}

/** Which organisations' hours decided where on-call is needed. */
function DefinedBy({
  coverage,
  regionName,
  regionOrder,
}: {
  coverage: Coverage;
  regionName: RegionNameOf;
  regionOrder: (regionId: string) => number;
}) {
  const { t } = useTranslation();
  const lines = groupDefiners(coverage.definedBy, regionOrder);
  if (!lines.length) return null;
  return (
    <details className="muted">
      <summary>{t('onCall.coverage.definedBy')}</summary>
      <ul>
        {lines.map((l) => {
          const regions = l.regionIds.map(regionName).join(t('common.listSeparator'));
          return (
            <li key={l.regionIds.join('|')}>
              {l.organisationNames.length
                ? t('onCall.coverage.definedByLine', {
                    regions,
                    organisations: l.organisationNames.join(t('common.listSeparator')),
                  })
                : t('onCall.coverage.aroundTheClock', { regions })}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** "3 時間 30 分" / "2 日 4 時間" */
function useDuration(): (from: string, to: string) => string {
  const { t } = useTranslation();
  return (from, to) => {
    const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const mins = minutes % 60;
    return [
      days ? t('onCall.coverage.days', { count: days }) : '',
      hours ? t('onCall.coverage.hours', { count: hours }) : '',
      mins ? t('onCall.coverage.minutes', { count: mins }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  };
}

/**
 * カバレッジ確認: every window in which a region needs someone on call and has no one, marked
 * loudly (icon, word and colour), each with a link to add a shift on its day.
 */
export function CoverageReport({
  coverage,
  regionName,
  regionOrder,
  canAddShifts,
}: {
  coverage: Coverage;
  regionName: RegionNameOf;
  regionOrder: (regionId: string) => number;
  canAddShifts: boolean;
}) {
  const { t } = useTranslation();
  const duration = useDuration();
  const windows = groupGaps(coverage.gaps, regionOrder);
  const period = t('time.range', { from: formatDateTime(coverage.from), to: formatDateTime(coverage.to) });
  const definedBy = <DefinedBy coverage={coverage} regionName={regionName} regionOrder={regionOrder} />;
  if (!windows.length) {
    return (
      <div className="stack">
        <p className="coverage-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t('onCall.coverage.allCovered', { period })}
        </p>
        {definedBy}
      </div>
    );
  }
  return (
    <div className="stack">
      {definedBy}
      <p className="coverage-summary" role="status">
        <span aria-hidden="true">⚠ </span>
        {t('onCall.coverage.found', { count: windows.length, period })}
      </p>
      <ul className="gap-list">
        {windows.map((w) => (
          <li key={`${w.from}|${w.to}`} className="gap">
            <p className="gap__when">
              <span className="gap__label">{t('onCall.coverage.gap')}</span>{' '}
              <strong>
                {t('time.range', { from: formatShortDateTime(w.from), to: formatShortDateTime(w.to) })}
              </strong>{' '}
              <span className="muted">{t('common.paren', { text: duration(w.from, w.to) })}</span>
            </p>
            <p className="gap__where">
              {t('onCall.coverage.regions', {
                names: w.regionIds.map(regionName).join(t('common.listSeparator')),
              })}
            </p>
            {canAddShifts ? (
              <p>
                <Link to={`/on-call/shifts/new?date=${todayInTokyo(new Date(w.from))}`}>
                  {t('onCall.coverage.addShift')}
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
