import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { TestDnsServer } from '../../../test/dns-server.ts';
import { signedInAgents } from '../../../test/escalation-factories.ts';
import { createOrganisation, createRegionTree, createUser, type TestUser } from '../../../test/factories.ts';
import { ConnectionSpy, HttpReceiver } from '../../../test/http-receiver.ts';
import { configureOrganisation, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { browserPushKeys } from '../../../test/push-keys.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { generateVapidKeys } from '../../platform/push/web-push.ts';

/**
 * An installation in production mode whose SMS gateway sits on a closed network: 127.0.0.2 is
 * on the allowlist, and a real DNS server answers for gateway.test and push.test. Internal
 * addresses are refused at registration in every notation; deliveries reach the listed gateway
 * under its name; and when the name later resolves to 127.0.0.3 (not listed), the delivery is a
 * failed attempt and nothing connects to 127.0.0.3. (127.0.0.0/8 is all this machine.)
 */
const at = (local: string) => `${local}+09:00`;

let t: TestApp;
const dns = new TestDnsServer();
const gateway = new HttpReceiver();
const elsewhere = new ConnectionSpy();
const pushKeys = browserPushKeys();
let admin: Agent;
let ghUser: TestUser;
let leadUser: TestUser;
let personId: string;
let agent: (user: TestUser) => Promise<Agent>;
let smsUrl: string;

async function tick(): Promise<void> {
  while ((await t.deps.jobs.runDue()) > 0);
}

/** An emergency message from the group home: its case reaches the open consultation office at once. */
async function raiseEmergency(): Promise<string> {
  const posted = await (
    await agent(ghUser)
  ).post(`/api/persons/${personId}/messages`, {
    category: 'daily_living',
    priority: 'emergency',
    callbackPhone: '090-0000-0999',
    body: '夜になって強い不安を訴えています。',
  });
  expect(posted.statusCode, posted.body).toBe(201);
  const c = await t.database.db
    .selectFrom('urgentCases')
    .select('id')
    .where('sourceKind', '=', 'message')
    .where('sourceId', '=', posted.json<{ id: string }>().id)
    .executeTakeFirstOrThrow();
  return c.id;
}

function deliveriesOf(caseId: string) {
  return t.database.db
    .selectFrom('webhookDeliveries')
    .select(['attempts', 'lastStatus', 'lastError', 'deliveredAt'])
    .where('caseId', '=', caseId)
    .execute();
}

function jobsOf(queue: string) {
  return t.database.db
    .selectFrom('jobs')
    .select(['status', 'attempts', 'lastError'])
    .where('queue', '=', queue)
    .orderBy('createdAt')
    .execute();
}

beforeAll(async () => {
  await dns.start();
  await gateway.start({ https: true, host: '127.0.0.2' });
  await elsewhere.start('127.0.0.3', gateway.port);
  dns.answer('gateway.test', ['127.0.0.2']);
  dns.answer('push.test', ['127.0.0.2']);
  smsUrl = `https://gateway.test:${gateway.port}/sms`;
  const vapid = generateVapidKeys();
  t = await createTestApp({
    config: {
      NODE_ENV: 'production',
      TSUNAGU_DNS_SERVERS: dns.serverAddress,
      TSUNAGU_WEBHOOK_ALLOWLIST: '127.0.0.2',
      TSUNAGU_VAPID_PUBLIC_KEY: vapid.publicKey,
      TSUNAGU_VAPID_PRIVATE_KEY: vapid.privateKey,
    },
  });
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-11-27T10:00'));
  const regions = await createRegionTree(db);
  const office = await createOrganisation(db, {
    name: '相談支援事業所あかり',
    kind: 'designated_specific_consultation_office',
  });
  const groupHome = await createOrganisation(db, { name: 'グループホームともしび', kind: 'group_home' });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  leadUser = await createUser(db, { organisationId: office, displayName: '相談 あかね' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 ともこ' });
  admin = await agent(await createUser(db, { organisationId: null, isSystemAdmin: true }));
  const lead = await agent(leadUser);
  personId = (
    await registerPerson(lead, {
      name: '夜野 ほたる',
      kana: 'よるの ほたる',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(lead, personId, groupHome, 'service_provider', { userId: ghUser.id });
  await grantConsent(lead, personId, groupHome, ['identity', 'daily_living']);
});

afterAll(async () => {
  await t?.close();
  await gateway.stop();
  await elsewhere.stop();
  await dns.stop();
});

describe('outbound webhooks and push cannot be turned against the internal network', () => {
  it('refuses an internal address at registration in every notation, and http in production, naming url', async () => {
    const refused: [url: string, code: string][] = [
      [`https://127.0.0.1:${gateway.port}/sms`, 'INTERNAL_ADDRESS'],
      ['https://10.0.0.5/sms', 'INTERNAL_ADDRESS'],
      ['https://169.254.169.254/latest/meta-data/', 'INTERNAL_ADDRESS'],
      ['https://[::ffff:127.0.0.1]/sms', 'INTERNAL_ADDRESS'],
      ['https://2130706433/sms', 'INTERNAL_ADDRESS'],
      ['https://0x7f.1/sms', 'INTERNAL_ADDRESS'],
      [`http://gateway.test:${gateway.port}/sms`, 'HTTPS_REQUIRED'],
      ['https://nowhere.test/sms', 'UNRESOLVABLE_HOST'],
    ];
    for (const [url, code] of refused) {
      const response = await admin.post('/api/webhooks', {
        url,
        secret: 'gateway-secret-0123456789abcdefghijklmnop',
        description: 'SMS ゲートウェイ',
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code, field: 'url' });
    }
    const internal = await admin.post('/api/webhooks', {
      url: 'https://10.0.0.5/sms',
      secret: 'gateway-secret-0123456789abcdefghijklmnop',
      description: 'SMS ゲートウェイ',
    });
    expect(internal.json().message).toContain('内部ネットワークのアドレスには送信できません');
    expect(internal.json().message).toContain('許可リスト TSUNAGU_WEBHOOK_ALLOWLIST');
    expect((await admin.get('/api/webhooks')).json().endpoints).toEqual([]);
    expect(gateway.received).toEqual([]);
  });

  it('accepts the gateway on the closed network that the allowlist holds, resolving its name once', async () => {
    const asked = dns.asked('gateway.test');
    const created = await admin.post('/api/webhooks', {
      url: smsUrl,
      secret: 'gateway-secret-0123456789abcdefghijklmnop',
      description: 'SMS ゲートウェイ（閉域網）',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ url: smsUrl, enabled: true });
    expect(dns.asked('gateway.test')).toBe(asked + 1);
  });

  it('checks a browser’s push endpoint the same way (https always), naming endpoint', async () => {
    const lead = await agent(leadUser);
    const keys = { p256dh: pushKeys.p256dh, auth: pushKeys.auth };
    const internal = await lead.post('/api/push/subscriptions', {
      endpoint: 'https://169.254.169.254/push/lead',
      keys,
    });
    expect(internal.statusCode).toBe(400);
    expect(internal.json()).toMatchObject({ code: 'INTERNAL_ADDRESS', field: 'endpoint' });
    const plain = await lead.post('/api/push/subscriptions', {
      endpoint: `http://push.test:${gateway.port}/push/lead`,
      keys,
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.json()).toMatchObject({ field: 'endpoint' });
    const listed = await lead.post('/api/push/subscriptions', {
      endpoint: `https://push.test:${gateway.port}/push/lead`,
      keys,
    });
    expect(listed.statusCode, listed.body).toBe(200);
  });

  it('delivers to the checked address under the gateway’s name: TLS and Host carry the name', async () => {
    const asked = { gateway: dns.asked('gateway.test'), push: dns.asked('push.test') };
    const caseId = await raiseEmergency();
    await tick();
    expect(gateway.received.map((r) => r.path).sort()).toEqual(['/push/lead', '/sms']);
    for (const r of gateway.received) {
      const name = r.path === '/sms' ? 'gateway.test' : 'push.test';
      expect(r.servername).toBe(name);
      expect(r.headers.host).toBe(`${name}:${gateway.port}`);
    }
    expect(await deliveriesOf(caseId)).toEqual([
      { attempts: 1, lastStatus: 201, lastError: null, deliveredAt: expect.any(Date) },
    ]);
    // One resolution per delivery, through the configured server: the socket asked nobody else.
    expect(dns.asked('gateway.test')).toBe(asked.gateway + 1);
    expect(dns.asked('push.test')).toBe(asked.push + 1);
  });

  it('refuses the delivery once the name resolves to an address the allowlist does not hold: no connection, a failed attempt, retried', async () => {
    dns.answer('gateway.test', ['127.0.0.3']);
    dns.answer('push.test', ['127.0.0.3']);
    const caseId = await raiseEmergency();
    await tick();
    expect(elsewhere.connections).toBe(0);
    expect(gateway.received).toHaveLength(2);
    expect(await deliveriesOf(caseId)).toEqual([
      {
        attempts: 1,
        lastStatus: null,
        lastError: 'not sent: gateway.test is 127.0.0.3 (loopback), not in TSUNAGU_WEBHOOK_ALLOWLIST',
        deliveredAt: null,
      },
    ]);
    expect((await jobsOf('webhook')).at(-1)).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await jobsOf('push')).at(-1)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringContaining('not sent: push.test is 127.0.0.3 (loopback)'),
    });

    // The name is put right: the retry, after the backoff, reaches the listed gateway.
    dns.answer('gateway.test', ['127.0.0.2']);
    dns.answer('push.test', ['127.0.0.2']);
    t.clock.advance(5_000);
    await tick();
    expect(elsewhere.connections).toBe(0);
    expect(gateway.received.map((r) => r.path).sort()).toEqual(['/push/lead', '/push/lead', '/sms', '/sms']);
    expect(await deliveriesOf(caseId)).toEqual([
      { attempts: 2, lastStatus: 201, lastError: null, deliveredAt: expect.any(Date) },
    ]);
  });
});
