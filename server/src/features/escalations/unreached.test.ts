import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  type TestUser,
} from '../../../test/factories.ts';
import {
  notificationsOf,
  runDueJobs,
  setUpDefaultChain,
  signedInAgents,
} from '../../../test/escalation-factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { configureOrganisation, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { browserPushKeys, decryptPush } from '../../../test/push-keys.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * 当番不在 is said at once (issue 16, item 9), through the API and the real queue on the injected
 * clock: Saturday 2:00, no one on call in the region and the 基幹 closed without a rota. Each
 * step that reaches no one is recorded with its reason (the closed 基幹 is skipped, not sent to
 * all its staff); the group home that asked hears at once — in the app, live, by push and by
 * e-mail through its quiet hours — with the next tier and the number to call; the region's 基幹
 * and the system administrators see the case's operational facts without the person or the
 * message, and more only through consent or break-glass; Monday's handover lists the steps.
 */
const at = (local: string) => `${local}+09:00`;
const PERSON = { name: '夜凪 みお', kana: 'よなぎ みお', birthDate: '1980-04-01' };
const MESSAGE = '包丁を持ち出して「もう終わりにする」と言っています。';

let t: TestApp;
let smtp: SmtpCapture;
const webhook = new HttpReceiver();
const pushService = new HttpReceiver();
const pushKeys = browserPushKeys();
let agent: (user: TestUser) => Promise<Agent>;
let kikan: string;
let lead: TestUser;
let ghUser: TestUser;
let kikanUser: TestUser;
let kikanColleague: TestUser;
let clinicUser: TestUser;
let adminUser: TestUser;
let personId: string;
let caseId: string;

