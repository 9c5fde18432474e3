import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createRegionTree, createUser, type TestUser } from '../../../test/factories.ts';
import { setUpDefaultChain, signedInAgents } from '../../../test/escalation-factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * A region-wide night: many urgent cases whose steps fall due together fire as one set (one
 * transaction of a few statements), with exactly the effects each would have alone — who is
 * reached at each step, one notification, webhook delivery and handover entry per step, the next
 * step at its time — and one bad job in a set fails on its own while the rest fire.
 */
const at = (local: string) => `${local}+09:00`;
const NIGHT_CASES = 24;

let t: TestApp;
const webhook = new HttpReceiver();
let primary: TestUser;
let backup: TestUser;
let kikanStaff: TestUser[];
let wardNurse: TestUser;
let wardColleague: TestUser;
let ghUser: TestUser;
let office: string;
let kikan: string;
let municipalOffice: string;
let nightPersons: string[];
let wardPerson: string;

let agent: (user: TestUser) => Promise<Agent>;

async function tick(): Promise<void> {
  while ((await t.deps.jobs.runDue()) > 0);
}

async function stepsAt(position: number) {
  return t.database.db
    .selectFrom('urgentSteps as s')
    .innerJoin('urgentCases as c', 'c.id', 's.caseId')
    .select([
      'c.personId',
      's.kind',
      's.recipientUserIds',
      's.firedAt',
      's.dueAt',
      's.phone',
      's.id',
      's.notes',
    ])
    .where('s.position', '=', position)
    .execute();
}

async function post(personId: string) {
  const posted = await (
    await agent(ghUser)
  ).post(`/api/persons/${personId}/messages`, {
    category: 'daily_living',
    priority: 'emergency',
    callbackPhone: '090-0000-0999',
    body: '夜になって強い不安を訴えています。',
  });
  expect(posted.statusCode, posted.body).toBe(201);
}

