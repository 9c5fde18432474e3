import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent, startChildServer, type ChildServer } from '../../../test/child-server.ts';
import { nextTotpCode } from '../../../test/factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { prepareNightChain, type NightChain } from '../../../test/night-chain.ts';
import { createPool, databaseFromPool } from '../../db/database.ts';
import { systemClock } from '../../platform/clock.ts';

/**
 * Two server processes on one PostgreSQL database share the escalation work: every step of every
 * chain runs exactly once (one step row, one notification per recipient, one delivery id), also
 * when one of them is killed midway and the other takes over its jobs once their lease lapses.
 */
const ACK_SECONDS = 5;
const CASES = 8;
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

function waitUntil(done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = async () => {
      if (await done()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(() => void check(), 100);
    };
    void check();
  });
}

describe('two server processes on one PostgreSQL database', () => {
  it('run every escalation step exactly once, and one takes over when the other is killed', async () => {
    const [a, b] = await Promise.all([
      startChildServer({ ...chain.env, TSUNAGU_WORKER_ID: 'server-a' }),
      startChildServer({ ...chain.env, TSUNAGU_WORKER_ID: 'server-b' }),
    ]);
    children.push(a, b);
    const agent = new HttpAgent(a.url);
    expect(
      (
        await agent.request('POST', '/api/auth/sign-in', {
          email: chain.groupHomeUser.email,
          password: chain.groupHomeUser.password,
        })
      ).status,
    ).toBe(200);
    const code = nextTotpCode(chain.groupHomeUser, systemClock);
    expect((await agent.request('POST', '/api/auth/totp', { code })).status).toBe(200);
    for (let i = 0; i < CASES; i++) {
      const posted = await agent.request('POST', `/api/persons/${chain.personId}/messages`, {
        category: 'daily_living',
        priority: 'emergency',
        callbackPhone: '090-0000-0999',
        body: `至急の確認が必要です（${i + 1}）。`,
      });
      expect(posted.status, posted.text).toBe(201);
    }

    const database = databaseFromPool(createPool(chain.env.DATABASE_URL!, 2));
    try {
      const stepCount = async () =>
        Number(
          (
            await database.db
              .selectFrom('urgentSteps')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      // Once the backups are being reached, kill server A; B carries on (and takes over A's jobs).
      await waitUntil(async () => (await stepCount()) > CASES, 30_000);
      await a.kill('SIGKILL');
      await waitUntil(
        async () =>
          (
            await database.db
              .selectFrom('urgentCases')
              .select('id')
              .where('status', '!=', 'exhausted')
              .execute()
          ).length === 0,
        90_000,
      );
      await waitUntil(
        async () =>
          (
            await database.db
              .selectFrom('jobs')
              .select('id')
              .where('status', 'in', ['queued', 'running'])
              .where('queue', 'in', ['escalation', 'webhook'])
              .execute()
          ).length === 0,
        30_000,
      );

      const steps = await database.db
        .selectFrom('urgentSteps')
        .select(['caseId', 'position', 'id'])
        .execute();
      expect(steps).toHaveLength(CASES * 3);
      const perCase = new Map<string, number[]>();
      for (const s of steps) perCase.set(s.caseId, [...(perCase.get(s.caseId) ?? []), s.position].sort());
      expect([...perCase.values()].every((p) => p.join() === '0,1,2')).toBe(true);

      const notes = await database.db
        .selectFrom('notifications')
        .select(['subjectId', 'userId'])
        .where('kind', '=', 'urgent_case')
        .execute();
      expect(notes).toHaveLength(CASES * 3);
      expect(new Set(notes.map((n) => `${n.subjectId}:${n.userId}`)).size).toBe(CASES * 3);

      const deliveries = await database.db
        .selectFrom('webhookDeliveries')
        .select(['id', 'deliveredAt'])
        .execute();
      expect(deliveries).toHaveLength(CASES * 3);
      expect(deliveries.every((d) => d.deliveredAt !== null)).toBe(true);
      const received = webhook.received.map(
        (r) => JSON.parse(r.body.toString('utf8')) as { id: string; stepId: string },
      );
      // Each step's delivery under one id only (a repeat after the kill carries the same id).
      const idsPerStep = new Map<string, Set<string>>();
      for (const r of received) idsPerStep.set(r.stepId, (idsPerStep.get(r.stepId) ?? new Set()).add(r.id));
      expect(idsPerStep.size).toBe(CASES * 3);
      expect([...idsPerStep.values()].every((ids) => ids.size === 1)).toBe(true);

      const workers = await database.db
        .selectFrom('jobs')
        .select('lockedBy')
        .distinct()
        .where('queue', '=', 'escalation')
        .execute();
      expect(workers.map((w) => w.lockedBy)).toContain('server-b');
    } finally {
      await database.close();
    }
  }, 180_000);
});