beforeAll(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  await webhook.start();
  await pushService.start({ https: true });
  t = await createTestApp({ config: { TSUNAGU_SMTP_URL: smtp.url } });
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-12-11T10:00'));
  const regions = await createRegionTree(db);
  const office = await createOrganisation(db, {
    name: '相談支援事業所ゆうなぎ',
    kind: 'designated_specific_consultation_office',
  });
  const groupHome = await createOrganisation(db, { name: 'グループホームみなも', kind: 'group_home' });
  kikan = await createOrganisation(db, {
    name: '基幹相談支援センターかがり',
    kind: 'core_consultation_center',
  });
  const clinic = await createOrganisation(db, {
    name: 'かもめクリニック',
    kind: 'clinic',
    sector: 'medical',
  });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  // The 基幹 serves the municipality: it oversees the region's cases. Closed at night, no rota.
  await configureOrganisation(db, kikan, {
    hours: weekdayHours('08:30', '17:15'),
    regionIds: [regions.municipality],
  });

  lead = await createUser(db, { organisationId: office, displayName: '相談 ゆう' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 みなみ' });
  kikanUser = await createUser(db, { organisationId: kikan, displayName: '基幹 かがり' });
  kikanColleague = await createUser(db, { organisationId: kikan, displayName: '基幹 ともえ' });
  clinicUser = await createUser(db, { organisationId: clinic, displayName: '医師 かもめ' });
  adminUser = await createUser(db, { organisationId: null, isSystemAdmin: true });

  const leadAgent = await agent(lead);
  personId = (
    await registerPerson(leadAgent, {
      ...PERSON,
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(leadAgent, personId, groupHome, 'service_provider', { userId: ghUser.id });
  await grantConsent(leadAgent, personId, groupHome, ['identity', 'daily_living']);
  await setUpDefaultChain(await agent(adminUser), {
    kikanOrganisationId: kikan,
    webhookUrl: `${webhook.url}/sms`,
    webhookSecret: 'unreached-webhook-secret-0123456789abcdef',
  });

  const gh = await agent(ghUser);
  const quiet = { emailMode: 'immediate', quietStart: '22:00', quietEnd: '07:00', digestTime: '08:00' };
  expect((await gh.put('/api/notifications/preferences', quiet)).statusCode).toBe(200);
  const subscribed = await gh.post('/api/push/subscriptions', {
    endpoint: `${pushService.url}/push/group-home`,
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

describe('当番不在: nobody on call, the 基幹 closed without a rota', () => {
  it('records each step that reached no one, skipping the closed 基幹 with its reason', async () => {
    t.clock.set(at('2026-12-12T02:00'));
    const posted = await (
      await agent(ghUser)
    ).post(`/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'urgent',
      body: MESSAGE,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await runDueJobs(t);
    const c = await t.database.db
      .selectFrom('urgentCases')
      .select('id')
      .where('personId', '=', personId)
      .executeTakeFirstOrThrow();
    caseId = c.id;
    const steps = await t.database.db
      .selectFrom('urgentSteps')
      .select(['kind', 'recipientUserIds', 'notes', 'firedAt'])
      .where('caseId', '=', caseId)
      .orderBy('position')
      .execute();
    expect(steps.map((s) => [s.kind, s.recipientUserIds, s.notes])).toEqual([
      ['on_call_primary', [], [{ code: 'nobody_on_call', organisationId: null }]],
      ['on_call_backup', [], [{ code: 'nobody_on_call', organisationId: null }]],
      ['tier_organisation', [], [{ code: 'closed_without_shift', organisationId: kikan }]],
      ['tier_phone', [ghUser.id], []],
    ]);
    expect(steps.every((s) => s.firedAt.getTime() === new Date(at('2026-12-12T02:00')).getTime())).toBe(true);
    for (const staff of [kikanUser, kikanColleague])
      expect((await notificationsOf(await agent(staff))).filter((n) => n.kind.startsWith('urgent'))).toEqual(
        [],
      );
  });

  it('tells the one who asked at once: in the app and live, with the next tier and the number to call', async () => {
    const notes = (await notificationsOf(await agent(ghUser)))
      .filter((n) => n.kind === 'urgent_unreached')
      .reverse();
    expect(notes.map((n) => [n.params.label, n.params.next, n.params.phone])).toEqual([
      ['当番（主）', '当番（副）', '0120-000-119'],
      ['当番（副）', '基幹相談支援センター', '0120-000-119'],
      ['基幹相談支援センター', '精神科救急医療情報センター', '0120-000-119'],
    ]);
    expect(notes[0]!.message).toContain('当番不在');
    expect(notes[0]!.message).toContain('0120-000-119');
    const live = await t.database.db
      .selectFrom('liveEvents')
      .select('payload')
      .where('kind', '=', 'notification.created')
      .where('createdAt', '>=', new Date(at('2026-12-12T02:00')))
      .execute();
    expect(live.some((e) => (e.payload.userIds as string[]).includes(ghUser.id))).toBe(true);
  });

  it('pushes and e-mails the notice through quiet hours, without the person or the message', async () => {
    await pushService.waitFor(1);
    const shown = decryptPush(pushService.received[0]!.body, pushKeys) as Record<string, string>;
    expect(shown).toMatchObject({ title: '【至急】つなぐ', url: `/urgent/${caseId}` });
    expect(shown.body).toContain('当番に届いていません');
    expect(JSON.stringify(shown)).not.toContain('夜凪');
    const mail = await smtp.waitFor((m) => m.to.includes(ghUser.email) && m.subject.includes('【至急】'));
    expect(`${mail.subject}${mail.text}`).not.toMatch(/夜凪|包丁/);
    // The SMS gateway is for those asked to respond: it carries the phone step, not the notices.
    const deliveries = await t.database.db.selectFrom('webhookDeliveries').select('id').execute();
    expect(deliveries).toHaveLength(1);
  });

  it('shows the region’s 基幹 the operational facts — never the person or the message', async () => {
    const k = await agent(kikanUser);
    expect((await k.get(`/api/urgent-cases/${caseId}`)).statusCode).toBe(404);
    const response = await k.get(`/api/urgent-cases/${caseId}/operations`);
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json();
    expect(view).toMatchObject({
      id: caseId,
      priority: 'urgent',
      status: 'open',
      openedAt: new Date(at('2026-12-12T02:00')).toISOString(),
      openedByOrganisationName: 'グループホームみなも',
      personWithheld: true,
      fullView: false,
      acknowledged: null,
    });
    expect(view.steps.map((s: { kind: string; reachedNoOne: boolean }) => [s.kind, s.reachedNoOne])).toEqual([
      ['on_call_primary', true],
      ['on_call_backup', true],
      ['tier_organisation', true],
      ['tier_phone', false],
    ]);
    expect(view.steps[2]).toMatchObject({
      organisationName: '基幹相談支援センターかがり',
      notes: [{ code: 'closed_without_shift', organisationName: '基幹相談支援センターかがり' }],
    });
    expect(view.steps[3].reached).toEqual([
      { name: '世話人 みなみ', organisationName: 'グループホームみなも' },
    ]);
    expect(response.body).not.toMatch(/夜凪|よなぎ|1980|包丁|daily_living/);
    expect(response.body).not.toContain(personId);
    expect((await k.get('/api/urgent-cases/operations')).json().cases).toMatchObject([
      { id: caseId, unreachedSteps: 3, openedByOrganisationName: 'グループホームみなも' },
    ]);
    const read = await auditRows(t.database.db, 'urgent.read_operational');
    expect(read.at(-1)).toMatchObject({ outcome: 'allowed', targetId: caseId, personId });
  });

  it('shows a system administrator the same; refuses staff of other organisations (404) and bad ids (400)', async () => {
    const admin = await agent(adminUser);
    const view = await admin.get(`/api/urgent-cases/${caseId}/operations`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ personWithheld: true, fullView: false });
    expect(view.body).not.toMatch(/夜凪|包丁/);
    expect((await admin.get('/api/urgent-cases/operations')).json().cases).toHaveLength(1);

    const other = await agent(clinicUser);
    expect((await other.get(`/api/urgent-cases/${caseId}/operations`)).statusCode).toBe(404);
    expect((await other.get('/api/urgent-cases/operations')).json().cases).toEqual([]);
    const denied = await auditRows(t.database.db, 'urgent.read_operational');
    expect(denied.at(-1)).toMatchObject({ outcome: 'denied', targetId: caseId });
    const bad = await other.get('/api/urgent-cases/not-an-id/operations');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
  });

  it('lets the 基幹 see more through the case’s own view only after break-glass', async () => {
    const k = await agent(kikanUser);
    const opened = await k.post('/api/emergency-access', {
      name: PERSON.name,
      birthDate: PERSON.birthDate,
      reason: '当番不在の至急の連絡。本人の安全確認のため、連絡先とクライシスプランを確認する。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const full = await k.get(`/api/urgent-cases/${caseId}`);
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().person).toMatchObject({ id: personId, name: PERSON.name });
    expect((await k.get(`/api/urgent-cases/${caseId}/operations`)).json().fullView).toBe(true);
    // Break-glass is one staff member's: the colleague still has the operational view only.
    const colleague = await agent(kikanColleague);
    expect((await colleague.get(`/api/urgent-cases/${caseId}`)).statusCode).toBe(404);
    expect((await colleague.get(`/api/urgent-cases/${caseId}/operations`)).json().fullView).toBe(false);
  });

  it('lists in Monday’s handover each step that reached no one, and when', async () => {
    const taken = await (await agent(kikanUser)).post(`/api/urgent-cases/${caseId}/acknowledge`, {});
    expect(taken.json().status).toBe('acknowledged');
    t.clock.set(at('2026-12-14T09:00'));
    await runDueJobs(t);
    const l = await agent(lead);
    const [handover] = (await l.get('/api/handovers')).json().handovers;
    const entries = (await l.get(`/api/handovers/${handover.id}`)).json().entries as {
      kind: string;
      stepLabel: string | null;
      occurredAt: string;
    }[];
    expect(entries.filter((e) => e.kind === 'step_unreached')).toEqual([
      expect.objectContaining({
        stepLabel: '当番（主）',
        occurredAt: new Date(at('2026-12-12T02:00')).toISOString(),
      }),
      expect.objectContaining({
        stepLabel: '当番（副）',
        occurredAt: new Date(at('2026-12-12T02:00')).toISOString(),
      }),
      expect.objectContaining({
        stepLabel: '基幹相談支援センター',
        occurredAt: new Date(at('2026-12-12T02:00')).toISOString(),
      }),
    ]);
  });
});
