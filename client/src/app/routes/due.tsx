import type { DueScope } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { dueQueryOptions } from '../../features/plans/api/plans.ts';
import { DueList } from '../../features/plans/components/due-list.tsx';
import { formatDate } from '../../lib/format.ts';
import { actsForOrganisation } from '../navigation.ts';
import { useSignedInSession } from '../session-gate.tsx';

const scopes: readonly DueScope[] = ['mine', 'organisation'];

/** 期限: per staff member (自分の担当) or for the whole organisation, each item linked to its action. */
export function DueRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params] = useSearchParams();
  const scope: DueScope = params.get('scope') === 'organisation' ? 'organisation' : 'mine';
  const due = useQuery({ ...dueQueryOptions(scope), enabled: actsForOrganisation(session) });
  return (
    <>
      <PageHeader title={t('plans.due.title')} lead={<p>{t('plans.due.lead')}</p>} />
      {!actsForOrganisation(session) ? (
        <Notice tone="error">{t('home.needsOrganisation')}</Notice>
      ) : (
        <div className="stack">
          <nav aria-label={t('plans.due.tabsLabel')} className="person-tabs">
            <ul>
              {scopes.map((s) => (
                <li key={s}>
                  <Link
                    to={s === 'mine' ? '/due' : '/due?scope=organisation'}
                    className="person-tabs__link"
                    aria-current={scope === s ? 'page' : undefined}
                  >
                    {t(`plans.due.${s}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {due.isPending ? <Loading /> : null}
          {due.isError ? <LoadError error={due.error} onRetry={() => void due.refetch()} /> : null}
          {due.data ? (
            <>
              <p className="muted">{t('plans.due.today', { date: formatDate(due.data.today) })}</p>
              <DueList data={due.data} />
            </>
          ) : null}
        </div>
      )}
    </>
  );
}
