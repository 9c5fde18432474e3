import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { pause, waitUntil } from '../../../test/wait-until.ts';
import { ManualClock } from '../clock.ts';
import { HOUSEKEEPING_QUEUE, pruneJobs, registerHousekeeping, scheduleHousekeeping } from './housekeeping.ts';
import {
  JOB_ALERT_QUEUE,
  JobQueue,
  type Job,
  type JobQueueOptions,
  type QueueDefinition,
} from './job-queue.ts';
import { JobTimeout } from './job-run.ts';
import { INTERRUPTED } from './job-statements.ts';

/**
 * The rules that keep the queue from looping, hanging unseen or losing its duplicate guard, on
 * the real database. A crash is played here by a worker whose handler never settles and a new
 * worker of the same id; job-queue-child.test.ts kills real server processes.
 */
let database: TestDatabase;
let clock: ManualClock;
const queues: JobQueue[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  clock = new ManualClock('2026-12-08T22:00:00+09:00');
});
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop();
  await database.close();
});

/** A probe queue's definition: `worker` gives it its purpose. */
type ProbeDefinition = Omit<QueueDefinition, 'purpose'>;

function worker(workerId: string, definition: ProbeDefinition, options: Partial<JobQueueOptions> = {}) {
  const q = new JobQueue({ db: database.db, clock, workerId, stopWaitMs: 50, pollMs: 50, ...options });
  q.register('probe', { purpose: 'probe', maxAttempts: 2, backoffMs: () => 0, watched: true, ...definition });
  queues.push(q);
  return q;
}

const never = () => new Promise<void>(() => {});
const row = (key: string) =>
  database.db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
const notices = () =>
  database.db
    .selectFrom('jobs')
    .select(['key', 'payload'])
    .where('queue', '=', JOB_ALERT_QUEUE)
    .orderBy('key')
    .execute();
const hold = (key: string, workerId: string, attempts: number, lease: string) =>
  sql`update jobs set status = 'running', locked_by = ${workerId}, attempts = ${attempts},
    lease_expires_at = clock_timestamp() + ${lease}::interval where key = ${key}`.execute(database.db);

describe('the attempt limit', () => {
  it('fails a job at its limit whose holder died, instead of claiming it again, and enqueues its notice', async () => {
    const ran: string[] = [];
    const q = worker('w2', { handler: async (job) => void ran.push(job.key) });
    await q.enqueue(database.db, { queue: 'probe', key: 'poison', payload: {} });
    await q.enqueue(database.db, { queue: 'probe', key: 'healthy', payload: {} });
    await hold('poison', 'dead-worker', 2, '-1 second');
    await hold('healthy', 'dead-worker', 1, '-1 second');
    expect(await q.runDue()).toBe(1);
    expect(ran).toEqual(['healthy']);
    const poison = await row('poison');
    expect(poison).toMatchObject({ status: 'failed', attempts: 2, lastError: INTERRUPTED });
    expect(poison.finishedAt).toEqual(clock.now());
    expect(await notices()).toEqual([
      { key: `job-alert:${poison.id}:failed`, payload: { jobId: poison.id, reason: 'failed' } },
    ]);
  });

  it('fails its own job at the limit when the same worker restarts, and queues the others after their backoff', async () => {
    const ran: string[] = [];
    const definition: ProbeDefinition = {
      backoffMs: (n) => n * 60_000,
      handler: async (j) => void ran.push(j.key),
    };
    const q = worker('w1', definition);
    await q.enqueue(database.db, { queue: 'probe', key: 'spent', payload: {} });
    await q.enqueue(database.db, { queue: 'probe', key: 'once', payload: {} });
    await hold('spent', 'w1', 2, '1 hour');
    await hold('once', 'w1', 1, '1 hour');
    const restarted = worker('w1', definition);
    await restarted.start();
    await restarted.stop();
    expect(await row('spent')).toMatchObject({ status: 'failed', attempts: 2, lastError: INTERRUPTED });
    expect(await row('once')).toMatchObject({ status: 'queued', attempts: 1, lockedBy: null });
    expect(await restarted.runDue()).toBe(0);
    clock.advanceMinutes(1);
    expect(await restarted.runDue()).toBe(1);
    expect(ran).toEqual(['once']);
    expect((await notices()).map((n) => n.key)).toEqual([`job-alert:${(await row('spent')).id}:failed`]);
  });

  it('runs the jobs of an interrupted set alone, fewest attempts first: the job that kills its process fails alone at its limit', async () => {
    const started: string[] = [];
    const done: string[] = [];
    const perform = async (job: Job) => {
      started.push(job.key);
      if (job.key === 'step:poison') return never(); // as if it took its process down
      done.push(job.key);
    };
    const steps: ProbeDefinition = {
      handler: perform,
      together: {
        size: 10,
        handler: async (jobs) => {
          for (const job of jobs) await perform(job);
        },
      },
    };
    const first = worker('w', steps);
    await first.enqueueMany(
      database.db,
      ['step:a', 'step:poison', 'step:c'].map((key) => ({ queue: 'probe', key, payload: {} })),
    );
    await first.start();
    await waitUntil(() => started.includes('step:poison'), 10_000, 'the set reached the poison');
    await first.stop();
    expect((await row('step:c')).status).toBe('running');

    // Second life: each job alone; a runs, then the poison takes this life down too.
    const second = worker('w', steps);
    await second.start();
    await waitUntil(() => started.filter((k) => k === 'step:poison').length === 2, 10_000, 'second poison');
    await second.stop();
    expect(done).toEqual(['step:a', 'step:a']);
    expect(await row('step:a')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await row('step:c')).toMatchObject({ status: 'queued', attempts: 1 });

    // Third life: the poison is at its limit and fails without running; c runs.
    const third = worker('w', steps);
    await third.start();
    await waitUntil(async () => (await row('step:c')).status === 'done', 10_000, 'c done');
    expect(started.filter((k) => k === 'step:poison')).toHaveLength(2);
    expect(await row('step:poison')).toMatchObject({ status: 'failed', attempts: 2, lastError: INTERRUPTED });
    expect(await row('step:c')).toMatchObject({ status: 'done', attempts: 2 });
    expect((await notices()).map((n) => n.key)).toEqual([
      `job-alert:${(await row('step:poison')).id}:failed`,
    ]);
  });
});

