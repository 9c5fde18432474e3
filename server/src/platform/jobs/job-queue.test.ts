import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { ManualClock, systemClock } from '../clock.ts';
import { EventBus } from '../live/event-bus.ts';
import { JobQueue, JOBS_CHANNEL, type Job } from './job-queue.ts';

let database: TestDatabase;
let clock: ManualClock;
const queues: JobQueue[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  clock = new ManualClock('2026-11-27T21:30:00+09:00');
});
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop();
  await database.close();
});

function queue(
  workerId: string,
  handler: (job: Job) => Promise<void>,
  options: { leaseMs?: number; batchSize?: number; pollMs?: number; clock?: typeof systemClock } = {},
): JobQueue {
  const q = new JobQueue({ db: database.db, clock, workerId, ...options });
  q.register('test', { purpose: 'test', handler, maxAttempts: 3, backoffMs: (n) => n * 60_000 });
  queues.push(q);
  return q;
}

describe('the durable job queue', () => {
  it('runs a job when it falls due on the injected clock, and each key only once', async () => {
    const ran: string[] = [];
    const q = queue('w1', async (job) => void ran.push(String(job.payload.step)));
    expect(
      await q.enqueue(database.db, {
        queue: 'test',
        key: 'escalate:1',
        payload: { step: 1 },
        runAt: new Date('2026-11-27T21:40:00+09:00'),
      }),
    ).toBe(true);
    expect(await q.enqueue(database.db, { queue: 'test', key: 'escalate:1', payload: { step: 1 } })).toBe(
      false,
    );
    expect(await q.runDue()).toBe(0);
    clock.advanceMinutes(10);
    expect(await q.runDue()).toBe(1);
    expect(ran).toEqual(['1']);
    expect(await q.runDue()).toBe(0);
  });

  it('claims many due jobs per round: 200 due jobs all run in one call, not one per poll', async () => {
    let count = 0;
    const q = queue('w1', async () => void count++, { batchSize: 50 });
    for (let i = 0; i < 200; i++)
      await q.enqueue(database.db, { queue: 'test', key: `bulk:${i}`, payload: {} });
    expect(await q.runDue()).toBe(200);
    expect(count).toBe(200);
  });

  it('retries a failing job with backoff, then gives up and keeps the error', async () => {
    let attempts = 0;
    const q = queue('w1', async () => {
      attempts++;
      throw new Error('gateway down');
    });
    await q.enqueue(database.db, { queue: 'test', key: 'flaky', payload: {} });
    await q.runDue();
    clock.advanceMinutes(1);
    await q.runDue();
    clock.advanceMinutes(2);
    await q.runDue();
    clock.advanceMinutes(60);
    await q.runDue();
    expect(attempts).toBe(3);
    const row = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('key', '=', 'flaky')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'gateway down' });
  });

  it('takes back its own running jobs when the same worker restarts, but never a live sibling’s', async () => {
    const q = queue('w1', async () => {});
    await q.enqueue(database.db, { queue: 'test', key: 'held', payload: {} });
    // A previous life of w1 claimed the job and died; sibling w2 holds another with a fresh lease.
    await sql`update jobs set status = 'running', locked_by = 'w1', lease_expires_at = clock_timestamp() + interval '1 hour' where key = 'held'`.execute(
      database.db,
    );
    await q.enqueue(database.db, { queue: 'test', key: 'sibling', payload: {} });
    await sql`update jobs set status = 'running', locked_by = 'w2', lease_expires_at = clock_timestamp() + interval '1 hour' where key = 'sibling'`.execute(
      database.db,
    );
    const restarted = queue('w1', async () => {});
    await restarted.start();
    await restarted.stop();
    await restarted.runDue();
    const rows = await database.db
      .selectFrom('jobs')
      .select(['key', 'status', 'lockedBy'])
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'held', status: 'done', lockedBy: 'w1' },
      { key: 'sibling', status: 'running', lockedBy: 'w2' },
    ]);
  });

  it('runs the due jobs of a queue that takes them together in sets of its size, each job once', async () => {
    const sets: string[][] = [];
    const q = queue('w1', async () => {
      throw new Error('a set queue runs its jobs alone only when a set fails');
    });
    q.register('steps', {
      purpose: 'steps',
      handler: async () => {
        throw new Error('not alone');
      },
      together: { size: 200, handler: async (jobs) => void sets.push(jobs.map((j) => j.key)) },
    });
    await q.enqueueMany(
      database.db,
      Array.from({ length: 450 }, (_, i) => ({ queue: 'steps', key: `step:${i}`, payload: { i } })),
    );
    while ((await q.runDue()) > 0);
    expect(sets.map((s) => s.length)).toEqual([200, 200, 50]);
    expect(new Set(sets.flat()).size).toBe(450);
    const done = await database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'done')
      .executeTakeFirstOrThrow();
    expect(Number(done.n)).toBe(450);
  });

  it('enqueues many jobs in one statement, each key once, and says which were new', async () => {
    const q = queue('w1', async () => {});
    await q.enqueue(database.db, { queue: 'test', key: 'k:1', payload: {} });
    const created = await q.enqueueMany(database.db, [
      { queue: 'test', key: 'k:1', payload: {} },
      { queue: 'test', key: 'k:2', payload: { text: '「夜」は\\"不安"' } },
      { queue: 'test', key: 'k:2', payload: {} },
    ]);
    expect(created).toEqual(new Set(['k:2']));
    const row = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('key', '=', 'k:2')
      .executeTakeFirstOrThrow();
    expect(row.payload).toEqual({ text: '「夜」は\\"不安"' });
  });

  it('takes over a job whose holder stopped renewing its lease', async () => {
    const ran: string[] = [];
    const q = queue('w3', async (job) => void ran.push(job.key));
    await q.enqueue(database.db, { queue: 'test', key: 'orphan', payload: {} });
    await sql`update jobs set status = 'running', locked_by = 'dead-worker', lease_expires_at = clock_timestamp() - interval '1 second' where key = 'orphan'`.execute(
      database.db,
    );
    expect(await q.runDue()).toBe(1);
    expect(ran).toEqual(['orphan']);
  });
});

