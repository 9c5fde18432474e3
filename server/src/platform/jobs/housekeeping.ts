import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { Clock } from '../clock.ts';
import { LIVE_EVENT_RETENTION_MS, pruneLiveEvents } from '../live/live-retention.ts';
import type { JobQueue } from './job-queue.ts';

export const HOUSEKEEPING_QUEUE = 'housekeeping';

/** Jobs done are kept a week (to look into what just happened), failed ones a month (the status page). */
export const DONE_JOB_RETENTION_MS = 7 * 86_400_000;
export const FAILED_JOB_RETENTION_MS = 30 * 86_400_000;

const BATCH = 5_000;
const HOUR_MS = 3_600_000;

/**
 * Deletes the rows of jobs done or failed longer ago than their retention, a batch per statement.
 * Their keys stay in `job_keys`, so pruning never lets a key be enqueued a second time.
 */
export async function pruneJobs(db: Kysely<Tables>, now: Date, signal: AbortSignal): Promise<number> {
  const doneBefore = new Date(now.getTime() - DONE_JOB_RETENTION_MS);
  const failedBefore = new Date(now.getTime() - FAILED_JOB_RETENTION_MS);
  let total = 0;
  for (;;) {
    signal.throwIfAborted();
    const result = await sql`delete from jobs where id in (
        select id from jobs
        where status in ('done', 'failed') and finished_at < ${doneBefore}
          and (status = 'done' or finished_at < ${failedBefore})
        limit ${BATCH})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

/** The hour's run of housekeeping: one per hour across every process (its key names the hour). */
function runOf(at: Date) {
  const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  return { key: `housekeeping:${hour.toISOString().slice(0, 13)}`, hour };
}

/**
 * Pruning as a periodic job: each run prunes, then enqueues the next hour's run.
 *
 * Its clock is the injected one. Pruning is housekeeping, not a business rule, but every time it
 * compares was written from that clock (`live_events.created_at`, `jobs.finished_at`), and the
 * retention is a promise made in it (a client away less than three days resumes without loss,
 * measured like the stream's replay). In production that clock is the system's; in tests a
 * ManualClock moves days ahead instead of a test waiting (decision 0007).
 */
export function registerHousekeeping(jobs: JobQueue, db: Kysely<Tables>, clock: Clock): void {
  jobs.register(HOUSEKEEPING_QUEUE, {
    purpose: '完了したジョブと古いライブ更新の整理',
    maxAttempts: 3,
    backoffMs: () => 5 * 60_000,
    timeoutMs: 5 * 60_000,
    async handler(_job, run) {
      const now = clock.now();
      await pruneJobs(db, now, run.signal);
      await pruneLiveEvents(db, new Date(now.getTime() - LIVE_EVENT_RETENTION_MS), now, run.signal);
      const next = runOf(new Date(now.getTime() + HOUR_MS));
      await jobs.enqueue(db, { queue: HOUSEKEEPING_QUEUE, key: next.key, payload: {}, runAt: next.hour });
    },
  });
}

/** Enqueues this hour's housekeeping (at server start: nothing if it ran this hour already). */
export async function scheduleHousekeeping(jobs: JobQueue, db: Kysely<Tables>, now: Date): Promise<void> {
  await jobs.enqueue(db, { queue: HOUSEKEEPING_QUEUE, key: runOf(now).key, payload: {}, runAt: now });
}
