import type { JobStatusReport } from '@tsunagu/contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  runCli,
  serveUntilExit,
  signInChild,
  startChildServer,
  type ChildServer,
  type HttpAgent,
} from '../../../test/child-server.ts';
import { prepareJobWorld, type JobWorld } from '../../../test/job-world.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { openStream, type TestStream } from '../../../test/sse-client.ts';
import { testEngine } from '../../../test/test-database.ts';
import { pause, waitUntil } from '../../../test/wait-until.ts';
import { ManualClock } from '../clock.ts';
import { EventBus } from '../live/event-bus.ts';
import { INTERRUPTED } from './job-statements.ts';
import { TEST_QUEUE, TEST_SET_QUEUE } from './test-jobs.ts';

/**
 * The job queue in real server processes (`tsunagu serve` with TSUNAGU_TEST_JOBS=1, on the engine
 * under test): a job that kills its server, a run that hangs ignoring its signal, pruning, and what
 * the system administrators are told. Children run on the real clock, with the test timing of
 * platform/jobs/test-jobs.ts (leases of 2 s, a timeout of 1 s and a grace of 1 s).
 */
const DAY_MS = 86_400_000;
const smtp = new SmtpCapture();
const children: ChildServer[] = [];
const streams: TestStream[] = [];
const worlds: JobWorld[] = [];

beforeAll(async () => {
  await smtp.start();
});
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const c of children.splice(0)) await c.kill('SIGKILL');
});
afterAll(async () => {
  await smtp.stop();
  for (const w of worlds.splice(0)) await w.dispose();
});

async function world(): Promise<JobWorld> {
  const w = await prepareJobWorld();
  worlds.push(w);
  return w;
}

async function start(env: Record<string, string>): Promise<ChildServer> {
  const child = await startChildServer(env);
  children.push(child);
  return child;
}

async function noticesOf(agent: HttpAgent): Promise<string[]> {
  const r = await agent.request('GET', '/api/notifications');
  return (r.json() as { notifications: { kind: string }[] }).notifications.map((n) => n.kind);
}

async function statusOf(agent: HttpAgent): Promise<JobStatusReport> {
  const r = await agent.request('GET', '/api/admin/jobs/status');
  expect(r.status, r.text).toBe(200);
  return r.json() as JobStatusReport;
}

const countOf = (report: JobStatusReport, queue: string, state: string) =>
  report.counts.find((c) => c.queue === queue && c.state === state)?.count ?? 0;

