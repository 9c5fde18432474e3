import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { swapRequestsQueryOptions } from '../api/on-call.ts';

const tabs = [
  { to: '/on-call', key: 'now' },
  { to: '/on-call/rota', key: 'rota' },
  { to: '/on-call/coverage', key: 'coverage' },
  { to: '/on-call/swaps', key: 'swaps' },
  { to: '/on-call/unreached', key: 'unreached' },
] as const;

export type OnCallTab = (typeof tabs)[number]['key'];

/** 今の当番 | 当番表 | カバレッジ確認 | 交代の依頼 | 当番不在の記録: links, each with its own address; requests awaiting my answer counted. */
export function OnCallTabs({ active, myUserId }: { active: OnCallTab; myUserId: string }) {
  const { t } = useTranslation();
  const swaps = useQuery(swapRequestsQueryOptions);
  const awaiting =
    swaps.data?.swapRequests.filter((r) => r.status === 'pending' && r.to.userId === myUserId).length ?? 0;
  return (
    <nav aria-label={t('onCall.tabsLabel')} className="person-tabs on-call-tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link
              to={tab.to}
              className="person-tabs__link"
              aria-current={active === tab.key ? 'page' : undefined}
            >
              {tab.key === 'swaps' && awaiting ? (
                <>
                  <span className="visually-hidden">
                    {t('onCall.tabs.swapsAwaiting', { count: awaiting })}
                  </span>
                  <span aria-hidden="true">
                    {t('onCall.tabs.swaps')} <span className="count-badge">{awaiting}</span>
                  </span>
                </>
              ) : (
                t(`onCall.tabs.${tab.key}`)
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
