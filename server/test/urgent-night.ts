import { expect } from 'vitest';
import type { InformationCategory } from '@tsunagu/contract';
import type { Agent } from './agent.ts';
import { signedInAgents } from './escalation-factories.ts';
import { createOrganisation, createRegionTree, createUser, type TestUser } from './factories.ts';
import { configureOrganisation, createShift, weekdayHours } from './on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from './person-factories.ts';
import type { TestApp } from './test-app.ts';

/** A Tokyo wall-clock time as an ISO instant. */
export const at = (local: string) => `${local}+09:00`;

/** The people of one night (README 夜間・休日の対応), made through the API on the injected clock. */
export interface UrgentNight {
  agent: (user: TestUser) => Promise<Agent>;
  organisations: {
    office: string;
    groupHome: string;
    kyoten: string;
    hokenjo: string;
    clinic: string;
    kikan: string;
  };
  users: {
    lead: TestUser;
    gh: TestUser;
    kyotenNamed: TestUser;
    onDuty: TestUser;
    onDutyBackup: TestUser;
    hokenjo: TestUser;
    clinic: TestUser;
    outsider: TestUser;
    admin: TestUser;
  };
  /** 渚 あかり: her team's 拠点 may read クライシス but not 生活; an ex-husband she must never be told of. */
  personId: string;
  /** 汐見 しずく: the 拠点 has no consent for her at all (not even her name). */
  hiddenPersonId: string;
  /** The 拠点's night shift, Wednesday 17:00 → Thursday 9:00, also the municipality's on-call. */
  nightShift: string;
}

/** The excluded contact of both persons, as their team recorded it. */
export const EX_HUSBAND = { name: '渚 たける', relationship: 'spouse', phone: '090-1111-2222' } as const;

/**
 * A small region at night: a consultation office leading the team (open weekdays 9–17), a group
 * home (phone 099-000-1101), a 拠点 open around the clock with a rota and a named team member who
 * is off duty, a 保健所 (a public body) and a clinic on the team, a 基幹 in the chain. The clock is
 * left at Wednesday 10:00, before the night.
 */
export async function buildUrgentNight(t: TestApp): Promise<UrgentNight> {
  const agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-12-09T10:00'));
  const regions = await createRegionTree(db);
  const office = await createOrganisation(db, {
    name: '相談支援事業所ゆうなぎ',
    kind: 'designated_specific_consultation_office',
    phone: '099-000-1001',
  });
  const groupHome = await createOrganisation(db, {
    name: 'グループホームあけぼの',
    kind: 'group_home',
    phone: '099-000-1101',
  });
  const kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点ともしび',
    kind: 'community_life_support_base',
    phone: '099-000-1021',
  });
  const hokenjo = await createOrganisation(db, {
    name: '架空保健所',
    kind: 'public_health_center',
    phone: '099-000-2000',
  });
  const clinic = await createOrganisation(db, { name: 'ゆうなぎクリニック', kind: 'clinic' });
  const kikan = await createOrganisation(db, {
    name: '基幹相談支援センターみさき',
    kind: 'core_consultation_center',
  });
  const elsewhere = await createOrganisation(db, { name: '別の事業所', kind: 'group_home' });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, clinic, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, hokenjo, { hours: weekdayHours('08:30', '17:15') });
  await configureOrganisation(db, kikan, {
    hours: weekdayHours('08:30', '17:15'),
    regionIds: [regions.area],
  });
  await configureOrganisation(db, kyoten, {
    hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })),
    regionIds: [regions.municipality],
  });

  const users = {
    lead: await createUser(db, { organisationId: office, displayName: '相談 ゆうこ' }),
    gh: await createUser(db, { organisationId: groupHome, displayName: '世話人 あけみ' }),
    kyotenNamed: await createUser(db, { organisationId: kyoten, displayName: '拠点 なつめ' }),
    onDuty: await createUser(db, { organisationId: kyoten, displayName: '拠点 よるの' }),
    onDutyBackup: await createUser(db, { organisationId: kyoten, displayName: '拠点 ふくの' }),
    hokenjo: await createUser(db, { organisationId: hokenjo, displayName: '保健師 ほのか' }),
    clinic: await createUser(db, { organisationId: clinic, displayName: '看護師 みずき' }),
    outsider: await createUser(db, { organisationId: elsewhere, displayName: '別所 そと' }),
    admin: await createUser(db, { organisationId: null, isSystemAdmin: true }),
  };

  const lead = await agent(users.lead);
  const team = async (personId: string, grants: Partial<Record<string, InformationCategory[]>>) => {
    await grantConsent(lead, personId, office, ['identity', 'family_environment', 'daily_living', 'crisis']);
    const members: [string, TestUser, InformationCategory[] | undefined][] = [
      [groupHome, users.gh, grants.groupHome],
      [kyoten, users.kyotenNamed, grants.kyoten],
      [hokenjo, users.hokenjo, grants.hokenjo],
      [clinic, users.clinic, grants.clinic],
    ];
    for (const [organisationId, user, categories] of members) {
      await addToTeam(lead, personId, organisationId, 'service_provider', { userId: user.id });
      if (categories) await grantConsent(lead, personId, organisationId, categories);
    }
    const contact = await lead.post(`/api/persons/${personId}/contacts`, {
      ...EX_HUSBAND,
      isExcluded: true,
      exclusionNote: 'DVのため、所在も支援の状況も一切伝えない（本人の強い希望）。',
    });
    expect(contact.statusCode, contact.body).toBe(201);
  };
  const area = { dailyLifeAreaId: regions.daily, responsibleMunicipalityId: regions.municipality };
  const personId = (await registerPerson(lead, { name: '渚 あかり', kana: 'なぎさ あかり', ...area })).id;
  await team(personId, {
    groupHome: ['identity', 'daily_living', 'crisis'],
    kyoten: ['identity', 'crisis'],
    hokenjo: ['identity', 'daily_living'],
    clinic: ['identity', 'medical'],
  });
  const hiddenPersonId = (await registerPerson(lead, { name: '汐見 しずく', kana: 'しおみ しずく', ...area }))
    .id;
  await team(hiddenPersonId, { groupHome: ['identity', 'daily_living'] });

  const nightShift = await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-12-09T17:00'),
    endsAt: at('2026-12-10T09:00'),
    primaryUserId: users.onDuty.id,
    backupUserId: users.onDutyBackup.id,
    regionIds: [regions.municipality],
    contactPhone: '090-0000-0777',
  });
  const chain = await (
    await agent(users.admin)
  ).put('/api/escalation-chain', {
    regionId: null,
    emergencyAckMinutes: 10,
    urgentAckMinutes: 30,
    tiers: [
      { organisationId: kikan, label: '基幹相談支援センター' },
      { phone: '0120-000-119', label: '精神科救急医療情報センター' },
    ],
  });
  expect(chain.statusCode, chain.body).toBe(200);
  return {
    agent,
    organisations: { office, groupHome, kyoten, hokenjo, clinic, kikan },
    users,
    personId,
    hiddenPersonId,
    nightShift,
  };
}
