import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UrgentCaseList } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { createCaseWithoutPerson, signedInAgents } from '../../../test/escalation-factories.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  type TestUser,
} from '../../../test/factories.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * 緊急連絡の一覧 on a Friday night: the on-call 拠点 coordinator has three cases open — one about a
 * person whose identity (基本情報) the 拠点 has consent for, one about a person it has consent for
 * クライシス only, and one about someone nobody has identified. The list says whom each is about,
 * by name only within consent (or break-glass), and audits the read once.
 */
const at = (local: string) => `${local}+09:00`;
const NAMED = { name: '朝霧 みのる', kana: 'あさぎり みのる' };
const HIDDEN = { name: '雪代 しずく', kana: 'ゆきしろ しずく' };

let t: TestApp;
let agent: (user: TestUser) => Promise<Agent>;
let kyoten: string;
let ghUser: TestUser;
let coordinator: TestUser;
let kikanUser: TestUser;
let outsider: TestUser;
let namedPersonId: string;
let hiddenPersonId: string;

type Listed = UrgentCaseList['cases'][number];

async function listOf(user: TestUser): Promise<{ cases: Listed[]; body: string }> {
  const response = await (await agent(user)).get('/api/urgent-cases');
  expect(response.statusCode, response.body).toBe(200);
  return { cases: response.json<UrgentCaseList>().cases, body: response.body };
}

async function lastListAudit() {
  return (await auditRows(t.database.db, 'urgent.list')).at(-1)!;
}

