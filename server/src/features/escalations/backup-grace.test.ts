import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createRegionTree, createUser, type TestUser } from '../../../test/factories.ts';
import { runDueJobs, setUpDefaultChain, signedInAgents } from '../../../test/escalation-factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * The backup of the shift that took the case (issue 16, item 7), through the API and the real
 * queue on the injected clock: a case opened at 8:59 by the night shift ending at 9:00 escalates
 * at 9:09 to that night's backup — within the 拠点's grace period after its shift — and to the
 * team office that opened at 9:00; not to whoever (no one) is on call at 9:09, nor to every staff
 * member of the 基幹. Past the grace period (set by the 拠点's admin), the backup step looks at who
 * is on call then.
 */
const at = (local: string) => `${local}+09:00`;

let t: TestApp;
const webhook = new HttpReceiver();
let agent: (user: TestUser) => Promise<Agent>;
let kyoten: string;
let office: string;
let lead: TestUser;
let ghUser: TestUser;
let nightPrimary: TestUser;
let nightBackup: TestUser;
let kyotenAdmin: TestUser;
let kikanStaff: TestUser[];
let personId: string;
let municipality: string;

/** The 緊急 the group home posts, and the steps of its case so far. */
async function postAt(local: string): Promise<string> {
  t.clock.set(at(local));
  const posted = await (
    await agent(ghUser)
  ).post(`/api/persons/${personId}/messages`, {
    category: 'daily_living',
    priority: 'emergency',
    callbackPhone: '090-0000-0999',
    body: '朝食に来ず、部屋から強い口調の独り言が続いています。',
  });
  expect(posted.statusCode, posted.body).toBe(201);
  await runDueJobs(t);
  return (
    await t.database.db
      .selectFrom('urgentCases')
      .select('id')
      .where('openedAt', '=', new Date(at(local)))
      .executeTakeFirstOrThrow()
  ).id;
}

function stepsOf(caseId: string) {
  return t.database.db
    .selectFrom('urgentSteps')
    .select(['kind', 'recipientUserIds', 'notes'])
    .where('caseId', '=', caseId)
    .orderBy('position')
    .execute();
}

/** The 拠点's night shift ending at 9:00 on the given morning. */
async function nightEnding(date: string, previous: string): Promise<string> {
  return createShift(t.database.db, {
    organisationId: kyoten,
    startsAt: at(`${previous}T17:00`),
    endsAt: at(`${date}T09:00`),
    primaryUserId: nightPrimary.id,
    backupUserId: nightBackup.id,
    regionIds: [municipality],
    contactPhone: '090-0000-0909',
  });
}

beforeAll(async () => {
  await webhook.start();
  t = await createTestApp();
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-12-09T10:00'));
  const regions = await createRegionTree(db);
  municipality = regions.municipality;
  office = await createOrganisation(db, {
    name: '相談支援事業所あさなぎ',
    kind: 'designated_specific_consultation_office',
  });
  const groupHome = await createOrganisation(db, { name: 'グループホームあさひ', kind: 'group_home' });
  kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点よあけ',
    kind: 'community_life_support_base',
  });
  const kikan = await createOrganisation(db, {
    name: '基幹相談支援センターひので',
    kind: 'core_consultation_center',
  });
  // The team's office opens at 9:00; the 基幹 at 8:30 (open at 9:09, with no rota of its own).
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, kikan, { hours: weekdayHours('08:30', '17:15') });

  lead = await createUser(db, { organisationId: office, displayName: '相談 あさみ' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 ひかり' });
  nightPrimary = await createUser(db, { organisationId: kyoten, displayName: '拠点 よる' });
  nightBackup = await createUser(db, { organisationId: kyoten, displayName: '拠点 あけ' });
  kyotenAdmin = await createUser(db, {
    organisationId: kyoten,
    role: 'org_admin',
    displayName: '拠点 かんり',
  });
  kikanStaff = [
    await createUser(db, { organisationId: kikan, displayName: '基幹 いち' }),
    await createUser(db, { organisationId: kikan, displayName: '基幹 に' }),
  ];
  const admin = await createUser(db, { organisationId: null, isSystemAdmin: true });

  const leadAgent = await agent(lead);
  personId = (
    await registerPerson(leadAgent, {
      name: '朝日 こはる',
      kana: 'あさひ こはる',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(leadAgent, personId, groupHome, 'service_provider', { userId: ghUser.id });
  await grantConsent(leadAgent, personId, groupHome, ['identity', 'daily_living']);
  await setUpDefaultChain(await agent(admin), {
    kikanOrganisationId: kikan,
    webhookUrl: `${webhook.url}/sms`,
    webhookSecret: 'backup-grace-webhook-secret-0123456789',
  });
});

afterAll(async () => {
  await t?.close();
  await webhook.stop();
});

describe('the backup of the shift that took the case', () => {
  it('8:59 → 9:09: asks the night’s backup within its grace period, and the team office that opened since', async () => {
    await nightEnding('2026-12-10', '2026-12-09');
    const caseId = await postAt('2026-12-10T08:59');
    expect(await stepsOf(caseId)).toEqual([
      { kind: 'on_call_primary', recipientUserIds: [nightPrimary.id], notes: [] },
    ]);

    t.clock.set(at('2026-12-10T09:08'));
    await runDueJobs(t);
    expect(await stepsOf(caseId)).toHaveLength(1);
    t.clock.set(at('2026-12-10T09:09'));
    await runDueJobs(t);
    const steps = await stepsOf(caseId);
    expect(steps).toHaveLength(2);
    expect(steps[1]).toMatchObject({
      kind: 'on_call_backup',
      notes: [
        { code: 'backup_of_ended_shift', organisationId: kyoten },
        { code: 'team_opened_since', organisationId: office },
      ],
    });
    expect(new Set(steps[1]!.recipientUserIds)).toEqual(new Set([nightBackup.id, lead.id]));
    // The backup, off the rota since 9:00, opens the case it was asked about.
    const backupView = (await (await agent(nightBackup)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(backupView.steps[1]).toMatchObject({ kind: 'on_call_backup', phone: '090-0000-0909' });
    const notes = await t.database.db
      .selectFrom('notifications')
      .select('userId')
      .where('kind', '=', 'urgent_case')
      .where(
        'userId',
        'in',
        kikanStaff.map((u) => u.id),
      )
      .execute();
    expect(notes).toEqual([]);
    const taken = await (await agent(lead)).post(`/api/urgent-cases/${caseId}/acknowledge`, {});
    expect(taken.json().status).toBe('acknowledged');
  });

  it('past the grace period its admin set, asks whoever is on call then — nobody — and still the opened office', async () => {
    const admin = await agent(kyotenAdmin);
    const set = await admin.put(`/api/organisations/${kyoten}/on-call-session`, { backupGraceMinutes: 5 });
    expect(set.json()).toMatchObject({ backupGraceMinutes: 5 });
    await nightEnding('2026-12-11', '2026-12-10');
    const caseId = await postAt('2026-12-11T08:59');
    t.clock.set(at('2026-12-11T09:09'));
    await runDueJobs(t);
    const steps = await stepsOf(caseId);
    expect(steps[1]).toMatchObject({
      kind: 'on_call_backup',
      recipientUserIds: [lead.id],
      notes: [
        { code: 'nobody_on_call', organisationId: null },
        { code: 'team_opened_since', organisationId: office },
      ],
    });
  });
});
