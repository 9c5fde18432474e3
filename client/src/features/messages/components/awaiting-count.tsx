import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavCountLabel } from '../../../components/ui/nav-count-label.tsx';
import { useQueryOnNavigation } from '../../../lib/use-query-on-navigation.ts';
import { awaitingMeQueryOptions } from '../api/messages.ts';

/**
 * 確認待ち in the navigation, with how many acknowledgements are asked of me. Refreshed by live
 * events and when the user moves between screens, never on a timer (as お知らせ).
 */
export function AwaitingNavLabel({ label }: { label: string }) {
  const { t } = useTranslation();
  const awaiting = useQueryOnNavigation(awaitingMeQueryOptions);
  const count = awaiting.data?.length ?? 0;
  return <NavCountLabel label={label} count={count} countText={t('messages.awaiting.navCount', { count })} />;
}

/** The same count as a badge (on the phone's menu button, where 確認待ち itself is folded away). */
export function AwaitingCountBadge() {
  const { t } = useTranslation();
  const awaiting = useQuery(awaitingMeQueryOptions);
  const count = awaiting.data?.length ?? 0;
  if (!count) return null;
  return (
    <>
      <span className="visually-hidden">
        {t('common.paren', { text: t('messages.awaiting.navCount', { count }) })}
      </span>
      <span className="count-badge" aria-hidden="true">
        {count}
      </span>
    </>
  );
}