beforeAll(async () => {
  t = await createTestApp();
  agent = signedInAgents(t);
  const db = t.database.db;
  t.clock.set(at('2026-11-27T10:00'));
  const regions = await createRegionTree(db);
  const office = await createOrganisation(db, {
    name: '相談支援事業所しおり',
    kind: 'designated_specific_consultation_office',
  });
  const groupHome = await createOrganisation(db, { name: 'グループホームあさなぎ', kind: 'group_home' });
  kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点みちしお',
    kind: 'community_life_support_base',
  });
  const kikan = await createOrganisation(db, {
    name: '基幹相談支援センターうみべ',
    kind: 'core_consultation_center',
  });
  const elsewhere = await createOrganisation(db, { name: 'グループホームとおく', kind: 'group_home' });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });

  const leadUser = await createUser(db, { organisationId: office, displayName: '相談 しおり' });
  ghUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 なぎさ' });
  coordinator = await createUser(db, { organisationId: kyoten, displayName: '拠点 みちる' });
  const backup = await createUser(db, { organisationId: kyoten, displayName: '拠点 しおね' });
  kikanUser = await createUser(db, { organisationId: kikan, displayName: '基幹 うみ' });
  outsider = await createUser(db, { organisationId: elsewhere, displayName: '別 とおる' });

  const lead = await agent(leadUser);
  const person = (who: typeof NAMED) =>
    registerPerson(lead, {
      ...who,
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    });
  namedPersonId = (await person(NAMED)).id;
  hiddenPersonId = (await person(HIDDEN)).id;
  for (const personId of [namedPersonId, hiddenPersonId]) {
    await addToTeam(lead, personId, groupHome, 'service_provider', { userId: ghUser.id });
    await grantConsent(lead, personId, groupHome, ['identity', 'daily_living']);
    await addToTeam(lead, personId, kyoten, 'support_base', { userId: coordinator.id });
  }
  await grantConsent(lead, namedPersonId, kyoten, ['identity', 'crisis']);
  // クライシス without 基本情報: the 拠点 may read the crisis plan's items but not who the person is.
  await grantConsent(lead, hiddenPersonId, kyoten, ['crisis']);

  await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-11-27T17:00'),
    endsAt: at('2026-11-30T08:30'),
    primaryUserId: coordinator.id,
    backupUserId: backup.id,
    regionIds: [regions.municipality],
    contactPhone: '090-0000-0201',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the urgent-case list says whom each case is about, within consent', () => {
  const caseIds: Record<'named' | 'hidden' | 'unknown', string> = { named: '', hidden: '', unknown: '' };

  it('names the person whose identity the on-call coordinator’s organisation has consent for, and no one else', async () => {
    t.clock.set(at('2026-11-27T21:30'));
    const gh = await agent(ghUser);
    const first = await gh.post(`/api/persons/${namedPersonId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      callbackPhone: '090-0000-0999',
      body: '夕食後から部屋で大声を出し続けています。',
    });
    expect(first.statusCode, first.body).toBe(201);
    t.clock.set(at('2026-11-27T21:35'));
    const second = await gh.post(`/api/persons/${hiddenPersonId}/messages`, {
      category: 'daily_living',
      priority: 'urgent',
      body: '薬を飲んだか分からないまま外出しました。',
    });
    expect(second.statusCode, second.body).toBe(201);
    while ((await t.deps.jobs.runDue()) > 0);
    // The coordinator logged a call about someone nobody could name; it went to the 基幹 centre.
    t.clock.set(at('2026-11-27T21:40'));
    caseIds.unknown = await createCaseWithoutPerson(t.database.db, {
      openedByUserId: coordinator.id,
      openedByOrganisationId: kyoten,
      reachedUserIds: [kikanUser.id],
      at: t.clock.now(),
    });

    const { cases, body } = await listOf(coordinator);
    expect(cases).toEqual([
      {
        id: caseIds.unknown,
        priority: 'emergency',
        status: 'open',
        category: 'crisis',
        openedAt: new Date(at('2026-11-27T21:40')).toISOString(),
        openedByOrganisationName: '地域生活支援拠点みちしお',
        reachedMe: false,
        person: null,
      },
      expect.objectContaining({
        priority: 'urgent',
        category: 'daily_living',
        openedByOrganisationName: 'グループホームあさなぎ',
        reachedMe: true,
        person: { name: null, kana: null },
      }),
      expect.objectContaining({
        priority: 'emergency',
        category: 'daily_living',
        reachedMe: true,
        person: { name: NAMED.name, kana: NAMED.kana },
      }),
    ]);
    caseIds.hidden = cases[1]!.id;
    caseIds.named = cases[2]!.id;
    // Nothing in the response identifies the person outside consent: not the name, the kana or the id.
    expect(body).not.toContain(HIDDEN.name);
    expect(body).not.toContain(HIDDEN.kana);
    expect(body).not.toContain(hiddenPersonId);
  });

  it('records one audit row for the list, naming only the persons it showed', async () => {
    const row = await lastListAudit();
    expect(row).toMatchObject({
      actorUserId: coordinator.id,
      actorOrganisationId: kyoten,
      outcome: 'allowed',
      personId: null,
      viaEmergency: false,
      details: {
        returned: 3,
        cases: [caseIds.unknown, caseIds.hidden, caseIds.named],
        persons: [namedPersonId],
      },
    });
    expect(row.details).not.toHaveProperty('personsViaEmergency');
  });

  it('names the person under break-glass, flags the list’s audit row, and stops when the access runs out', async () => {
    const c = await agent(coordinator);
    const opened = await c.post(`/api/urgent-cases/${caseIds.hidden}/break-glass`, {
      reason: '外出したまま戻らないとの連絡。本人の安全確認のため。',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const during = (await listOf(coordinator)).cases.find((x) => x.id === caseIds.hidden);
    expect(during?.person).toEqual({ name: HIDDEN.name, kana: HIDDEN.kana });
    expect(await lastListAudit()).toMatchObject({
      viaEmergency: true,
      details: { persons: [hiddenPersonId, namedPersonId], personsViaEmergency: [hiddenPersonId] },
    });

    // Break-glass lasts four hours; after it the list names the person no more.
    t.clock.set(at('2026-11-28T01:41'));
    const after = await listOf(coordinator);
    expect(after.cases.find((x) => x.id === caseIds.hidden)?.person).toEqual({ name: null, kana: null });
    expect(after.body).not.toContain(HIDDEN.name);
    expect(await lastListAudit()).toMatchObject({
      viaEmergency: false,
      details: { persons: [namedPersonId] },
    });
  });

  it('names both persons to the group home that sent the cases, whose consent covers both identities', async () => {
    const { cases } = await listOf(ghUser);
    expect(cases.map((x) => [x.id, x.reachedMe, x.person?.name])).toEqual([
      [caseIds.hidden, false, HIDDEN.name],
      [caseIds.named, false, NAMED.name],
    ]);
  });

  it('says “no one known” to the 基幹 centre the unidentified case reached, and shows an outsider nothing', async () => {
    expect((await listOf(kikanUser)).cases).toMatchObject([
      { id: caseIds.unknown, reachedMe: true, person: null },
    ]);
    const none = await listOf(outsider);
    expect(none.cases).toEqual([]);
    expect(await lastListAudit()).toMatchObject({
      actorUserId: outsider.id,
      details: { returned: 0, cases: [], persons: [] },
    });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/urgent-cases' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
  });
});
