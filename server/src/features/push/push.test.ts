import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { browserPushKeys, decryptPush, type BrowserPushKeys } from '../../../test/push-keys.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * この端末への通知: the settings page proves a device can receive a push before a night on call.
 * The push service is a real local TLS server; what it receives is decrypted with the keys the
 * "browser" registered, as the browser would.
 */
let t: TestApp;
let pushService: HttpReceiver;
let coordinator: TestUser;
let colleague: TestUser;
/** Signed in once each (two-factor takes each step once). */
let coordinatorAgent: Agent;
let colleagueAgent: Agent;
let keys: BrowserPushKeys;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-07T16:30:00+09:00');
  pushService = new HttpReceiver();
  await pushService.start({ https: true });
  const base = await createOrganisation(t.database.db, { name: '地域生活支援拠点ほたる' });
  coordinator = await createUser(t.database.db, { organisationId: base, displayName: '当番 よる' });
  colleague = await createUser(t.database.db, { organisationId: base, displayName: '同僚 ひる' });
  keys = browserPushKeys();
  coordinatorAgent = await signIn(t.app, coordinator, t.clock);
  colleagueAgent = await signIn(t.app, colleague, t.clock);
});

afterAll(async () => {
  await t?.close();
  await pushService?.stop();
});

async function subscribe(agent: Agent, endpoint: string) {
  const response = await agent.post('/api/push/subscriptions', {
    endpoint,
    keys: { p256dh: keys.p256dh, auth: keys.auth },
  });
  expect(response.statusCode, response.body).toBe(200);
}

describe('a test push to this device', () => {
  it('reaches the device’s push service, encrypted for its keys, saying nothing about anyone', async () => {
    const agent = coordinatorAgent;
    const endpoint = `${pushService.url}/push/phone-a`;
    await subscribe(agent, endpoint);
    const before = pushService.received.length;

    const answer = await agent.post('/api/push/test', { endpoint });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({ outcome: 'sent', status: 201 });

    const got = pushService.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe('/push/phone-a');
    expect(got[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(got[0]!.headers.authorization).toMatch(/^vapid t=/);
    const payload = decryptPush(got[0]!.body, keys);
    expect(payload).toMatchObject({
      title: 'つなぐ（テスト）',
      body: 'この端末で至急・緊急の通知を受け取れます。',
      url: '/notifications/settings',
      tag: 'test',
    });
    expect(JSON.stringify(payload)).not.toContain('当番 よる');

    const row = await t.database.db
      .selectFrom('pushSubscriptions')
      .select('lastSuccessAt')
      .where('endpoint', '=', endpoint)
      .executeTakeFirstOrThrow();
    expect(row.lastSuccessAt?.toISOString()).toBe('2026-12-07T07:30:00.000Z');
    expect((await auditRows(t.database.db, 'push.test')).at(-1)).toMatchObject({
      actorUserId: coordinator.id,
      outcome: 'allowed',
      details: { outcome: 'sent', status: 201 },
    });
  });

  it('says when the push service refused it, keeps a device that failed for now and forgets one that is gone', async () => {
    const agent = coordinatorAgent;
    const endpoint = `${pushService.url}/push/phone-b`;
    await subscribe(agent, endpoint);

    pushService.failNext(1, 503);
    expect((await agent.post('/api/push/test', { endpoint })).json()).toEqual({
      outcome: 'failed',
      status: 503,
    });
    expect((await auditRows(t.database.db, 'push.test')).at(-1)).toMatchObject({ outcome: 'failed' });

    pushService.failNext(1, 410);
    expect((await agent.post('/api/push/test', { endpoint })).json()).toEqual({
      outcome: 'gone',
      status: 410,
    });
    const left = await t.database.db
      .selectFrom('pushSubscriptions')
      .select('id')
      .where('endpoint', '=', endpoint)
      .execute();
    expect(left).toEqual([]);
    expect((await agent.post('/api/push/test', { endpoint })).statusCode).toBe(404);
  });

  it('answers 404 for another person’s device and sends nothing', async () => {
    const owner = coordinatorAgent;
    const endpoint = `${pushService.url}/push/phone-c`;
    await subscribe(owner, endpoint);
    const other = colleagueAgent;
    const before = pushService.received.length;
    const refused = await other.post('/api/push/test', { endpoint });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(pushService.received.length).toBe(before);
  });

  it('refuses a malformed request naming the field, and anyone signed out', async () => {
    const agent = colleagueAgent;
    for (const body of [{}, { endpoint: 42 }, { endpoint: `https://push.test/${'x'.repeat(1000)}` }]) {
      const bad = await agent.post('/api/push/test', body);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endpoint' });
    }
    const extra = await agent.post('/api/push/test', { endpoint: 'https://push.test/x', person: '山並' });
    expect(extra.statusCode).toBe(400);
    const anonymous = new Agent(t.app);
    expect((await anonymous.post('/api/push/test', { endpoint: 'https://push.test/x' })).statusCode).toBe(
      401,
    );
  });

  it('allows a few tests per person in ten minutes, then 429', async () => {
    const sender = await createUser(t.database.db, {
      organisationId: await createOrganisation(t.database.db),
    });
    const agent = await signIn(t.app, sender, t.clock);
    const endpoint = `${pushService.url}/push/phone-d`;
    await subscribe(agent, endpoint);
    for (let i = 0; i < 5; i++)
      expect((await agent.post('/api/push/test', { endpoint })).statusCode).toBe(200);
    expect((await agent.post('/api/push/test', { endpoint })).statusCode).toBe(429);
  });
});