beforeAll(async () => {
  await webhook.start();
  t = await createTestApp();
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-11-27T10:00'));
  const regions = await createRegionTree(db);
  office = await createOrganisation(db, {
    name: '相談支援事業所ひだまり',
    kind: 'designated_specific_consultation_office',
  });
  const groupHome = await createOrganisation(db, { name: 'グループホームさくら', kind: 'group_home' });
  const kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点つむぎ',
    kind: 'community_life_support_base',
  });
  kikan = await createOrganisation(db, {
    name: '基幹相談支援センターみなみ',
    kind: 'core_consultation_center',
  });
  // A hospital ward is open around the clock; its night nurse is named on one person's team.
  const ward = await createOrganisation(db, {
    name: 'みどり病院 病棟',
    kind: 'psychiatric_hospital',
    sector: 'medical',
  });
  const daycare = await createOrganisation(db, {
    name: 'みどり病院 デイケア',
    kind: 'psychiatric_hospital',
    sector: 'medical',
  });
  municipalOffice = await createOrganisation(db, {
    name: 'テスト市障害福祉課',
    kind: 'municipal_disability_welfare_division',
    sector: 'administration',
  });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, kikan, { hours: weekdayHours('08:30', '17:15') });
  await configureOrganisation(db, municipalOffice, {
    hours: weekdayHours(),
    regionIds: [regions.municipality],
  });
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' }));
  await configureOrganisation(db, ward, { hours: allDay });
  await configureOrganisation(db, daycare, { hours: allDay });

  const lead = await createUser(db, { organisationId: office, displayName: '相談 ひなた' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 さくら' });
  primary = await createUser(db, { organisationId: kyoten, displayName: '拠点 つむぎ主' });
  backup = await createUser(db, { organisationId: kyoten, displayName: '拠点 つむぎ副' });
  kikanStaff = [
    await createUser(db, { organisationId: kikan, displayName: '基幹 みなみ一' }),
    await createUser(db, { organisationId: kikan, displayName: '基幹 みなみ二' }),
  ];
  wardNurse = await createUser(db, { organisationId: ward, displayName: '看護 みどり' });
  await createUser(db, { organisationId: ward, displayName: '看護 あおば' });
  wardColleague = await createUser(db, { organisationId: daycare, displayName: 'デイケア わかば' });
  const admin = await createUser(db, { organisationId: null, isSystemAdmin: true });

  const leadAgent = await agent(lead);
  nightPersons = [];
  for (let i = 0; i < NIGHT_CASES; i++) {
    const { id } = await registerPerson(leadAgent, {
      name: `夜間 さん${i}`,
      kana: 'やかん さん',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    });
    await addToTeam(leadAgent, id, groupHome, 'service_provider', { userId: ghUser.id });
    await grantConsent(leadAgent, id, groupHome, ['identity', 'daily_living']);
    nightPersons.push(id);
  }
  wardPerson = (
    await registerPerson(leadAgent, {
      name: '病棟 さん',
      kana: 'びょうとう さん',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(leadAgent, wardPerson, groupHome, 'service_provider', { userId: ghUser.id });
  await grantConsent(leadAgent, wardPerson, groupHome, ['identity', 'daily_living']);
  await addToTeam(leadAgent, wardPerson, ward, 'attending_physician', { userId: wardNurse.id });
  // The day-care unit is on the team without a named member: all its staff are reached.
  await addToTeam(leadAgent, wardPerson, daycare, 'service_provider');

  await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-11-27T17:00'),
    endsAt: at('2026-11-30T08:30'),
    primaryUserId: primary.id,
    backupUserId: backup.id,
    regionIds: [regions.municipality],
    contactPhone: '090-0000-0202',
  });
  const adminAgent = await agent(admin);
  await setUpDefaultChain(adminAgent, {
    kikanOrganisationId: kikan,
    webhookUrl: `${webhook.url}/sms`,
    webhookSecret: 'batch-test-webhook-secret-0123456789abcdef',
  });
});

afterAll(async () => {
  await t?.close();
  await webhook.stop();
});

describe('many escalations due at once', () => {
  it('fires the first steps of every case together: the team that is open, else the on-call primary', async () => {
    t.clock.set(at('2026-11-27T21:30'));
    for (const id of nightPersons) await post(id);
    await post(wardPerson);
    await tick();

    const first = await stepsAt(0);
    expect(first).toHaveLength(NIGHT_CASES + 1);
    const night = first.filter((s) => s.personId !== wardPerson);
    expect(new Set(night.map((s) => s.kind))).toEqual(new Set(['on_call_primary']));
    expect(night.every((s) => s.recipientUserIds.length === 1 && s.recipientUserIds[0] === primary.id)).toBe(
      true,
    );
    expect(night.every((s) => s.phone === '090-0000-0202')).toBe(true);
    const team = first.find((s) => s.personId === wardPerson)!;
    expect(team.kind).toBe('team');
    // The named nurse (not her colleague on the ward), and every staff member of the unnamed day care.
    expect(new Set(team.recipientUserIds)).toEqual(new Set([wardNurse.id, wardColleague.id]));
    expect(first.every((s) => s.firedAt.getTime() === new Date(at('2026-11-27T21:30')).getTime())).toBe(true);

    const notified = await t.database.db
      .selectFrom('notifications')
      .select(['userId', 'kind', 'subjectId'])
      .where('kind', '=', 'urgent_case')
      .execute();
    expect(notified.filter((n) => n.userId === primary.id)).toHaveLength(NIGHT_CASES);
    expect(new Set(notified.map((n) => n.subjectId)).size).toBe(NIGHT_CASES + 1);

    // One webhook delivery per step and recipient, each with its own stable id.
    const deliveries = await t.database.db
      .selectFrom('webhookDeliveries')
      .select(['id', 'deliveredAt'])
      .execute();
    expect(deliveries).toHaveLength(NIGHT_CASES + 2);
    expect(deliveries.every((d) => d.deliveredAt !== null)).toBe(true);
    const ids = webhook.received.map((r) => (JSON.parse(r.body.toString()) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(deliveries.map((d) => d.id)));

    // Handover for the lead office and the municipality (both closed), once per step.
    const entries = await t.database.db
      .selectFrom('handoverEntries')
      .select(['organisationId', 'stepId'])
      .where('kind', '=', 'step_fired')
      .execute();
    expect(entries.filter((e) => e.organisationId === office)).toHaveLength(NIGHT_CASES + 1);
    expect(entries.filter((e) => e.organisationId === municipalOffice)).toHaveLength(NIGHT_CASES + 1);

    // Each case's next step waits the acknowledgement time.
    const next = await t.database.db
      .selectFrom('jobs')
      .select(['runAt'])
      .where('queue', '=', 'escalation')
      .where('status', '=', 'queued')
      .execute();
    expect(next).toHaveLength(NIGHT_CASES + 1);
    expect(next.every((j) => j.runAt.getTime() === new Date(at('2026-11-27T21:40')).getTime())).toBe(true);
  });

  it('goes on together through backup, chain and phone; a case taken in between drops out of the set', async () => {
    const taken = await t.database.db
      .selectFrom('urgentCases')
      .select('id')
      .where('personId', '=', nightPersons[0]!)
      .executeTakeFirstOrThrow();
    t.clock.set(at('2026-11-27T21:35'));
    const ack = await (await agent(primary)).post(`/api/urgent-cases/${taken.id}/acknowledge`, {});
    expect(ack.statusCode, ack.body).toBe(200);

    t.clock.set(at('2026-11-27T21:40'));
    await tick();
    const second = await stepsAt(1);
    // The ward's case has no on-call primary step: its second step is the primary.
    expect(second).toHaveLength(NIGHT_CASES);
    expect(second.some((s) => s.personId === nightPersons[0])).toBe(false);
    const backups = second.filter((s) => s.personId !== wardPerson);
    expect(backups.every((s) => s.kind === 'on_call_backup' && s.recipientUserIds[0] === backup.id)).toBe(
      true,
    );
    expect(second.find((s) => s.personId === wardPerson)).toMatchObject({
      kind: 'on_call_primary',
      recipientUserIds: [primary.id],
    });

    t.clock.set(at('2026-11-27T21:50'));
    await tick();
    const third = (await stepsAt(2)).filter((s) => s.personId !== wardPerson);
    expect(third).toHaveLength(NIGHT_CASES - 1);
    // The 基幹 centre is closed and has no one on call: skipped with its reason, not sent to all its staff.
    expect(
      third.every(
        (s) =>
          s.kind === 'tier_organisation' &&
          s.recipientUserIds.length === 0 &&
          JSON.stringify(s.notes) ===
            JSON.stringify([{ code: 'closed_without_shift', organisationId: kikan }]),
      ),
    ).toBe(true);
    // The one who asked hears at once, once per case, with the next tier and the number to call.
    const unreached = await t.database.db
      .selectFrom('notifications')
      .select(['userId', 'payload'])
      .where('kind', '=', 'urgent_unreached')
      .execute();
    expect(unreached).toHaveLength(NIGHT_CASES - 1);
    expect(unreached.every((n) => n.userId === ghUser.id)).toBe(true);
    expect(unreached[0]!.payload).toMatchObject({
      next: '精神科救急医療情報センター',
      phone: '0120-000-119',
    });

    // Nobody reached at the 基幹: the phone step follows in the same minute, to everyone reached so far
    // and to the one who asked.
    const fourth = (await stepsAt(3)).filter((s) => s.personId !== wardPerson);
    expect(fourth).toHaveLength(NIGHT_CASES - 1);
    expect(
      fourth.every(
        (s) =>
          s.kind === 'tier_phone' &&
          s.phone === '0120-000-119' &&
          s.firedAt.getTime() === new Date(at('2026-11-27T21:50')).getTime() &&
          new Set(s.recipientUserIds).size === 3 &&
          [primary.id, backup.id, ghUser.id].every((u) => s.recipientUserIds.includes(u)),
      ),
    ).toBe(true);
    expect(
      await t.database.db
        .selectFrom('notifications')
        .select('id')
        .where(
          'userId',
          'in',
          kikanStaff.map((u) => u.id),
        )
        .execute(),
    ).toEqual([]);

    t.clock.set(at('2026-11-27T22:00'));
    await tick();
    const statuses = await t.database.db
      .selectFrom('urgentCases')
      .select(['personId', 'status'])
      .where('personId', 'in', nightPersons)
      .execute();
    expect(statuses.filter((c) => c.status === 'exhausted')).toHaveLength(NIGHT_CASES - 1);
    expect(statuses.find((c) => c.personId === nightPersons[0])?.status).toBe('acknowledged');
    const exhaustedNotes = await t.database.db
      .selectFrom('handoverEntries')
      .select('id')
      .where('kind', '=', 'case_exhausted')
      .where('organisationId', '=', office)
      .execute();
    expect(exhaustedNotes).toHaveLength(NIGHT_CASES - 1);
    // The morning handover says which step reached no one (the 基幹 of every night case, and the ward's).
    const unreachedNotes = await t.database.db
      .selectFrom('handoverEntries')
      .select('id')
      .where('kind', '=', 'step_unreached')
      .where('organisationId', '=', office)
      .execute();
    expect(unreachedNotes).toHaveLength(NIGHT_CASES);
  });

  it('lets a bad job in a set fail on its own, while the other steps of the set fire', async () => {
    const personId = nightPersons[1]!;
    t.clock.set(at('2026-11-28T01:00'));
    await post(personId);
    // A job no step can come from: its case id is not even an id, so the set's statement fails.
    await sql`insert into jobs (queue, key, payload, run_at, status, max_attempts, created_at)
      values ('escalation', 'escalation:broken:0', ${JSON.stringify({ caseId: 'not-a-case', position: 0 })}::jsonb,
        ${t.clock.now()}, 'queued', 30, ${t.clock.now()})`.execute(t.database.db);
    expect(await t.deps.jobs.runDue()).toBeGreaterThanOrEqual(2);

    const fresh = await t.database.db
      .selectFrom('urgentSteps as s')
      .innerJoin('urgentCases as c', 'c.id', 's.caseId')
      .select(['s.kind', 's.recipientUserIds'])
      .where('c.openedAt', '=', new Date(at('2026-11-28T01:00')))
      .execute();
    expect(fresh).toEqual([{ kind: 'on_call_primary', recipientUserIds: [primary.id] }]);
    const broken = await t.database.db
      .selectFrom('jobs')
      .select(['status', 'attempts', 'lastError'])
      .where('key', '=', 'escalation:broken:0')
      .executeTakeFirstOrThrow();
    expect(broken).toMatchObject({ status: 'queued', attempts: 1 });
    expect(broken.lastError).toMatch(/uuid/);
  });
});
