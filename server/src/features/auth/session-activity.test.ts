import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { createShift } from '../../../test/on-call-factories.ts';
import { registerPerson } from '../../../test/person-factories.ts';
import { openStream, type TestStream } from '../../../test/sse-client.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * Sessions end when people stop (idle limit 30 minutes): what the screen asks by itself — a
 * poll, a count, a refresh after a live event, all marked `x-tsunagu-background: 1` — and the
 * live stream never move the idle clock; a person's own requests and the activity signal sent
 * while they type do. The on-call shift's rule, where the organisation chose it, stands apart.
 */
const at = (local: string) => `${local}+09:00`;
const BACKGROUND = { headers: { 'x-tsunagu-background': '1' } };

let t: TestApp;
let base: string;
let office: string;
let user: TestUser;
const streams: TestStream[] = [];

beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  user = await createUser(t.database.db, { organisationId: office, displayName: '相田 みどり' });
});

afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

/** Signs `user` in at the Tokyo time `local`. */
async function signInAt(local: string, who: TestUser = user): Promise<Agent> {
  t.clock.set(at(local));
  return signIn(t.app, who, t.clock);
}

const background = (agent: Agent, url: string) => agent.request('GET', url, undefined, BACKGROUND);

describe('sessions end when people stop', () => {
  it('a background request is answered but does not extend the session; a person’s request does', async () => {
    const polled = await signInAt('2026-12-07T10:00');
    const used = await signInAt('2026-12-07T10:00');
    t.clock.set(at('2026-12-07T10:20'));
    expect((await background(polled, '/api/regions')).statusCode).toBe(200);
    expect((await background(polled, '/api/notifications')).statusCode).toBe(200);
    expect((await used.get('/api/regions')).statusCode).toBe(200);

    // 31 minutes after sign-in: only the session a person used is still there.
    t.clock.set(at('2026-12-07T10:31'));
    const ended = await background(polled, '/api/notifications');
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect((await used.get('/api/regions')).statusCode).toBe(200);
  });

  it('counts a request with any other value of the header as a person’s (the safe side is to extend)', async () => {
    const agent = await signInAt('2026-12-07T11:00');
    t.clock.set(at('2026-12-07T11:20'));
    const odd = await agent.request('GET', '/api/regions', undefined, {
      headers: { 'x-tsunagu-background': 'yes' },
    });
    expect(odd.statusCode).toBe(200);
    t.clock.set(at('2026-12-07T11:45'));
    expect((await agent.get('/api/regions')).statusCode).toBe(200);
  });

  it('the live stream never extends the session, opened or resumed', async () => {
    const agent = await signInAt('2026-12-07T12:00');
    t.clock.set(at('2026-12-07T12:20'));
    const first = openStream(`${base}/api/stream`, agent.cookieHeader());
    streams.push(first);
    await first.ready;
    first.close();
    t.clock.set(at('2026-12-07T12:29'));
    const resumed = openStream(`${base}/api/stream`, agent.cookieHeader(), '0');
    streams.push(resumed);
    await resumed.ready;
    resumed.close();

    t.clock.set(at('2026-12-07T12:31'));
    const ended = await agent.get('/api/regions');
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
  });

  it('a 35-minute note keeps its session through the activity signal; without it the note is refused', async () => {
    const writer = await signInAt('2026-12-07T13:00');
    const personId = (await registerPerson(writer, { name: '山並 しずか', kana: 'やまなみ しずか' })).id;
    const forgetful = await signInAt('2026-12-07T13:00');
    const note = {
      category: 'daily_living',
      priority: 'normal',
      body: '本人と35分かけて今週の暮らしを振り返りました。',
    };
    // Both screens poll every few minutes while their user types; only one sends the signal.
    for (let minute = 3; minute <= 33; minute += 3) {
      t.clock.set(at(`2026-12-07T13:${String(minute).padStart(2, '0')}`));
      expect((await background(writer, `/api/persons/${personId}/messages`)).statusCode).toBe(200);
      // Answered until the 30th quiet minute, and never extended by it.
      if (minute <= 30) expect((await background(forgetful, '/api/notifications')).statusCode).toBe(200);
      if (minute % 6 === 0) expect((await writer.post('/api/auth/activity')).json()).toEqual({ ok: true });
    }
    t.clock.set(at('2026-12-07T13:35'));
    expect((await writer.post(`/api/persons/${personId}/messages`, note)).statusCode).toBe(201);
    const refused = await forgetful.post(`/api/persons/${personId}/messages`, note);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
  });

  it('the activity signal needs a live session and its CSRF token, and refuses a malformed body', async () => {
    const agent = await signInAt('2026-12-07T14:00');
    const noToken = await agent.request(
      'POST',
      '/api/auth/activity',
      {},
      { headers: { 'x-csrf-token': '' } },
    );
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ code: 'CSRF_INVALID' });
    const malformed = await agent.request('POST', '/api/auth/activity', '{"ok":', {});
    expect(malformed.statusCode).toBe(400);

    t.clock.set(at('2026-12-07T14:31'));
    const late = await agent.post('/api/auth/activity');
    expect(late.statusCode).toBe(401);
    expect(late.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
  });
});

describe('the on-call shift’s session rule stays as the organisation chose it', () => {
  let municipality: string;
  let base1: string;
  let base2: string;
  let keeper: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    const db = t.database.db;
    municipality = (await createRegionTree(db)).municipality;
    base1 = await createOrganisation(db, {
      name: '地域生活支援拠点ほたる',
      kind: 'community_life_support_base',
    });
    base2 = await createOrganisation(db, {
      name: '地域生活支援拠点かがり',
      kind: 'community_life_support_base',
    });
    await db
      .updateTable('organisations')
      .set({ onCallSessionCoversShift: true })
      .where('id', '=', base1)
      .execute();
    keeper = await createUser(db, { organisationId: base1, displayName: '当番 よる' });
    other = await createUser(db, { organisationId: base2, displayName: '当番 あさ' });
    for (const [organisationId, who] of [
      [base1, keeper],
      [base2, other],
    ] as const) {
      await createShift(db, {
        organisationId,
        startsAt: at('2026-12-08T17:00'),
        endsAt: at('2026-12-09T09:00'),
        primaryUserId: who.id,
        regionIds: [municipality],
      });
    }
  });

  it('keeps a chosen shift’s session through a night of background requests and the stream, and ends it with the shift', async () => {
    const coordinator = await signInAt('2026-12-08T17:10', keeper);
    for (const local of ['2026-12-08T20:00', '2026-12-09T01:30', '2026-12-09T05:00']) {
      t.clock.set(at(local));
      const s = openStream(`${base}/api/stream`, coordinator.cookieHeader());
      streams.push(s);
      await s.ready;
      s.close();
      expect((await background(coordinator, '/api/on-call/now')).statusCode).toBe(200);
    }
    t.clock.set(at('2026-12-09T09:01'));
    expect((await background(coordinator, '/api/on-call/now')).statusCode).toBe(401);
  });

  it('ends an unchosen shift’s session after 30 quiet minutes, whatever it polled', async () => {
    const coordinator = await signInAt('2026-12-08T17:10', other);
    t.clock.set(at('2026-12-08T17:30'));
    expect((await background(coordinator, '/api/on-call/now')).statusCode).toBe(200);
    t.clock.set(at('2026-12-08T17:41'));
    expect((await background(coordinator, '/api/on-call/now')).statusCode).toBe(401);
  });
});
