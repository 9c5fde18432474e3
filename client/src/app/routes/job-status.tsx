import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { jobStatusQueryOptions } from '../../features/job-status/api/job-status.ts';
import { JobStatusView } from '../../features/job-status/components/job-status-view.tsx';
import { useSignedInSession } from '../session-gate.tsx';
import { SettingsEyebrow } from './settings.tsx';

/** バックグラウンド処理の状況 (system administrators). */
export function JobStatusRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  return (
    <>
      <PageHeader
        title={t('jobStatus.title')}
        eyebrow={<SettingsEyebrow />}
        lead={<p>{t('jobStatus.lead')}</p>}
      />
      {session.user.isSystemAdmin ? <JobStatus /> : <Notice tone="error">{t('errors.forbidden')}</Notice>}
    </>
  );
}

function JobStatus() {
  const { t } = useTranslation();
  const report = useQuery(jobStatusQueryOptions);
  return (
    <div className="stack" aria-busy={report.isFetching}>
      <div className="button-row">
        <Button
          variant="secondary"
          onClick={() => void report.refetch()}
          busy={report.isFetching && !report.isPending}
          busyLabel={t('common.loading')}
        >
          {t('jobStatus.reload')}
        </Button>
      </div>
      {report.isPending ? <Loading /> : null}
      {report.isError ? <LoadError error={report.error} onRetry={() => void report.refetch()} /> : null}
      {report.data ? <JobStatusView report={report.data} /> : null}
    </div>
  );
}
