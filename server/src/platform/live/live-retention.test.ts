import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { openStream, type TestStream } from '../../../test/sse-client.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { scheduleHousekeeping } from '../jobs/housekeeping.ts';
import { LIVE_EVENT_RETENTION_MS, prunedThrough } from './live-retention.ts';

let t: TestApp;
let base: string;
let user: TestUser;
const streams: TestStream[] = [];

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-01T10:00:00+09:00');
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  user = await createUser(t.database.db, { organisationId: null, isSystemAdmin: true });
});
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await t.close();
});

/** Events addressed to the user (as their notifications' are), in one statement; their ids. */
const publish = (count = 1) =>
  t.database.db.transaction().execute((trx) =>
    t.deps.bus.publishMany(
      trx,
      Array.from({ length: count }, () => ({
        kind: 'notification.created',
        payload: { priority: 'normal', userIds: [user.id] },
      })),
    ),
  );

async function stream(agent: Agent, lastEventId: string): Promise<TestStream> {
  const s = openStream(`${base}/api/stream`, agent.cookieHeader(), lastEventId);
  streams.push(s);
  await s.ready;
  return s;
}

/** The hourly housekeeping job, run now on the test's clock. */
async function housekeeping() {
  await scheduleHousekeeping(t.deps.jobs, t.database.db, t.clock.now());
  await t.deps.jobs.runDue();
}

describe('live events after their retention', () => {
  it('are pruned, and a client resuming from before them is told to reload; one resuming after them replays', async () => {
    const [, seen] = await publish(2);
    t.clock.advance(LIVE_EVENT_RETENTION_MS + 60_000);
    const [recent] = await publish();
    await housekeeping();
    expect(await prunedThrough(t.database.db)).toBe(seen);
    const remaining = await t.database.db.selectFrom('liveEvents').select('id').execute();
    expect(remaining.map((e) => e.id)).toEqual([recent]);

    const agent = await signIn(t.app, user, t.clock);
    const stale = await stream(agent, String(BigInt(seen!) - 1n));
    expect(stale.events.map((e) => [e.event, e.id, e.data])).toEqual([
      ['reset', recent, { reason: 'expired' }],
    ]);
    // The stream goes on live after the reset.
    const [next] = await publish();
    await stale.waitFor((e) => e.id === next);

    const current = await stream(agent, seen!);
    expect(current.events.map((e) => [e.event, e.id])).toEqual([
      ['notification.created', recent],
      ['notification.created', next],
    ]);

    // A later hour's run moves the horizon on.
    t.clock.advance(LIVE_EVENT_RETENTION_MS + 60_000);
    await housekeeping();
    expect(await prunedThrough(t.database.db)).toBe(next);
  });

  it('keeps what is younger than the retention, and replays it', async () => {
    const [first, second] = await publish(2);
    t.clock.advance(LIVE_EVENT_RETENTION_MS - 60_000);
    await housekeeping();
    expect(await prunedThrough(t.database.db)).toBe('0');
    const agent = await signIn(t.app, user, t.clock);
    const resumed = await stream(agent, first!);
    expect(resumed.events.map((e) => [e.event, e.id])).toEqual([['notification.created', second]]);
  });

  it('tells a client that missed more than it can replay to reload, rather than replay part of it', async () => {
    const before = await publish();
    const missed = await publish(1001);
    const agent = await signIn(t.app, user, t.clock);
    const resumed = await stream(agent, before[0]!);
    expect(resumed.events.map((e) => [e.event, e.id, e.data])).toEqual([
      ['reset', missed.at(-1), { reason: 'too_many' }],
    ]);
  });
});
