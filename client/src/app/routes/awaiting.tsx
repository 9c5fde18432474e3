import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { awaitingMeQueryOptions, awaitingOthersQueryOptions } from '../../features/messages/api/messages.ts';
import { AwaitingList } from '../../features/messages/components/awaiting-list.tsx';

type Tab = 'mine' | 'others';

/** 確認待ち: what is asked of me, and what I asked of others (?tab=others), each with its count. */
export function AwaitingRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const tab: Tab = params.get('tab') === 'others' ? 'others' : 'mine';
  const mine = useQuery(awaitingMeQueryOptions);
  const others = useQuery(awaitingOthersQueryOptions);
  const current = tab === 'mine' ? mine : others;
  const tabs: { id: Tab; label: string; count: number | undefined; href: string }[] = [
    { id: 'mine', label: t('messages.awaiting.tabMine'), count: mine.data?.length, href: '/awaiting' },
    {
      id: 'others',
      label: t('messages.awaiting.tabOthers'),
      count: others.data?.length,
      href: '/awaiting?tab=others',
    },
  ];
  return (
    <>
      <PageHeader title={t('messages.awaiting.title')} />
      <div className="stack">
        <nav aria-label={t('messages.awaiting.tabsLabel')} className="person-tabs">
          <ul>
            {tabs.map((x) => (
              <li key={x.id}>
                <Link
                  to={x.href}
                  className="person-tabs__link"
                  aria-current={tab === x.id ? 'page' : undefined}
                  replace
                >
                  {x.count === undefined ? (
                    x.label
                  ) : (
                    <>
                      <span className="visually-hidden">
                        {t('messages.awaiting.tabCount', { label: x.label, count: x.count })}
                      </span>
                      <span aria-hidden="true">
                        {x.label} <span className="count-badge count-badge--quiet">{x.count}</span>
                      </span>
                    </>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <section aria-labelledby="awaiting-list-title" className="stack">
          <h2 id="awaiting-list-title">{tab === 'mine' ? tabs[0]?.label : tabs[1]?.label}</h2>
          <p className="muted">
            {tab === 'mine' ? t('messages.awaiting.mineLead') : t('messages.awaiting.othersLead')}
          </p>
          <div className="results" aria-busy={current.isFetching}>
            {current.isPending ? <Loading /> : null}
            {current.isError ? (
              <LoadError error={current.error} onRetry={() => void current.refetch()} />
            ) : null}
            {current.data ? (
              current.data.length ? (
                <AwaitingList items={current.data} mine={tab === 'mine'} />
              ) : (
                <p>{tab === 'mine' ? t('messages.awaiting.mineNone') : t('messages.awaiting.othersNone')}</p>
              )
            ) : null}
          </div>
        </section>
      </div>
    </>
  );
}
