import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createRegionTree, createUser, type TestUser } from '../../../test/factories.ts';
import { setUpDefaultChain, signedInAgents } from '../../../test/escalation-factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, recordItem, registerPerson } from '../../../test/person-factories.ts';
import { browserPushKeys, decryptPush } from '../../../test/push-keys.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../platform/webhooks/webhook.ts';

/**
 * The acceptance scenario of the off-hours issue, through the real queue on the injected clock:
 * Friday 21:30, a group home posts 緊急 about a person whose team's offices are all closed; the
 * on-call 拠点コーディネーター is told in the app, by Web Push and through the SMS gateway's
 * webhook; nobody acknowledges; ten minutes later the backup is told; the backup takes it; the
 * chain stops; on Monday at opening the municipality and the team lead find the handover.
 */
const at = (local: string) => `${local}+09:00`;
const WEBHOOK_SECRET = 'webhook-secret-for-the-sms-gateway-0123456789';
const PERSON = '夜野 ほたる';

let t: TestApp;
let smtp: SmtpCapture;
const webhook = new HttpReceiver();
const pushService = new HttpReceiver();
const pushKeys = browserPushKeys();

let regions: Awaited<ReturnType<typeof createRegionTree>>;
let office: string;
let groupHome: string;
let kyoten: string;
let municipalOffice: string;
let kikan: string;
let leadUser: TestUser;
let ghUser: TestUser;
let coordinatorA: TestUser;
let coordinatorB: TestUser;
let municipalUser: TestUser;
let kikanUser: TestUser;
let adminUser: TestUser;
let personId: string;

let agent: (user: TestUser) => Promise<Agent>;

/** Runs every due job, as the worker would when woken. */
async function tick(): Promise<void> {
  while ((await t.deps.jobs.runDue()) > 0);
}

async function notificationsOf(user: TestUser) {
  return (await (await agent(user)).get('/api/notifications')).json().notifications as {
    kind: string;
    message: string;
    params: Record<string, unknown>;
  }[];
}

