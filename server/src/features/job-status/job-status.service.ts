import type { JobStatusReport } from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { JOB_ALERT_QUEUE } from '../../platform/jobs/job-queue.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import * as repo from './job-status.repository.ts';

/** The most failed and overdue jobs the status page lists. */
const TROUBLED_LIMIT = 200;

/**
 * バックグラウンド処理の状況: the system administrators hear at once of a watched job (an
 * escalation step, a step's push or webhook delivery) that failed for good or hung past its time
 * (in the app, and by e-mail that names nothing but that there is a notice), and see every queue's
 * jobs by state on a status page. The notices are jobs the queue enqueues with the failure itself.
 */
export function createJobStatusService(
  deps: Deps,
  { notifications }: { notifications: NotificationsService },
) {
  const { db, clock, jobs } = deps;

  jobs.register(JOB_ALERT_QUEUE, {
    purpose: '失敗・時間超過したジョブをシステム管理者に知らせる',
    maxAttempts: 20,
    backoffMs: (n) => Math.min(10 * 60_000, 5_000 * 2 ** (n - 1)),
    async handler(job, run) {
      const jobId = String(job.payload.jobId);
      const reason = job.payload.reason === 'overdue' ? 'overdue' : 'failed';
      const kind = reason === 'overdue' ? 'job_overdue' : 'job_failed';
      await run.transaction(async (trx) => {
        const troubled = await repo.findJob(trx, jobId);
        if (!troubled || (await repo.alreadyNotified(trx, kind, jobId))) return;
        const admins = await repo.activeSystemAdmins(trx);
        // 緊急: a stopped chain is as pressing as the emergency it was for (e-mail at once, even in quiet hours).
        await notifications.notifyMany(trx, run.context, [
          {
            userIds: admins,
            kind,
            personId: null,
            priority: 'emergency',
            payload: { jobId, queue: troubled.queue },
          },
        ]);
        await recordAudit(trx, run.context, {
          action: 'job.alert',
          targetType: 'job',
          targetId: jobId,
          details: { queue: troubled.queue, reason, notified: admins.length },
        });
      });
    },
  });

  return {
    /** GET /api/admin/jobs/status: counts per queue and state, and the failed and overdue jobs. */
    async status(ctx: RequestContext): Promise<JobStatusReport> {
      await requireAbility(db, ctx, 'job.status');
      const [counts, troubled] = await Promise.all([
        repo.countsByQueueAndState(db),
        repo.troubledJobs(db, TROUBLED_LIMIT),
      ]);
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      return {
        generatedAt: clock.now().toISOString(),
        counts: counts.map((c) => ({ queue: c.queue, state: c.state, count: Number(c.count) })),
        troubled: troubled.map((j) => ({
          id: j.id,
          queue: j.queue,
          key: j.key,
          state: j.state === 'overdue' ? 'overdue' : 'failed',
          attempts: j.attempts,
          maxAttempts: j.maxAttempts,
          lastError: j.lastError,
          createdAt: j.createdAt.toISOString(),
          runAt: j.runAt.toISOString(),
          startedAt: iso(j.startedAt),
          finishedAt: iso(j.finishedAt),
          overdueAt: iso(j.overdueAt),
        })),
      };
    },
  };
}

export type JobStatusService = ReturnType<typeof createJobStatusService>;
