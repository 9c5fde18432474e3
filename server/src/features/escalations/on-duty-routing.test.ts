import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createRegionTree, createUser, type TestUser } from '../../../test/factories.ts';
import {
  notificationsOf,
  runDueJobs,
  setUpDefaultChain,
  signedInAgents,
} from '../../../test/escalation-factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * The person on duty, not the person on the team (issue 16, items 1 and 8), through the API and
 * the real queue on the injected clock: the 拠点 is open around the clock and keeps a rota; a 緊急
 * at 00:52 goes to its coordinator on duty, not to its named team member who is asleep; the case
 * is open to its backup on duty too; with nobody on duty in the day, its team members are reached
 * and the step says why. And every escalation step goes by e-mail at once, whatever the
 * recipient's quiet hours, while an ordinary notification waits for their end.
 */
const at = (local: string) => `${local}+09:00`;

let t: TestApp;
let smtp: SmtpCapture;
const webhook = new HttpReceiver();
let agent: (user: TestUser) => Promise<Agent>;
let kyoten: string;
let nightShift: string;
let ghUser: TestUser;
let lead: TestUser;
let kyotenNamed: TestUser;
let onDuty: TestUser;
let onDutyBackup: TestUser;
let outsider: TestUser;
let personId: string;
let quietPersonId: string;
let municipality: string;

async function post(person: string, priority: 'urgent' | 'emergency') {
  const posted = await (
    await agent(ghUser)
  ).post(`/api/persons/${person}/messages`, {
    category: 'daily_living',
    priority,
    callbackPhone: '090-0000-0999',
    body: '夜中に部屋で大きな物音がして、声をかけても返事がありません。',
  });
  expect(posted.statusCode, posted.body).toBe(201);
}

/** The steps of the latest case about a person, as recorded. */
async function stepsOfLatest(person: string) {
  const c = await t.database.db
    .selectFrom('urgentCases')
    .select('id')
    .where('personId', '=', person)
    .orderBy('openedAt', 'desc')
    .executeTakeFirstOrThrow();
  const steps = await t.database.db
    .selectFrom('urgentSteps')
    .select(['kind', 'recipientUserIds', 'shiftIds', 'notes'])
    .where('caseId', '=', c.id)
    .orderBy('position')
    .execute();
  return { caseId: c.id, steps };
}