beforeAll(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  await webhook.start();
  await pushService.start({ https: true });
  t = await createTestApp({
    config: { TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_PUBLIC_URL: 'https://tsunagu.example.jp' },
  });
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-11-27T10:00'));
  regions = await createRegionTree(db);

  office = await createOrganisation(db, {
    name: '相談支援事業所あかり',
    kind: 'designated_specific_consultation_office',
  });
  const clinic = await createOrganisation(db, {
    name: 'みなとクリニック',
    kind: 'clinic',
    sector: 'medical',
  });
  groupHome = await createOrganisation(db, { name: 'グループホームともしび', kind: 'group_home' });
  kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点よりそい',
    kind: 'community_life_support_base',
  });
  kikan = await createOrganisation(db, { name: '基幹相談支援センター', kind: 'core_consultation_center' });
  municipalOffice = await createOrganisation(db, {
    name: 'テスト市障害福祉課',
    kind: 'municipal_disability_welfare_division',
    sector: 'administration',
  });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, clinic, { hours: weekdayHours('09:00', '18:00') });
  await configureOrganisation(db, kikan, { hours: weekdayHours('08:30', '17:15') });
  await configureOrganisation(db, municipalOffice, {
    hours: weekdayHours('08:30', '17:15'),
    regionIds: [regions.municipality],
  });

  leadUser = await createUser(db, { organisationId: office, displayName: '相談 あかね' });
  const clinicUser = await createUser(db, { organisationId: clinic, displayName: '医師 みなと' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 ともこ' });
  coordinatorA = await createUser(db, { organisationId: kyoten, displayName: '拠点 あさひ' });
  coordinatorB = await createUser(db, { organisationId: kyoten, displayName: '拠点 ばんり' });
  municipalUser = await createUser(db, { organisationId: municipalOffice, displayName: '市職員 まち' });
  kikanUser = await createUser(db, { organisationId: kikan, displayName: '基幹 きよし' });
  adminUser = await createUser(db, { organisationId: null, isSystemAdmin: true });

  const lead = await agent(leadUser);
  personId = (
    await registerPerson(lead, {
      name: PERSON,
      kana: 'よるの ほたる',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(lead, personId, clinic, 'attending_physician', { userId: clinicUser.id });
  await addToTeam(lead, personId, groupHome, 'service_provider', { userId: ghUser.id });
  await grantConsent(lead, personId, clinic, ['identity', 'medical', 'crisis']);
  await grantConsent(lead, personId, groupHome, ['identity', 'daily_living', 'crisis']);
  await recordItem(lead, personId, {
    category: 'crisis',
    content: '眠れない夜が続くと不安が強くなる。姉（090-1111-2222）に電話すると落ち着く。',
  });

  // The 拠点 is on call for the municipality from Friday evening to Monday morning.
  await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-11-27T17:00'),
    endsAt: at('2026-11-30T08:30'),
    primaryUserId: coordinatorA.id,
    backupUserId: coordinatorB.id,
    regionIds: [regions.municipality],
    contactPhone: '090-0000-0001',
  });

  const admin = await agent(adminUser);
  await setUpDefaultChain(admin, {
    kikanOrganisationId: kikan,
    webhookUrl: `${webhook.url}/sms`,
    webhookSecret: WEBHOOK_SECRET,
  });
  const a = await agent(coordinatorA);
  const subscribed = await a.post('/api/push/subscriptions', {
    endpoint: `${pushService.url}/push/coordinator-a`,
    keys: { p256dh: pushKeys.p256dh, auth: pushKeys.auth },
  });
  expect(subscribed.statusCode, subscribed.body).toBe(200);
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
  await webhook.stop();
  await pushService.stop();
});

describe('Friday night: a 緊急 message whose team is closed reaches the on-call coordinator, then the backup', () => {
  let caseId: string;
  let messageId: string;

  it('routes to the on-call coordinator in the app, by push and through the webhook — with no personal data outside the app', async () => {
    t.clock.set(at('2026-11-27T21:30'));
    const gh = await agent(ghUser);
    const posted = await gh.post(`/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      callbackPhone: '090-0000-0999',
      body: `${PERSON}さんが「もう限界」と言って部屋から出てきません。`,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    messageId = posted.json().id;
    await tick();

    const cases = (await (await agent(coordinatorA)).get('/api/urgent-cases')).json().cases;
    expect(cases).toMatchObject([{ priority: 'emergency', status: 'open', reachedMe: true }]);
    caseId = cases[0].id;
    const notes = await notificationsOf(coordinatorA);
    expect(notes[0]).toMatchObject({ kind: 'urgent_case', params: { caseId, label: '当番（主）' } });
    // 緊急連絡 names only a 緊急 case (a 至急 one is 至急の連絡).
    expect(notes[0]!.message).toBe(
      '【緊急】グループホームともしびからの緊急連絡です。対応をお願いします（当番（主）として連絡しています）。',
    );
    expect((await notificationsOf(coordinatorB)).filter((n) => n.kind === 'urgent_case')).toEqual([]);
    // Until someone takes the case, the message says it is open.
    expect((await gh.get(`/api/messages/${messageId}`)).json().urgentCase).toEqual({
      id: caseId,
      status: 'open',
      takenBy: null,
    });

    await webhook.waitFor(1);
    const sms = webhook.received[0]!;
    const body = sms.body.toString('utf8');
    expect(verifyWebhook(WEBHOOK_SECRET, sms.headers, body, new Date())).toBe(true);
    expect(
      verifyWebhook('a-different-secret-of-the-same-length-0123456', sms.headers, body, new Date()),
    ).toBe(false);
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      event: 'urgent.step',
      caseId,
      step: 0,
      priority: 'emergency',
      recipient: { userId: coordinatorA.id, phone: '090-0000-0001' },
      link: `https://tsunagu.example.jp/urgent/${caseId}`,
    });
    expect(sms.headers[WEBHOOK_HEADERS.delivery]).toBe(payload.id);
    expect(body).not.toContain('夜野');

    await pushService.waitFor(1);
    const push = pushService.received[0]!;
    expect(push.path).toBe('/push/coordinator-a');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(push.headers.authorization).toMatch(/^vapid t=/);
    const shown = decryptPush(push.body, pushKeys);
    expect(shown).toMatchObject({ url: `/urgent/${caseId}`, title: '【緊急】つなぐ' });
    expect(JSON.stringify(shown)).not.toContain('夜野');

    const mail = await smtp.waitFor((m) => m.to.includes(coordinatorA.email));
    expect(mail.subject).not.toContain('夜野');
    expect(mail.text).not.toContain('夜野');
  });

  it('shows the coordinator the case but not the person outside consent, until break-glass with a reason', async () => {
    const a = await agent(coordinatorA);
    const view = (await a.get(`/api/urgent-cases/${caseId}`)).json();
    expect(view).toMatchObject({
      status: 'open',
      openedBy: { organisationName: 'グループホームともしび' },
      person: { id: personId, name: null, crisisVisible: false, canBreakGlass: true },
      steps: [{ position: 0, kind: 'on_call_primary', recipients: ['拠点 あさひ'], phone: '090-0000-0001' }],
      nextStepAt: new Date(at('2026-11-27T21:40')).toISOString(),
      remainingSteps: ['当番（副）', '基幹相談支援センター', '精神科救急医療情報センター'],
    });
    const refused = await a.post(`/api/urgent-cases/${caseId}/break-glass`, { reason: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe('reason');
    const opened = await a.post(`/api/urgent-cases/${caseId}/break-glass`, {
      reason: '本人が自室から出てこないとの緊急連絡。対応方針の確認のため。',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().person).toMatchObject({ name: PERSON, crisisVisible: true });
    expect(opened.json().person.crisisItems[0].content).toContain('姉（090-1111-2222）');
    const leadNotes = await notificationsOf(leadUser);
    expect(leadNotes.some((n) => n.kind === 'emergency_access')).toBe(true);

    // Someone the case never reached sees nothing of it.
    const outsider = await agent(kikanUser);
    expect((await outsider.get(`/api/urgent-cases/${caseId}`)).statusCode).toBe(404);
  });

  it('waits the acknowledgement time, then reaches the backup; nothing fires early', async () => {
    t.clock.set(at('2026-11-27T21:39'));
    await tick();
    expect((await notificationsOf(coordinatorB)).filter((n) => n.kind === 'urgent_case')).toEqual([]);
    t.clock.set(at('2026-11-27T21:40'));
    await tick();
    const notes = await notificationsOf(coordinatorB);
    expect(notes.filter((n) => n.kind === 'urgent_case')).toMatchObject([
      { params: { caseId, label: '当番（副）' } },
    ]);
    await webhook.waitFor(2);
    expect(JSON.parse(webhook.received[1]!.body.toString())).toMatchObject({
      step: 1,
      recipient: { userId: coordinatorB.id },
    });
  });

  it('stops the chain when the backup takes the case, and tells everyone reached', async () => {
    t.clock.set(at('2026-11-27T21:43'));
    const b = await agent(coordinatorB);
    const own = await (await agent(ghUser)).post(`/api/urgent-cases/${caseId}/acknowledge`, {});
    expect(own.statusCode).toBe(409);
    const taken = await b.post(`/api/urgent-cases/${caseId}/acknowledge`, { note: '22時に訪問します。' });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({
      status: 'acknowledged',
      acknowledged: {
        name: '拠点 ばんり',
        organisationName: '地域生活支援拠点よりそい',
        note: '22時に訪問します。',
      },
    });
    expect((await b.post(`/api/urgent-cases/${caseId}/acknowledge`, {})).statusCode).toBe(409);
    // The message that opened the case says who took it: its team sees that, not only 「確認 0/n」.
    const message = (await (await agent(ghUser)).get(`/api/messages/${messageId}`)).json();
    expect(message.urgentCase).toEqual({
      id: caseId,
      status: 'acknowledged',
      takenBy: {
        name: '拠点 ばんり',
        organisationName: '地域生活支援拠点よりそい',
        at: new Date(at('2026-11-27T21:43')).toISOString(),
      },
    });
    expect(message.receipts.acknowledged).toBe(0);
    const told = (await notificationsOf(ghUser)).find((n) => n.kind === 'urgent_acknowledged');
    expect(told?.message).toBe(
      '夜野 ほたるさんについて: 【緊急】緊急連絡に拠点 ばんり（地域生活支援拠点よりそい）が対応します。',
    );
    expect((await notificationsOf(coordinatorA)).some((n) => n.kind === 'urgent_acknowledged')).toBe(true);

    t.clock.set(at('2026-11-28T03:00'));
    await tick();
    const view = (await (await agent(coordinatorB)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(view.steps).toHaveLength(2);
    expect((await notificationsOf(kikanUser)).filter((n) => n.kind === 'urgent_case')).toEqual([]);
    expect(webhook.received).toHaveLength(2);
    expect(messageId).toBeTruthy();
  });

  it('hands over on Monday at each office’s opening: the municipality at 8:30, the team lead at 9:00', async () => {
    t.clock.set(at('2026-11-30T08:29'));
    await tick();
    expect((await (await agent(municipalUser)).get('/api/handovers')).json().handovers).toEqual([]);

    t.clock.set(at('2026-11-30T08:30'));
    await tick();
    const city = await agent(municipalUser);
    const list = (await city.get('/api/handovers')).json().handovers;
    expect(list).toMatchObject([{ confirmedAt: null }]);
    const handover = (await city.get(`/api/handovers/${list[0].id}`)).json();
    expect(handover.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'case_opened',
      'step_fired',
      'step_fired',
      'case_acknowledged',
    ]);
    // The municipality has no consent: it learns what happened and who responded, not who it was.
    expect(handover.entries[0]).toMatchObject({
      reason: 'municipality',
      personHidden: true,
      personName: null,
      priority: 'emergency',
      openedByOrganisationName: 'グループホームともしび',
    });
    expect(handover.entries[3]).toMatchObject({ acknowledgedByName: '拠点 ばんり' });
    expect(handover.entries[2]).toMatchObject({ stepLabel: '当番（副）', stepRecipients: ['拠点 ばんり'] });
    expect((await notificationsOf(municipalUser)).some((n) => n.kind === 'handover')).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes(municipalUser.email));
    expect(mail.text).not.toContain('夜野');

    expect((await (await agent(leadUser)).get('/api/handovers')).json().handovers).toEqual([]);
    t.clock.set(at('2026-11-30T09:00'));
    await tick();
    const lead = await agent(leadUser);
    const leadList = (await lead.get('/api/handovers')).json().handovers;
    expect(leadList).toHaveLength(1);
    const leadView = (await lead.get(`/api/handovers/${leadList[0].id}`)).json();
    expect(leadView.entries[0]).toMatchObject({
      reason: 'team_lead',
      personName: PERSON,
      personHidden: false,
    });

    const confirmed = await lead.post(`/api/handovers/${leadList[0].id}/confirm`, {});
    expect(confirmed.json().confirmedAt).toBe(new Date(at('2026-11-30T09:00')).toISOString());
    expect((await lead.post(`/api/handovers/${leadList[0].id}/confirm`, {})).statusCode).toBe(409);
    expect((await (await agent(municipalUser)).get(`/api/handovers/${leadList[0].id}`)).statusCode).toBe(404);
  });
});

describe('the chain to its end', () => {
  it('climbs to the next tier and ends with the phone number shown to those already reached', async () => {
    // The next weekend (the clock only moves forward: sign-in codes are never reused).
    await createShift(t.database.db, {
      organisationId: kyoten,
      startsAt: at('2026-12-04T17:00'),
      endsAt: at('2026-12-07T08:30'),
      primaryUserId: coordinatorA.id,
      backupUserId: coordinatorB.id,
      regionIds: [regions.municipality],
      contactPhone: '090-0000-0001',
    });
    t.clock.set(at('2026-12-05T23:00'));
    const gh = await agent(ghUser);
    const posted = await gh.post(`/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'urgent',
      body: '夜間に外出したまま戻りません。',
    });
    expect(posted.statusCode).toBe(201);
    await tick();
    // 至急 waits 30 minutes per step: primary, backup, then the 基幹 — closed on a Sunday night with
    // no one on call, so skipped (not sent to all its staff) — and at once the phone number.
    for (const time of ['23:30', '00:00', '00:30']) {
      t.clock.set(at(time === '23:30' ? `2026-12-05T${time}` : `2026-12-06T${time}`));
      await tick();
    }
    expect((await notificationsOf(kikanUser)).filter((n) => n.kind === 'urgent_case')).toEqual([]);
    const call = (await notificationsOf(coordinatorA)).find((n) => n.kind === 'urgent_call');
    expect(call?.message).toContain('0120-000-119');
    // A 至急 case is 至急の連絡, never 緊急連絡.
    expect(call?.message).toMatch(
      /^【至急】グループホームともしびからの至急の連絡に、まだ対応者がいません。/,
    );
    const firstStep = (await notificationsOf(coordinatorA)).find((n) => n.kind === 'urgent_case');
    expect(firstStep?.message).toMatch(/^【至急】グループホームともしびからの至急の連絡です。/);
    const unreached = (await notificationsOf(ghUser)).find((n) => n.kind === 'urgent_unreached');
    expect(unreached?.params).toMatchObject({
      label: '基幹相談支援センター',
      next: '精神科救急医療情報センター',
      phone: '0120-000-119',
    });
    const caseId = (await (await agent(ghUser)).get('/api/urgent-cases')).json().cases[0].id;
    t.clock.set(at('2026-12-06T01:00'));
    await tick();
    const view = (await (await agent(coordinatorA)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(view.status).toBe('exhausted');
    expect(view.steps.map((s: { kind: string; reachedNoOne: boolean }) => [s.kind, s.reachedNoOne])).toEqual([
      ['on_call_primary', false],
      ['on_call_backup', false],
      ['tier_organisation', true],
      ['tier_phone', false],
    ]);
    // Still acknowledgeable at the end of the chain.
    const taken = await (await agent(coordinatorA)).post(`/api/urgent-cases/${caseId}/acknowledge`, {});
    expect(taken.json().status).toBe('acknowledged');
  });

  it('refuses a chain with a phone number before its end, or a tier with both or neither target', async () => {
    const admin = await agent(adminUser);
    const early = await admin.put('/api/escalation-chain', {
      regionId: regions.municipality,
      emergencyAckMinutes: 5,
      urgentAckMinutes: 15,
      tiers: [
        { phone: '0120-000-119', label: '救急' },
        { organisationId: kikan, label: '基幹' },
      ],
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().field).toBe('tiers.0.phone');
    const both = await admin.put('/api/escalation-chain', {
      regionId: null,
      emergencyAckMinutes: 5,
      urgentAckMinutes: 15,
      tiers: [{ organisationId: kikan, phone: '0120-000-119', label: '基幹' }],
    });
    expect(both.json().field).toBe('tiers.0.organisationId');
    const staff = await agent(leadUser);
    expect(
      (
        await staff.put('/api/escalation-chain', {
          regionId: null,
          emergencyAckMinutes: 5,
          urgentAckMinutes: 15,
          tiers: [],
        })
      ).statusCode,
    ).toBe(403);
    // Nothing was saved.
    expect((await admin.get('/api/escalation-chain')).json().emergencyAckMinutes).toBe(10);
  });
});
