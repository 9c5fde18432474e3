import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { PriorityBadge } from '../../components/ui/priority-badge.tsx';
import { urgentCaseQueryOptions, urgentCasesQueryOptions } from '../../features/urgent/api/urgent.ts';
import { UrgentCaseList } from '../../features/urgent/components/urgent-case-list.tsx';
import { UrgentCaseView, UrgentStatusBadge } from '../../features/urgent/components/urgent-case-view.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';

/** /urgent: the urgent cases that reached me or that my organisation sent (two weeks). */
export function UrgentCasesRoute() {
  const { t } = useTranslation();
  const cases = useQuery(urgentCasesQueryOptions);
  return (
    <>
      <PageHeader title={t('offHours.urgent.listTitle')} lead={<p>{t('offHours.urgent.listLead')}</p>} />
      {cases.isPending ? <Loading /> : null}
      {cases.isError ? <LoadError error={cases.error} onRetry={() => void cases.refetch()} /> : null}
      {cases.data ? (
        cases.data.cases.length ? (
          <UrgentCaseList cases={cases.data.cases} />
        ) : (
          <p>{t('offHours.urgent.none')}</p>
        )
      ) : null}
    </>
  );
}

/** /urgent/:caseId, where a notification (in the app or pushed to the phone) opens. */
export function UrgentCaseRoute() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const urgentCase = useQuery(urgentCaseQueryOptions(caseId));
  if (urgentCase.isPending) return <Loading />;
  if (urgentCase.isError) {
    if (isNotFound(urgentCase.error))
      return (
        <>
          <PageHeader title={t('offHours.urgent.title')} />
          <div className="stack">
            <Notice tone="info">{t('offHours.urgent.notFound')}</Notice>
            <div>
              <ButtonLink to="/urgent">{t('offHours.urgent.listTitle')}</ButtonLink>
            </div>
          </div>
        </>
      );
    return <LoadError error={urgentCase.error} onRetry={() => void urgentCase.refetch()} />;
  }
  const c = urgentCase.data;
  return (
    <>
      <PageHeader
        title={t(`offHours.urgent.titleFor.${c.priority}`)}
        eyebrow={
          <span className="badge-row">
            <PriorityBadge priority={c.priority} />
            <UrgentStatusBadge status={c.status} />
          </span>
        }
        lead={
          <p>
            {t('offHours.urgent.lead', {
              organisation: c.openedBy.organisationName,
              time: formatDateTime(c.openedAt),
              category: t(`enums.category.${c.category}`),
            })}
          </p>
        }
      />
      <UrgentCaseView urgentCase={c} />
    </>
  );
}
