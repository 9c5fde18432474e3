import { sql } from 'kysely';
import type { JobStatusReport } from '@tsunagu/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { waitUntil } from '../../../test/wait-until.ts';
import { JOB_ALERT_QUEUE, JobQueue } from '../../platform/jobs/job-queue.ts';

let t: TestApp;
let smtp: SmtpCapture;
let admin: TestUser;
let otherAdmin: TestUser;
let orgAdmin: TestUser;
let staff: TestUser;
const extraQueues: JobQueue[] = [];

beforeEach(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  t = await createTestApp({
    config: { TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_PUBLIC_URL: 'https://tsunagu.example.jp' },
  });
  t.clock.set('2026-12-08T02:30:00+09:00');
  const db = t.database.db;
  const office = await createOrganisation(db, { name: '相談支援事業所ひだまり' });
  admin = await createUser(db, { organisationId: null, isSystemAdmin: true });
  otherAdmin = await createUser(db, { organisationId: null, isSystemAdmin: true });
  const retired = await createUser(db, { organisationId: null, isSystemAdmin: true });
  await db.updateTable('users').set({ disabledAt: t.clock.now() }).where('id', '=', retired.id).execute();
  orgAdmin = await createUser(db, { organisationId: office, role: 'org_admin' });
  staff = await createUser(db, { organisationId: office });
  // A watched queue whose jobs fail for good at once, and one nobody watches.
  const failing = async () => {
    throw new Error('gateway down');
  };
  t.deps.jobs.register('probe', { purpose: 'probe', maxAttempts: 1, watched: true, handler: failing });
  t.deps.jobs.register('quiet', { purpose: 'quiet', maxAttempts: 1, handler: failing });
});

afterEach(async () => {
  for (const q of extraQueues.splice(0)) await q.stop();
  await t.close();
  await smtp.stop();
});

const notificationsOf = async (user: TestUser) =>
  (await (await signIn(t.app, user, t.clock)).get('/api/notifications')).json<{
    notifications: { kind: string; priority: string; message: string; params: Record<string, unknown> }[];
  }>().notifications;

describe('failure notices', () => {
  it('tells every active system admin at once, in the app and by e-mail without the job’s details, once per job', async () => {
    await t.deps.jobs.enqueueMany(t.database.db, [
      { queue: 'probe', key: 'probe:step-1', payload: {} },
      { queue: 'quiet', key: 'quiet:digest-1', payload: {} },
    ]);
    await t.deps.jobs.runDue(); // both fail for good; only the watched one enqueues a notice
    const failed = await t.database.db
      .selectFrom('jobs')
      .select(['id', 'key', 'status'])
      .where('queue', 'in', ['probe', 'quiet'])
      .orderBy('key')
      .execute();
    expect(failed.map((j) => j.status)).toEqual(['failed', 'failed']);
    const notice = await t.database.db
      .selectFrom('jobs')
      .select(['key'])
      .where('queue', '=', JOB_ALERT_QUEUE)
      .execute();
    expect(notice).toEqual([{ key: `job-alert:${failed[0]!.id}:failed` }]);

    await t.deps.jobs.runDue(); // the notice
    await t.deps.jobs.runDue(); // its e-mails
    for (const user of [admin, otherAdmin]) {
      const mine = (await notificationsOf(user)).filter((n) => n.kind === 'job_failed');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        priority: 'emergency',
        params: { queue: 'probe', jobId: failed[0]!.id },
      });
      expect(mine[0]!.message).toContain('バックグラウンド処理');
      const mail = await smtp.waitFor((m) => m.to.includes(user.email));
      expect(mail.subject).toBe('【緊急】つなぐ: 新しいお知らせがあります');
      expect(mail.text).not.toContain('probe');
      expect(mail.text).not.toContain('gateway down');
    }
    expect(smtp.received).toHaveLength(2); // not the disabled admin, nobody else
    for (const user of [orgAdmin, staff])
      expect((await notificationsOf(user)).filter((n) => n.kind.startsWith('job_'))).toEqual([]);
    expect(await auditRows(t.database.db, 'job.alert')).toMatchObject([
      {
        targetType: 'job',
        targetId: failed[0]!.id,
        details: { queue: 'probe', reason: 'failed', notified: 2 },
      },
    ]);

    // The notice runs again after a crash between its commit and its "done": no second notification.
    await sql`update jobs set status = 'queued', attempts = 0 where queue = ${JOB_ALERT_QUEUE}`.execute(
      t.database.db,
    );
    await t.deps.jobs.runDue();
    expect((await notificationsOf(admin)).filter((n) => n.kind === 'job_failed')).toHaveLength(1);
  });
});

