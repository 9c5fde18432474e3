import { JOB_STATES, type JobState, type JobStatusReport } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { translateIfExists } from '../../../lib/i18n/index.ts';

const stateTone: Record<JobState, BadgeTone> = {
  queued: 'neutral',
  running: 'info',
  overdue: 'warning',
  done: 'success',
  failed: 'error',
};

/** A queue by its name in the user's language, or by its technical name when it has none. */
function useQueueName(): (queue: string) => string {
  return (queue) => translateIfExists(`jobStatus.queues.${queue}`) ?? queue;
}

/** How many jobs of each queue are in each state: one row per queue. */
function JobCounts({ report }: { report: JobStatusReport }) {
  const { t } = useTranslation();
  const queueName = useQueueName();
  const queues = [...new Set(report.counts.map((c) => c.queue))];
  if (queues.length === 0) return <p className="muted">{t('jobStatus.noJobs')}</p>;
  const countOf = (queue: string, state: JobState) =>
    report.counts.find((c) => c.queue === queue && c.state === state)?.count ?? 0;
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('jobStatus.countsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('jobStatus.queue')}</th>
            {JOB_STATES.map((state) => (
              <th scope="col" key={state}>
                {t(`jobStatus.states.${state}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={queue}>
              <th scope="row">{queueName(queue)}</th>
              {JOB_STATES.map((state) => (
                <td key={state} data-label={t(`jobStatus.states.${state}`)}>
                  {countOf(queue, state)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The failed jobs and the overdue runs, latest first, with what they last said. */
function TroubledJobs({ report }: { report: JobStatusReport }) {
  const { t } = useTranslation();
  const queueName = useQueueName();
  if (report.troubled.length === 0) return <p>{t('jobStatus.noTrouble')}</p>;
  const time = (value: string | null) => (value ? formatDateTime(value) : '—');
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <thead>
          <tr>
            <th scope="col">{t('jobStatus.state')}</th>
            <th scope="col">{t('jobStatus.queue')}</th>
            <th scope="col">{t('jobStatus.key')}</th>
            <th scope="col">{t('jobStatus.attempts')}</th>
            <th scope="col">{t('jobStatus.lastError')}</th>
            <th scope="col">{t('jobStatus.times')}</th>
          </tr>
        </thead>
        <tbody>
          {report.troubled.map((job) => (
            <tr key={job.id}>
              <td data-label={t('jobStatus.state')}>
                <Badge tone={stateTone[job.state]}>{t(`jobStatus.states.${job.state}`)}</Badge>
              </td>
              <td data-label={t('jobStatus.queue')}>{queueName(job.queue)}</td>
              <td data-label={t('jobStatus.key')}>
                <code className="mono break">{job.key}</code>
              </td>
              <td data-label={t('jobStatus.attempts')}>
                {t('jobStatus.attemptsOf', { attempts: job.attempts, max: job.maxAttempts })}
              </td>
              <td data-label={t('jobStatus.lastError')}>
                {job.lastError ? <code className="mono break">{job.lastError}</code> : '—'}
              </td>
              <td data-label={t('jobStatus.times')}>
                <span className="table__sub">{t('jobStatus.createdAt', { time: time(job.createdAt) })}</span>
                <span className="table__sub">{t('jobStatus.startedAt', { time: time(job.startedAt) })}</span>
                {job.state === 'overdue' ? (
                  <span className="table__sub">
                    {t('jobStatus.overdueAt', { time: time(job.overdueAt) })}
                  </span>
                ) : (
                  <span className="table__sub">
                    {t('jobStatus.finishedAt', { time: time(job.finishedAt) })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** バックグラウンド処理の状況: what is stuck or failed first, then every queue's jobs by state. */
export function JobStatusView({ report }: { report: JobStatusReport }) {
  const { t } = useTranslation();
  return (
    <div className="stack stack--large">
      <section aria-labelledby="job-status-troubled" className="stack">
        <h2 id="job-status-troubled">{t('jobStatus.troubledTitle')}</h2>
        <p className="muted">{t('jobStatus.troubledLead')}</p>
        <TroubledJobs report={report} />
      </section>
      <section aria-labelledby="job-status-counts" className="stack">
        <h2 id="job-status-counts">{t('jobStatus.countsTitle')}</h2>
        <p className="muted">{t('jobStatus.countsLead', { time: formatDateTime(report.generatedAt) })}</p>
        <JobCounts report={report} />
      </section>
    </div>
  );
}
