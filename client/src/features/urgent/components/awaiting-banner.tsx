import type { UrgentAwaiting } from '@tsunagu/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NavCountLabel } from '../../../components/ui/nav-count-label.tsx';
import { useQueryOnNavigation } from '../../../lib/use-query-on-navigation.ts';
import { urgentAwaitingQueryOptions } from '../api/urgent.ts';

type Waiting = UrgentAwaiting['cases'][number];

/** The time now, again every quarter minute: the banner's minutes count down without a request. */
function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** What happens next to the soonest of some cases: 「（あと8分で当番（副）へ）」, or the chain has ended. */
function useNextOf() {
  const { t } = useTranslation();
  const now = useNow();
  return (cases: readonly Waiting[]): string => {
    const open = cases
      .filter((c) => c.status === 'open')
      .sort((a, b) => (a.nextStepAt ?? '').localeCompare(b.nextStepAt ?? ''));
    const soonest = open.find((c) => c.nextStepAt) ?? open[0];
    if (!soonest) return t('night.banner.end');
    if (!soonest.nextStepLabel) return '';
    const minutes = soonest.nextStepAt ? Math.ceil((Date.parse(soonest.nextStepAt) - now) / 60_000) : 0;
    return minutes > 0
      ? t('night.banner.next', { minutes, label: soonest.nextStepLabel })
      : t('night.banner.nextNow', { label: soonest.nextStepLabel });
  };
}

/**
 * The "now" signal on every page: the 至急・緊急 cases waiting for me, 緊急 first, with the time left
 * before each priority's next step goes further up the chain (「緊急・対応待ち 1件（あと8分で当番（副）へ）」),
 * and the way to them. Refreshed by live events and on each navigation; it names nobody.
 */
export function AwaitingBanner() {
  const { t } = useTranslation();
  const awaiting = useQueryOnNavigation(urgentAwaitingQueryOptions);
  const nextOf = useNextOf();
  const cases = awaiting.data?.cases ?? [];
  if (!cases.length) return null;
  const groups = (['emergency', 'urgent'] as const)
    .map((priority) => ({ priority, list: cases.filter((c) => c.priority === priority) }))
    .filter((g) => g.list.length > 0);
  return (
    <div className="awaiting-banner" role="region" aria-label={t('night.banner.label')}>
      <div className="awaiting-banner__inner">
        <ul className="awaiting-banner__list">
          {groups.map((g) => (
            <li key={g.priority}>
              <span aria-hidden="true">⚠ </span>
              {t('night.banner.count', {
                priority: t(`messages.priority.${g.priority}`),
                count: g.list.length,
              })}
              {nextOf(g.list)}
            </li>
          ))}
        </ul>
        <Link to={cases.length === 1 ? `/urgent/${cases[0]!.id}` : '/urgent'}>{t('night.banner.open')}</Link>
      </div>
    </div>
  );
}

/** 至急・緊急の連絡 in the navigation, with how many wait for me. */
export function UrgentNavLabel({ label }: { label: string }) {
  const { t } = useTranslation();
  const awaiting = useQueryOnNavigation(urgentAwaitingQueryOptions);
  const count = awaiting.data?.cases.length ?? 0;
  return <NavCountLabel label={label} count={count} countText={t('night.banner.navCount', { count })} />;
}