describe('GET /api/admin/jobs/status', () => {
  it('shows a system admin the jobs per queue and state, and the failed and overdue ones with their last error', async () => {
    await t.deps.jobs.enqueue(t.database.db, { queue: 'probe', key: 'probe:step-2', payload: {} });
    await t.deps.jobs.runDue();
    // A second worker on the same database, whose run hangs past its timeout and grace.
    const hanging = new JobQueue({
      db: t.database.db,
      clock: t.clock,
      workerId: 'hanging',
      graceMs: 50,
      stopWaitMs: 50,
      pollMs: 50,
    });
    extraQueues.push(hanging);
    hanging.register('stuck', { purpose: 'stuck', timeoutMs: 50, handler: () => new Promise(() => {}) });
    await hanging.enqueue(t.database.db, { queue: 'stuck', key: 'stuck:1', payload: {} });
    await hanging.enqueue(t.database.db, {
      queue: 'stuck',
      key: 'stuck:2',
      payload: {},
      runAt: new Date('2026-12-09'),
    });
    await hanging.start();
    await waitUntil(
      async () =>
        (
          await t.database.db
            .selectFrom('jobs')
            .select('overdueAt')
            .where('key', '=', 'stuck:1')
            .executeTakeFirstOrThrow()
        ).overdueAt !== null,
      10_000,
      'stuck:1 overdue',
    );

    const response = await (await signIn(t.app, admin, t.clock)).get('/api/admin/jobs/status');
    expect(response.statusCode).toBe(200);
    const report = response.json<JobStatusReport>();
    expect(report.counts).toEqual(
      expect.arrayContaining([
        { queue: 'probe', state: 'failed', count: 1 },
        { queue: 'stuck', state: 'overdue', count: 1 },
        { queue: 'stuck', state: 'queued', count: 1 },
        { queue: JOB_ALERT_QUEUE, state: 'queued', count: 1 },
      ]),
    );
    expect(report.troubled.map((j) => [j.key, j.state])).toEqual([
      ['stuck:1', 'overdue'],
      ['probe:step-2', 'failed'],
    ]);
    expect(report.troubled[1]).toMatchObject({
      queue: 'probe',
      attempts: 1,
      maxAttempts: 1,
      lastError: 'gateway down',
      finishedAt: '2026-12-07T17:30:00.000Z',
      overdueAt: null,
    });
    expect(report.troubled[0]).toMatchObject({ queue: 'stuck', attempts: 1, finishedAt: null });
    expect(report.troubled[0]!.overdueAt).not.toBeNull();
  });

  it('answers 403 to an organisation admin and to staff (audited), 401 without a session; /api/health stays 200', async () => {
    await t.deps.jobs.enqueue(t.database.db, { queue: 'probe', key: 'probe:step-3', payload: {} });
    await t.deps.jobs.runDue();
    for (const user of [orgAdmin, staff]) {
      const denied = await (await signIn(t.app, user, t.clock)).get('/api/admin/jobs/status');
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await auditRows(t.database.db, 'job.status')).map((r) => [r.actorUserId, r.outcome])).toEqual([
      [orgAdmin.id, 'denied'],
      [staff.id, 'denied'],
    ]);
    const anonymous = new Agent(t.app);
    expect((await anonymous.get('/api/admin/jobs/status')).statusCode).toBe(401);
    const health = await anonymous.get('/api/health');
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok' }]);
  });
});
