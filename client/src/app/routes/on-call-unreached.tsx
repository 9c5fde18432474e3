import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { PriorityBadge } from '../../components/ui/priority-badge.tsx';
import {
  caseOperationsQueryOptions,
  unreachedCasesQueryOptions,
} from '../../features/escalations/api/operations.ts';
import { CaseOperations, UnreachedCaseList } from '../../features/escalations/components/case-operations.tsx';
import { OnCallTabs } from '../../features/on-call/components/on-call-tabs.tsx';
import { UrgentStatusBadge } from '../../features/urgent/components/urgent-case-view.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSignedInSession } from '../session-gate.tsx';

/** /on-call/unreached: the cases in my oversight (the region's 基幹, system administrators) where a step reached no one. */
export function UnreachedCasesRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const cases = useQuery(unreachedCasesQueryOptions);
  return (
    <>
      <PageHeader
        title={t('offHours.operations.listTitle')}
        lead={<p>{t('offHours.operations.listLead')}</p>}
      />
      <OnCallTabs active="unreached" myUserId={session.user.id} />
      {cases.isPending ? <Loading /> : null}
      {cases.isError ? <LoadError error={cases.error} onRetry={() => void cases.refetch()} /> : null}
      {cases.data ? (
        cases.data.cases.length ? (
          <UnreachedCaseList cases={cases.data.cases} />
        ) : (
          <p>{t('offHours.operations.none')}</p>
        )
      ) : null}
    </>
  );
}

/** /on-call/unreached/:caseId: how one case was routed, without the person or the message. */
export function UnreachedCaseRoute() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const operations = useQuery(caseOperationsQueryOptions(caseId));
  if (operations.isPending) return <Loading />;
  if (operations.isError) {
    if (isNotFound(operations.error))
      return (
        <>
          <PageHeader title={t('offHours.operations.title')} />
          <div className="stack">
            <Notice tone="info">{t('offHours.operations.notFound')}</Notice>
            <div>
              <ButtonLink to="/on-call/unreached">{t('offHours.operations.listTitle')}</ButtonLink>
            </div>
          </div>
        </>
      );
    return <LoadError error={operations.error} onRetry={() => void operations.refetch()} />;
  }
  const c = operations.data;
  return (
    <>
      <PageHeader
        title={t('offHours.operations.title')}
        eyebrow={
          <span className="badge-row">
            <PriorityBadge priority={c.priority} />
            <UrgentStatusBadge status={c.status} />
          </span>
        }
        lead={
          <p>
            {t('offHours.operations.lead', {
              organisation: c.openedByOrganisationName,
              time: formatDateTime(c.openedAt),
            })}
          </p>
        }
      />
      <CaseOperations operations={c} />
    </>
  );
}