describe('timeouts', () => {
  it('keeps the lease of a run that ignores its signal, marks it overdue and told, never runs it beside itself, and frees it at its worker’s restart', async () => {
    let runs = 0;
    let abortedWith: unknown = null;
    const hang: ProbeDefinition = {
      timeoutMs: 150,
      handler: async (_job, run) => {
        runs++;
        if (runs > 1) return;
        run.signal.addEventListener('abort', () => (abortedWith = run.signal.reason));
        return never();
      },
    };
    const timing = { leaseMs: 300, heartbeatMs: 50, graceMs: 150 };
    const holder = worker('holder', hang, timing);
    const sibling = worker('sibling', hang, timing);
    await holder.enqueue(database.db, { queue: 'probe', key: 'hung', payload: {} });
    await holder.start();
    await waitUntil(async () => (await row('hung')).overdueAt !== null, 10_000, 'overdue');
    expect(abortedWith).toBeInstanceOf(JobTimeout);
    // Well past three lease lengths, the run still holds its job: the sibling takes nothing.
    for (let i = 0; i < 6; i++) {
      expect(await sibling.runDue()).toBe(0);
      await pause(200);
    }
    expect(runs).toBe(1);
    const hung = await row('hung');
    expect(hung).toMatchObject({ status: 'running', lockedBy: 'holder', attempts: 1 });
    expect(await notices()).toEqual([
      { key: `job-alert:${hung.id}:overdue`, payload: { jobId: hung.id, reason: 'overdue' } },
    ]);

    await holder.stop(); // returns though the handler never settles
    const restarted = worker('holder', hang, timing);
    await restarted.start();
    await waitUntil(async () => (await row('hung')).status === 'done', 10_000, 'done after restart');
    expect(runs).toBe(2);
    expect(await row('hung')).toMatchObject({ attempts: 2, overdueAt: null, lastError: null });
  });

  it('fails a run that honours its signal at the timeout, and retries it after its backoff', async () => {
    const q = worker('w', {
      timeoutMs: 100,
      backoffMs: () => 60_000,
      handler: async (_job, run) => {
        await new Promise((resolve) => run.signal.addEventListener('abort', resolve));
        run.signal.throwIfAborted();
      },
    });
    await q.enqueue(database.db, { queue: 'probe', key: 'slow', payload: {} });
    await q.runDue();
    const slow = await row('slow');
    expect(slow).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'the job did not finish within 100 ms',
    });
    expect(slow.runAt).toEqual(new Date(clock.now().getTime() + 60_000));
  });

  it('rolls back a run’s transaction once its signal fired: no statement starts after it, nothing commits late', async () => {
    const write = (key: string) =>
      sql`insert into job_keys (key, created_at) values (${key}, ${clock.now()})`;
    const q = worker('w', {
      timeoutMs: 100,
      backoffMs: () => 60_000,
      handler: (job, run) =>
        run.transaction(async (trx) => {
          await write(`${job.key}:before`).execute(trx);
          await new Promise((resolve) => run.signal.addEventListener('abort', resolve));
          if (job.key === 'late-statement') await write(`${job.key}:after`).execute(trx);
        }),
    });
    await q.enqueueMany(database.db, [
      { queue: 'probe', key: 'late-statement', payload: {} },
      { queue: 'probe', key: 'late-commit', payload: {} },
    ]);
    await q.runDue();
    const written = await database.db
      .selectFrom('jobKeys')
      .select('key')
      .where('key', 'like', 'late-%:%')
      .execute();
    expect(written).toEqual([]);
    for (const key of ['late-statement', 'late-commit'])
      expect(await row(key)).toMatchObject({
        status: 'queued',
        lastError: 'the job did not finish within 100 ms',
      });
  });
});

