import type { DirectoryEntrySummary } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatDate, formatShortDateTime } from '../../../lib/format.ts';

/** 「約 350 m」「約 2.4 km」: rounded as a care worker would say it. */
export function useDistanceText() {
  const { t } = useTranslation();
  return (metres: number) =>
    metres < 1000
      ? t('directory.results.metres', { m: Math.max(10, Math.round(metres / 10) * 10) })
      : t('directory.results.kilometres', { km: (metres / 1000).toFixed(metres < 10_000 ? 1 : 0) });
}

/** Open or closed at the searched instant, in words and a mark (never by colour alone). */
export function OpenBadge({ isOpen, at }: { isOpen: boolean; at: string | null }) {
  const { t } = useTranslation();
  const time = at ? formatShortDateTime(at) : null;
  return (
    <Badge tone={isOpen ? 'success' : 'neutral'}>
      <span aria-hidden="true">{isOpen ? '● ' : '○ '}</span>
      {isOpen
        ? time
          ? t('directory.results.openAt', { time })
          : t('directory.results.openNow')
        : time
          ? t('directory.results.closedAt', { time })
          : t('directory.results.closedNow')}
    </Badge>
  );
}

/**
 * One page of results as cards: what it is, open now (or at the chosen time), how far, whether
 * it is on tsunagu, and its phone number one tap away.
 */
export function DirectoryResults({
  entries,
  at,
}: {
  entries: readonly DirectoryEntrySummary[];
  /** The chosen instant, or null when the search is about now. */
  at: string | null;
}) {
  const { t } = useTranslation();
  const distanceText = useDistanceText();
  return (
    <ul className="card-list directory-results">
      {entries.map((e) => {
        const services = [
          ...e.serviceTypes.map((s) => t(`directory.serviceTypes.${s}`)),
          ...e.remits.map((r) => t(`directory.remits.${r}`)),
        ];
        return (
          <li key={e.id} className="card">
            <h2 className="card__title">
              <Link to={`/directory/${e.id}`}>{e.name}</Link>
            </h2>
            <p className="card__kana">{e.kana}</p>
            <p className="card__meta">
              <OpenBadge isOpen={e.isOpen} at={at} />
              <Badge tone="info">{t(`directory.categories.${e.category}`)}</Badge>
              <Badge tone={e.isOnTsunagu ? 'success' : 'neutral'}>
                {e.isOnTsunagu ? t('directory.results.onTsunagu') : t('directory.results.notOnTsunagu')}
              </Badge>
              {e.acceptsNewUsers === true ? <Badge>{t('directory.results.acceptsNewUsers')}</Badge> : null}
              {e.acceptsNewUsers === false ? <Badge>{t('directory.results.notAccepting')}</Badge> : null}
              {e.offersTrialStay ? <Badge>{t('directory.results.trialStay')}</Badge> : null}
            </p>
            <dl className="card__facts">
              {services.length ? (
                <div>
                  <dt>{t('directory.results.services')}</dt>
                  <dd>{services.join(t('common.listSeparator'))}</dd>
                </div>
              ) : null}
              {e.distanceMetres !== null ? (
                <div>
                  <dt>{t('directory.results.distance')}</dt>
                  <dd>{distanceText(e.distanceMetres)}</dd>
                </div>
              ) : null}
              {e.address ? (
                <div>
                  <dt>{t('directory.entry.address')}</dt>
                  <dd>{e.address}</dd>
                </div>
              ) : null}
              {e.phone ? (
                <div>
                  <dt>{t('directory.entry.phone')}</dt>
                  <dd>
                    <PhoneLink number={e.phone} label={e.name} />
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>{t('directory.results.confirmed')}</dt>
                <dd>{formatDate(e.confirmedAt)}</dd>
              </div>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