/**
 * The background worker as the server runs it: woken by NOTIFY when a job is enqueued, by a timer
 * when the next job falls due, and never by polling alone (the poll interval here is a minute, so
 * anything that only polling would find does not run within these tests).
 */
describe('the background worker', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  async function startWorker(handler: (job: Job) => Promise<void>): Promise<JobQueue> {
    const q = queue('bg', handler, { pollMs: 60_000, clock: systemClock });
    const bus = new EventBus(database, systemClock);
    bus.on(JOBS_CHANNEL, () => q.wake());
    await bus.start();
    await q.start();
    stops.push(async () => {
      await q.stop();
      await bus.stop();
    });
    return q;
  }

  function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const started = Date.now();
      const check = () => {
        if (done()) return resolve(true);
        if (Date.now() - started > timeoutMs) return resolve(false);
        setTimeout(check, 10);
      };
      check();
    });
  }

  it('runs all of 200 jobs enqueued one by one, woken by NOTIFY: no job waits for a poll (the polling trap)', async () => {
    const ran = new Set<string>();
    const q = await startWorker(async (job) => void ran.add(job.key));
    for (let i = 0; i < 200; i++) await q.enqueue(database.db, { queue: 'test', key: `n:${i}`, payload: {} });
    expect(await waitUntil(() => ran.size === 200, 15_000)).toBe(true);
  });

  it('wakes for a job scheduled ahead when it falls due, without a poll', async () => {
    const ran: number[] = [];
    const q = await startWorker(async () => void ran.push(Date.now()));
    const dueAt = Date.now() + 400;
    await q.enqueue(database.db, { queue: 'test', key: 'later', payload: {}, runAt: new Date(dueAt) });
    expect(await waitUntil(() => ran.length === 1, 10_000)).toBe(true);
    expect(ran[0]!).toBeGreaterThanOrEqual(dueAt);
  });

  it('runs one set at a time of a queue that takes its jobs together, and other jobs alongside it', async () => {
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    const sets: number[] = [];
    const ran: string[] = [];
    const q = await startWorker(async (job) => void ran.push(job.key));
    q.register('steps', {
      purpose: 'steps',
      handler: async () => {},
      together: {
        size: 3,
        handler: async (jobs) => {
          most = Math.max(most, ++running);
          if (sets.length === 0) await blocked;
          sets.push(jobs.length);
          running--;
        },
      },
    });
    await q.enqueueMany(
      database.db,
      Array.from({ length: 7 }, (_, i) => ({ queue: 'steps', key: `s:${i}`, payload: {} })),
    );
    q.wake();
    await q.enqueue(database.db, { queue: 'test', key: 'webhook', payload: {} });
    expect(await waitUntil(() => ran.includes('webhook'), 10_000)).toBe(true);
    expect(sets).toEqual([]);
    release();
    expect(await waitUntil(() => sets.reduce((a, b) => a + b, 0) === 7, 10_000)).toBe(true);
    expect(most).toBe(1);
    expect(sets).toEqual([3, 3, 1]);
  });

  it('keeps running due jobs while one waits on a slow network call', async () => {
    const ran: string[] = [];
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const q = await startWorker(async (job) => {
      if (job.key === 'slow') await blocked;
      ran.push(job.key);
    });
    await q.enqueue(database.db, { queue: 'test', key: 'slow', payload: {} });
    for (let i = 0; i < 5; i++)
      await q.enqueue(database.db, { queue: 'test', key: `quick:${i}`, payload: {} });
    expect(await waitUntil(() => ran.length === 5, 10_000)).toBe(true);
    expect(ran).not.toContain('slow');
    release();
    expect(await waitUntil(() => ran.length === 6, 10_000)).toBe(true);
  });
});