beforeAll(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  await webhook.start();
  t = await createTestApp({ config: { TSUNAGU_SMTP_URL: smtp.url } });
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-12-09T10:00'));
  const regions = await createRegionTree(db);
  municipality = regions.municipality;
  const office = await createOrganisation(db, {
    name: '相談支援事業所みちしお',
    kind: 'designated_specific_consultation_office',
  });
  const groupHome = await createOrganisation(db, { name: 'グループホームしおさい', kind: 'group_home' });
  kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点なぎさ',
    kind: 'community_life_support_base',
  });
  const kikan = await createOrganisation(db, {
    name: '基幹相談支援センターうみ',
    kind: 'core_consultation_center',
  });
  const elsewhere = await createOrganisation(db, { name: '別の事業所', kind: 'group_home' });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, kikan, { hours: weekdayHours('08:30', '17:15') });
  // The 拠点 is open around the clock (it counted as an open team office before this fix).
  await configureOrganisation(db, kyoten, {
    hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })),
    regionIds: [regions.municipality],
  });

  lead = await createUser(db, { organisationId: office, displayName: '相談 みちる' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 しおり' });
  kyotenNamed = await createUser(db, { organisationId: kyoten, displayName: '拠点 なな' });
  onDuty = await createUser(db, { organisationId: kyoten, displayName: '拠点 よいち' });
  onDutyBackup = await createUser(db, { organisationId: kyoten, displayName: '拠点 ふたば' });
  outsider = await createUser(db, { organisationId: elsewhere, displayName: '別所 そと' });
  const admin = await createUser(db, { organisationId: null, isSystemAdmin: true });

  const leadAgent = await agent(lead);
  personId = (
    await registerPerson(leadAgent, {
      name: '渚 あおい',
      kana: 'なぎさ あおい',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(leadAgent, personId, groupHome, 'service_provider', { userId: ghUser.id });
  await addToTeam(leadAgent, personId, kyoten, 'service_provider', { userId: kyotenNamed.id });
  await grantConsent(leadAgent, personId, groupHome, ['identity', 'daily_living']);
  await grantConsent(leadAgent, personId, kyoten, ['identity', 'daily_living', 'crisis']);
  // A second person whose team does not include the 拠点: their case goes to the region's on-call.
  quietPersonId = (
    await registerPerson(leadAgent, {
      name: '汐見 しずく',
      kana: 'しおみ しずく',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(leadAgent, quietPersonId, groupHome, 'service_provider', { userId: ghUser.id });
  await grantConsent(leadAgent, quietPersonId, groupHome, ['identity', 'daily_living']);

  // The 拠点's night rota, which is also the municipality's on-call: Wednesday 17:00 → Thursday 9:00.
  nightShift = await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-12-09T17:00'),
    endsAt: at('2026-12-10T09:00'),
    primaryUserId: onDuty.id,
    backupUserId: onDutyBackup.id,
    regionIds: [regions.municipality],
    contactPhone: '090-0000-0777',
  });
  await setUpDefaultChain(await agent(admin), {
    kikanOrganisationId: kikan,
    webhookUrl: `${webhook.url}/sms`,
    webhookSecret: 'on-duty-routing-webhook-secret-0123456789',
  });
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
  await webhook.stop();
});

describe('a team organisation with a rota: the person on duty, not the person on the team', () => {
  let caseId: string;

  it('sends the 00:52 緊急 to the 拠点’s coordinator on duty, not to its named member who is off duty', async () => {
    t.clock.set(at('2026-12-10T00:52'));
    await post(personId, 'emergency');
    await runDueJobs(t);
    const recorded = await stepsOfLatest(personId);
    caseId = recorded.caseId;
    expect(recorded.steps).toEqual([
      { kind: 'team', recipientUserIds: [onDuty.id], shiftIds: [nightShift], notes: [] },
    ]);
    expect(
      (await notificationsOf(await agent(onDuty))).filter((n) => n.kind === 'urgent_case'),
    ).toMatchObject([{ params: { caseId } }]);
    expect((await notificationsOf(await agent(kyotenNamed))).filter((n) => n.kind === 'urgent_case')).toEqual(
      [],
    );
    // The SMS gateway is asked to call the shift's phone, not the named member's.
    await webhook.waitFor(1);
    expect(JSON.parse(webhook.received[0]!.body.toString())).toMatchObject({
      recipient: { userId: onDuty.id, phone: '090-0000-0777' },
    });
    // The region's on-call primary is the same shift: it is not asked a second time.
    const view = (await (await agent(onDuty)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(view.remainingSteps).toEqual(['当番（副）', '基幹相談支援センター', '精神科救急医療情報センター']);
  });

  it('opens the case to every staff member on duty there — the backup too — and to no one outside', async () => {
    const backup = await agent(onDutyBackup);
    const seen = await backup.get(`/api/urgent-cases/${caseId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'open', abilities: { acknowledge: true } });
    expect((await backup.get('/api/urgent-cases')).json().cases).toMatchObject([
      { id: caseId, reachedMe: false },
    ]);
    const stranger = await agent(outsider);
    expect((await stranger.get(`/api/urgent-cases/${caseId}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/urgent-cases')).json().cases).toEqual([]);
  });

  it('asks the shift’s backup at the backup step, still not the named member', async () => {
    t.clock.set(at('2026-12-10T01:02'));
    await runDueJobs(t);
    const { steps } = await stepsOfLatest(personId);
    expect(steps.map((s) => [s.kind, s.recipientUserIds])).toEqual([
      ['team', [onDuty.id]],
      ['on_call_backup', [onDutyBackup.id]],
    ]);
    expect((await notificationsOf(await agent(kyotenNamed))).filter((n) => n.kind === 'urgent_case')).toEqual(
      [],
    );
    const taken = await (await agent(onDutyBackup)).post(`/api/urgent-cases/${caseId}/acknowledge`, {});
    expect(taken.json().status).toBe('acknowledged');
  });

  it('falls back to the team member in the day, when nobody is on duty, and records why', async () => {
    t.clock.set(at('2026-12-10T14:00'));
    await post(personId, 'emergency');
    await runDueJobs(t);
    const { steps } = await stepsOfLatest(personId);
    // The lead office is open too: its member and the 拠点's named member, with the 拠点's reason.
    expect(steps[0]).toMatchObject({
      kind: 'team',
      shiftIds: [],
      notes: [{ code: 'rota_nobody_on_duty', organisationId: kyoten }],
    });
    expect(new Set(steps[0]!.recipientUserIds)).toEqual(new Set([lead.id, kyotenNamed.id]));
    // Nobody is on call for the region either: its primary step reaches no one, and says so.
    t.clock.set(at('2026-12-10T14:10'));
    await runDueJobs(t);
    expect((await stepsOfLatest(personId)).steps[1]).toMatchObject({
      kind: 'on_call_primary',
      recipientUserIds: [],
      notes: [{ code: 'nobody_on_call', organisationId: null }],
    });
    const { caseId } = await stepsOfLatest(personId);
    const taken = await (await agent(kyotenNamed)).post(`/api/urgent-cases/${caseId}/acknowledge`, {});
    expect(taken.json().status).toBe('acknowledged');
  });
});

describe('quiet hours are for ordinary notifications, never for an escalation step', () => {
  it('e-mails an on-call 至急 step at 02:00 at once, while an ordinary notification waits until 7:00', async () => {
    const quiet = { emailMode: 'immediate', quietStart: '22:00', quietEnd: '07:00', digestTime: '08:00' };
    const prefs = await (await agent(onDuty)).put('/api/notifications/preferences', quiet);
    expect(prefs.statusCode, prefs.body).toBe(200);
    // Friday night's shift, on which the named member is primary and asks the coordinator to swap.
    const friday = await createShift(t.database.db, {
      organisationId: kyoten,
      startsAt: at('2026-12-11T17:00'),
      endsAt: at('2026-12-12T09:00'),
      primaryUserId: kyotenNamed.id,
      regionIds: [municipality],
    });
    await createShift(t.database.db, {
      organisationId: kyoten,
      startsAt: at('2026-12-10T17:00'),
      endsAt: at('2026-12-11T09:00'),
      primaryUserId: onDuty.id,
      backupUserId: onDutyBackup.id,
      regionIds: [municipality],
    });

    const toCoordinator = () => smtp.received.filter((m) => JSON.stringify(m.to).includes(onDuty.email));
    const before = toCoordinator().length;
    t.clock.set(at('2026-12-11T02:00'));
    const swap = await (
      await agent(kyotenNamed)
    ).post(`/api/on-call/shifts/${friday}/swap-requests`, {
      role: 'primary',
      toUserId: onDuty.id,
    });
    expect(swap.statusCode, swap.body).toBe(201);
    await post(quietPersonId, 'urgent');
    await runDueJobs(t);
    const { steps } = await stepsOfLatest(quietPersonId);
    expect(steps.map((s) => [s.kind, s.recipientUserIds])).toEqual([['on_call_primary', [onDuty.id]]]);

    const urgentMail = await smtp.waitFor(
      (m) => m.to.includes(onDuty.email) && m.subject.includes('【至急】'),
    );
    expect(urgentMail.text).not.toContain('汐見');
    expect(toCoordinator()).toHaveLength(before + 1);
    const held = await t.database.db
      .selectFrom('jobs')
      .select('runAt')
      .where('queue', '=', 'email.notification')
      .where('status', '=', 'queued')
      .execute();
    expect(held.map((j) => j.runAt.toISOString())).toEqual([new Date(at('2026-12-11T07:00')).toISOString()]);

    t.clock.set(at('2026-12-11T06:59'));
    await runDueJobs(t);
    expect(toCoordinator()).toHaveLength(before + 1);
    t.clock.set(at('2026-12-11T07:00'));
    await runDueJobs(t);
    await smtp.waitFor((m) => m.to.includes(onDuty.email) && !m.subject.includes('【'));
    expect(toCoordinator()).toHaveLength(before + 2);
  });
});
