import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { handoverQueryOptions, handoversQueryOptions } from '../../features/handover/api/handover.ts';
import { HandoverDetail, HandoverList } from '../../features/handover/components/handover-views.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';

/** /handovers: 申し送り to my organisation, unconfirmed first. */
export function HandoversRoute() {
  const { t } = useTranslation();
  const handovers = useQuery(handoversQueryOptions);
  return (
    <>
      <PageHeader title={t('offHours.handover.title')} lead={<p>{t('offHours.handover.lead')}</p>} />
      {handovers.isPending ? <Loading /> : null}
      {handovers.isError ? (
        <LoadError error={handovers.error} onRetry={() => void handovers.refetch()} />
      ) : null}
      {handovers.data ? (
        handovers.data.handovers.length ? (
          <HandoverList handovers={handovers.data.handovers} />
        ) : (
          <p>{t('offHours.handover.none')}</p>
        )
      ) : null}
    </>
  );
}

/** /handovers/:id, where the `handover` notification leads. */
export function HandoverRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const handover = useQuery(handoverQueryOptions(id));
  const back = <Link to="/handovers">{t('offHours.handover.title')}</Link>;
  if (handover.isPending) return <Loading />;
  if (handover.isError)
    return isNotFound(handover.error) ? (
      <>
        <PageHeader title={t('offHours.handover.title')} />
        <div className="stack">
          <Notice tone="info">{t('offHours.handover.notFound')}</Notice>
          <p>{back}</p>
        </div>
      </>
    ) : (
      <LoadError error={handover.error} onRetry={() => void handover.refetch()} />
    );
  return (
    <>
      <PageHeader
        title={
          handover.data.addendumOf
            ? t('night.handover.addendumTitle', { time: formatDateTime(handover.data.openingAt) })
            : t('offHours.handover.itemTitle', { time: formatDateTime(handover.data.openingAt) })
        }
        eyebrow={back}
        lead={
          <p>
            {handover.data.addendumOf ? t('night.handover.addendumLead') : t('offHours.handover.detailLead')}
          </p>
        }
      />
      <HandoverDetail handover={handover.data} />
    </>
  );
}
