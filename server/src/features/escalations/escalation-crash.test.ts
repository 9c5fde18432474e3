import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent, startChildServer, type ChildServer } from '../../../test/child-server.ts';
import { nextTotpCode, type TestUser } from '../../../test/factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { prepareNightChain, type NightChain } from '../../../test/night-chain.ts';
import { testEngine } from '../../../test/test-database.ts';
import { createPool, databaseFromPool, openDatabase } from '../../db/database.ts';
import { systemClock } from '../../platform/clock.ts';

/**
 * Durability of an escalation chain, in real time with a real child server: SIGKILL between
 * steps, start again, and the remaining steps fire at their times, once each; the SMS gateway
 * sees each step's delivery id once (or the same id again after a retry), never a step twice
 * under two ids.
 */
const ACK_SECONDS = 8;
const webhook = new HttpReceiver();
const children: ChildServer[] = [];
let chain: NightChain;

beforeAll(async () => {
  await webhook.start();
  chain = await prepareNightChain({ ackSeconds: ACK_SECONDS, webhookUrl: `${webhook.url}/sms` });
}, 120_000);

afterAll(async () => {
  for (const c of children) await c.kill('SIGKILL');
  await webhook.stop();
  await chain?.dispose();
});

async function signInChild(url: string, user: TestUser): Promise<HttpAgent> {
  const agent = new HttpAgent(url);
  const first = await agent.request('POST', '/api/auth/sign-in', {
    email: user.email,
    password: user.password,
  });
  expect(first.status, first.text).toBe(200);
  const second = await agent.request('POST', '/api/auth/totp', { code: nextTotpCode(user, systemClock) });
  expect(second.status, second.text).toBe(200);
  return agent;
}

async function start(): Promise<ChildServer> {
  const child = await startChildServer({ ...chain.env, TSUNAGU_WORKER_ID: 'crash-test-worker' });
  children.push(child);
  return child;
}

/** Reads the database the child servers ran on (after they are gone, for the embedded engine). */
async function inspect<T>(read: (db: ReturnType<typeof databaseFromPool>['db']) => Promise<T>): Promise<T> {
  const database = chain.env.DATABASE_URL
    ? databaseFromPool(createPool(chain.env.DATABASE_URL, 1))
    : await openDatabase({ databaseUrl: null, dataDir: chain.env.TSUNAGU_DATA_DIR! });
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (done()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(check, 50);
    };
    check();
  });
}

const stepsSeen = () =>
  webhook.received.map(
    (r) => JSON.parse(r.body.toString('utf8')) as { id: string; step: number; caseId: string },
  );

describe(`an escalation chain across a SIGKILL (${testEngine})`, () => {
  it('fires each remaining step once, at its time, after the server is killed between steps and started again', async () => {
    const first = await start();
    const groupHome = await signInChild(first.url, chain.groupHomeUser);
    const posted = await groupHome.request('POST', `/api/persons/${chain.personId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      callbackPhone: '090-0000-0999',
      body: '夜中に大声で叫んでいて、声をかけても返事がありません。',
    });
    expect(posted.status, posted.text).toBe(201);

    // Step 0 (the on-call primary) fires at once; kill the server before step 1 falls due.
    await waitUntil(() => stepsSeen().some((s) => s.step === 0), 10_000);
    expect(await first.kill('SIGKILL')).toBe(-1);
    const killedAt = Date.now();

    const second = await start();
    const restartedAt = Date.now();
    // Step 1 (backup) and step 2 (基幹) fire while it runs, then the chain is exhausted.
    await waitUntil(() => stepsSeen().some((s) => s.step === 2), ACK_SECONDS * 3 * 1000 + 10_000);
    await new Promise((r) => setTimeout(r, ACK_SECONDS * 1000 + 1500));
    await second.kill('SIGTERM');

    const { steps, notes, deliveries, status } = await inspect(async (db) => ({
      steps: await db
        .selectFrom('urgentSteps')
        .select(['position', 'dueAt', 'firedAt', 'recipientUserIds'])
        .orderBy('position')
        .execute(),
      notes: await db
        .selectFrom('notifications')
        .select(['userId', 'subjectId'])
        .where('kind', '=', 'urgent_case')
        .execute(),
      deliveries: await db.selectFrom('webhookDeliveries').select(['id', 'deliveredAt']).execute(),
      status: (await db.selectFrom('urgentCases').select('status').executeTakeFirstOrThrow()).status,
    }));

    expect(steps.map((s) => s.position)).toEqual([0, 1, 2]);
    expect(steps.map((s) => s.recipientUserIds)).toEqual([
      [chain.primary.id],
      [chain.backup.id],
      [chain.kikanUser.id],
    ]);
    expect(status).toBe('exhausted');
    // The kill fell between steps 0 and 1; each later step fired at its due time, or — when it fell
    // due while no server ran — within 2 s of the restarted server being up.
    expect(new Date(steps[0]!.firedAt).getTime()).toBeLessThan(killedAt);
    expect(new Date(steps[1]!.dueAt).getTime()).toBeGreaterThan(killedAt);
    for (const s of steps.slice(1)) {
      const due = new Date(s.dueAt).getTime();
      const fired = new Date(s.firedAt).getTime();
      expect(fired).toBeGreaterThanOrEqual(due);
      expect(fired - Math.max(due, restartedAt)).toBeLessThan(2_000);
    }
    // No effect twice: one notification per step and recipient, one delivery per step.
    expect(notes.map((n) => n.userId).sort()).toEqual(
      [chain.primary.id, chain.backup.id, chain.kikanUser.id].sort(),
    );
    expect(new Set(notes.map((n) => n.subjectId)).size).toBe(3);
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.deliveredAt !== null)).toBe(true);
    // The gateway: each step once, or again under the same id (a retry after the kill).
    const seen = stepsSeen();
    const idsByStep = new Map<number, Set<string>>();
    for (const s of seen) idsByStep.set(s.step, (idsByStep.get(s.step) ?? new Set()).add(s.id));
    expect([...idsByStep.keys()].sort()).toEqual([0, 1, 2]);
    for (const ids of idsByStep.values()) expect(ids.size).toBe(1);
  }, 120_000);
});