describe('retention', () => {
  it('prunes jobs done a week ago and failed a month ago, and a pruned key still enqueues nothing', async () => {
    let runs = 0;
    const q = worker('w', {
      maxAttempts: 1,
      handler: async (job) => {
        runs++;
        if (job.payload.fail) throw new Error('gateway down');
      },
    });
    await q.enqueue(database.db, { queue: 'probe', key: 'sent', payload: {} });
    await q.enqueue(database.db, { queue: 'probe', key: 'broken', payload: { fail: true } });
    expect(await q.runDue()).toBe(2);
    const keys = async () =>
      (
        await database.db
          .selectFrom('jobs')
          .select('key')
          .where('queue', '=', 'probe')
          .orderBy('key')
          .execute()
      ).map((r) => r.key);
    const prune = () => pruneJobs(database.db, clock.now(), new AbortController().signal);

    clock.advance(7 * 86_400_000 - 60_000);
    expect(await prune()).toBe(0);
    clock.advanceMinutes(2);
    expect(await prune()).toBe(1);
    expect(await keys()).toEqual(['broken']);
    expect(await q.enqueue(database.db, { queue: 'probe', key: 'sent', payload: {} })).toBe(false);
    expect(await q.runDue()).toBe(0);

    clock.advance(23 * 86_400_000);
    expect(await prune()).toBe(1);
    expect(await keys()).toEqual([]);
    expect(await q.enqueue(database.db, { queue: 'probe', key: 'broken', payload: {} })).toBe(false);
    expect(await q.enqueue(database.db, { queue: 'probe', key: 'new', payload: {} })).toBe(true);
    expect(await q.runDue()).toBe(1);
    expect(runs).toBe(3);
  });

  it('prunes as a periodic job: one run per hour whoever enqueues it, each enqueueing the next hour’s', async () => {
    const q = worker('w', { handler: async () => {} });
    registerHousekeeping(q, database.db, clock);
    await scheduleHousekeeping(q, database.db, clock.now());
    clock.advanceMinutes(10);
    await scheduleHousekeeping(q, database.db, clock.now());
    expect(await q.runDue()).toBe(1);
    const runs = await database.db
      .selectFrom('jobs')
      .select(['key', 'status', 'runAt'])
      .where('queue', '=', HOUSEKEEPING_QUEUE)
      .orderBy('key')
      .execute();
    expect(runs).toEqual([
      { key: 'housekeeping:2026-12-08T13', status: 'done', runAt: new Date('2026-12-08T13:00:00Z') },
      { key: 'housekeeping:2026-12-08T14', status: 'queued', runAt: new Date('2026-12-08T14:00:00Z') },
    ]);
  });
});