describe(`the job queue in a real server (${testEngine})`, () => {
  it('breaks a crash loop at the attempt limit: the job that kills its server fails alone, its set goes on, the admins are told', async () => {
    const w = await world();
    await w.enqueue(
      ['set:a', 'set:crash', 'set:c', 'set:d'].map((key) => ({
        queue: TEST_SET_QUEUE,
        key,
        payload: { behaviour: key === 'set:crash' ? 'crash' : 'ok' },
        maxAttempts: 2,
      })),
    );
    const env = { ...w.env, TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_WORKER_ID: 'crash-loop' };
    // The first life dies in the set, the second with the job run alone (its second attempt).
    for (let life = 1; life <= 2; life++) {
      const ended = await serveUntilExit(env);
      expect(ended.signal, ended.output).toBe('SIGKILL');
    }
    const third = await start(env);
    const admin = await signInChild(third.url, w.admin);
    await waitUntil(
      async () => (await noticesOf(admin)).includes('job_failed'),
      30_000,
      'the failure notice',
    );
    await waitUntil(
      async () => countOf(await statusOf(admin), TEST_SET_QUEUE, 'done') === 3,
      30_000,
      'the rest of the set',
    );

    const report = await statusOf(admin);
    expect(report.troubled).toEqual([
      expect.objectContaining({
        queue: TEST_SET_QUEUE,
        key: 'set:crash',
        state: 'failed',
        attempts: 2,
        maxAttempts: 2,
        lastError: INTERRUPTED,
      }),
    ]);
    const mail = await smtp.waitFor((m) => m.to.includes(w.admin.email), 30_000);
    expect(mail.subject).toBe('【緊急】つなぐ: 新しいお知らせがあります');
    expect(mail.text).not.toContain('set:crash');
    expect((await admin.request('GET', '/api/health')).status).toBe(200);

    const log = w.log();
    const crashes = log.filter((l) => l.event === 'start' && l.key === 'set:crash');
    expect(crashes.map((l) => l.attempts)).toEqual([1, 2]);
    expect(new Set(crashes.map((l) => l.pid)).size).toBe(2);
    // a ran in the first life's set (never committed) and alone in the second; c and d only in the third.
    expect(log.filter((l) => l.event === 'done').map((l) => `${l.key}@${l.attempts}`)).toEqual([
      'set:a@1',
      'set:a@2',
      'set:c@2',
      'set:d@2',
    ]);
  }, 180_000);

  it('keeps a hung run’s lease past its timeout: told as overdue, never run beside itself, freed when its server restarts', async () => {
    const w = await world();
    await w.enqueue([
      { queue: TEST_QUEUE, key: 'hang', payload: { behaviour: 'hang-once' }, maxAttempts: 2 },
    ]);
    const env = { ...w.env, TSUNAGU_WORKER_ID: 'hang-worker' };
    const first = await start(env);
    const admin = await signInChild(first.url, w.admin);
    await waitUntil(
      async () => (await noticesOf(admin)).includes('job_overdue'),
      30_000,
      'the overdue notice',
    );
    const overdue = expect.objectContaining({ key: 'hang', state: 'overdue', attempts: 1, finishedAt: null });
    expect((await statusOf(admin)).troubled).toEqual([overdue]);

    // On PostgreSQL a second server shares the database: it must not take the job either.
    const sibling =
      testEngine === 'postgres' ? await start({ ...w.env, TSUNAGU_WORKER_ID: 'sibling' }) : null;
    // Three lease lengths later: still the one run (a second would have counted an attempt).
    await pause(6_500);
    expect((await statusOf(admin)).troubled).toEqual([overdue]);
    expect(w.log().filter((l) => l.key === 'hang')).toEqual([
      { event: 'start', key: 'hang', pid: first.process.pid, attempts: 1 },
    ]);

    // A graceful stop does not wait for the hung handler for ever; the restart frees the job (the
    // sibling goes first: once the holder's heartbeat stops, any other worker may take it over).
    await sibling?.kill('SIGTERM');
    const stopping = Date.now();
    expect(await first.kill('SIGTERM')).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(15_000);
    const second = await start(env);
    await waitUntil(() => w.log().some((l) => l.event === 'done' && l.key === 'hang'), 30_000, 'the rerun');
    expect(w.log().filter((l) => l.key === 'hang' && l.event === 'start')).toEqual([
      { event: 'start', key: 'hang', pid: first.process.pid, attempts: 1 },
      { event: 'start', key: 'hang', pid: second.process.pid, attempts: 2 },
    ]);
    expect((await statusOf(await signInChild(second.url, w.admin))).troubled).toEqual([]);
  }, 180_000);

  it('prunes finished jobs and old live events but keeps the keys, and tells a stream resuming from before the prune to reload', async () => {
    const w = await world();
    const now = Date.now();
    const { oldEvent, recentEvent } = await w.use(async (db, database) => {
      const publish = (at: number) =>
        db.transaction().execute((trx) =>
          new EventBus(database, new ManualClock(new Date(at))).publish(trx, {
            kind: 'notification.created',
            payload: { priority: 'normal', userIds: [w.admin.id] },
          }),
        );
      return { oldEvent: await publish(now - 4 * DAY_MS), recentEvent: await publish(now) };
    });
    await w.enqueue(
      ['old-done', 'recent-done'].map((key) => ({ queue: TEST_QUEUE, key, payload: {}, maxAttempts: 2 })),
    );
    // A history: one job finished eight days ago (past the week of retention), one just now.
    await w.use(async (db) => {
      for (const [key, at] of [
        ['old-done', now - 8 * DAY_MS],
        ['recent-done', now],
      ] as const)
        await db
          .updateTable('jobs')
          .set({ status: 'done', finishedAt: new Date(at) })
          .where('key', '=', key)
          .execute();
    });

    // The first life prunes at its start (the hour's housekeeping job).
    const first = await start(w.env);
    const admin = await signInChild(first.url, w.admin);
    await waitUntil(
      async () => countOf(await statusOf(admin), 'housekeeping', 'done') === 1,
      30_000,
      'pruning',
    );
    const stale = openStream(`${first.url}/api/stream`, admin.cookieHeader(), String(BigInt(oldEvent) - 1n));
    const resumed = openStream(`${first.url}/api/stream`, admin.cookieHeader(), oldEvent);
    streams.push(stale, resumed);
    await Promise.all([stale.ready, resumed.ready]);
    expect(stale.events.map((e) => [e.event, e.id])).toEqual([['reset', recentEvent]]);
    expect(resumed.events.map((e) => [e.event, e.id])).toEqual([['notification.created', recentEvent]]);
    await first.kill('SIGTERM');

    const kept = await w.use(async (db) => ({
      jobs: (await db.selectFrom('jobs').select('key').where('queue', '=', TEST_QUEUE).execute()).map(
        (r) => r.key,
      ),
      keys: (
        await db.selectFrom('jobKeys').select('key').where('key', 'like', '%-done').orderBy('key').execute()
      ).map((r) => r.key),
    }));
    expect(kept).toEqual({ jobs: ['recent-done'], keys: ['old-done', 'recent-done'] });

    // The second life enqueues all three keys again: only the one never used is new.
    await w.enqueue([
      {
        queue: TEST_QUEUE,
        key: 're-enqueue',
        payload: { behaviour: 'enqueue', keys: ['old-done', 'recent-done', 'fresh'] },
        maxAttempts: 2,
      },
    ]);
    const second = await start(w.env);
    await waitUntil(() => w.log().some((l) => l.event === 'done' && l.key === 'fresh'), 30_000, 'fresh ran');
    await second.kill('SIGTERM');
    const log = w.log();
    expect(log.find((l) => l.event === 'enqueued')).toMatchObject({
      created: ['fresh'],
      present: ['recent-done'],
    });
    expect(log.filter((l) => l.event === 'start').map((l) => l.key)).toEqual(['re-enqueue', 'fresh']);
  }, 180_000);

  it('refuses the test queues in production', async () => {
    const refused = await runCli(['serve'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: (await world()).env.TSUNAGU_DATA_DIR!,
      TSUNAGU_TEST_JOBS: '1',
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('TSUNAGU_TEST_JOBS');
  });
});
