import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import { Agent } from '../../../test/agent.ts';
import {
  createOrganisation,
  createRegionTree,
  createUser,
  nextTotpCode,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { configureOrganisation } from '../../../test/on-call-factories.ts';
import { grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createPlan, crisisBody } from '../../../test/plan-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * Normalisation at the boundary, through the API: numbers and readings as people type them with an
 * IME or a phone keyboard are stored in one form (contract/src/normalise.ts), wherever they enter.
 */
let t: TestApp;
let admin: Agent;
let lead: Agent;
let kyotenAdmin: Agent;
let coordinator: TestUser;
let office: string;
let kyoten: string;
let regions: Awaited<ReturnType<typeof createRegionTree>>;
let personId: string;
let crisis: { id: string; version: number } | null = null;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  const db = t.database.db;
  regions = await createRegionTree(db);
  office = await createOrganisation(db, { name: '相談支援事業所ひだまり' });
  kyoten = await createOrganisation(db, { kind: 'community_life_support_base', name: '拠点つなぎ' });
  await configureOrganisation(db, kyoten, { regionIds: [regions.municipality] });
  admin = await signIn(t.app, await createUser(db, { isSystemAdmin: true }), t.clock);
  lead = await signIn(t.app, await createUser(db, { organisationId: office }), t.clock);
  kyotenAdmin = await signIn(
    t.app,
    await createUser(db, { organisationId: kyoten, role: 'org_admin' }),
    t.clock,
  );
  coordinator = await createUser(db, { organisationId: kyoten, profession: 'base_coordinator' });
  personId = (await registerPerson(lead)).id;
  await grantConsent(lead, personId, office, [...informationCategories]);
});
afterAll(async () => t.close());

/** Each place a phone or FAX number enters: send it as typed, read back what was stored. */
const phoneFields: [string, (typed: string, n: number) => Promise<string | null>][] = [
  [
    'person phone',
    async (typed) => {
      const saved = await lead.patch(`/api/persons/${personId}`, { phone: typed });
      expect(saved.statusCode, saved.body).toBe(200);
      return (await lead.get(`/api/persons/${personId}`)).json().identity.phone;
    },
  ],
  [
    'family contact phone',
    async (typed) => {
      const saved = await lead.post(`/api/persons/${personId}/contacts`, {
        name: '架空 一郎',
        relationship: 'parent',
        phone: typed,
        isExcluded: false,
      });
      expect(saved.statusCode, saved.body).toBe(201);
      return saved.json().contacts.at(-1).phone;
    },
  ],
  ...(['phone', 'fax'] as const).map(
    (field): [string, (typed: string, n: number) => Promise<string | null>] => [
      `organisation ${field}`,
      async (typed, n) => {
        const saved = await admin.post('/api/organisations', {
          name: `グループホームあおば${n}`,
          kana: 'ぐるーぷほーむあおば',
          sector: 'welfare',
          kind: 'group_home',
          regionIds: [],
          businessHours: [],
          [field]: typed,
        });
        expect(saved.statusCode, saved.body).toBe(201);
        return (await admin.get(`/api/organisations/${saved.json().id}`)).json()[field];
      },
    ],
  ),
  [
    'duty phone (当番の電話番号)',
    async (typed, n) => {
      // A night shift of its own each time, so that they never overlap.
      const night = new Date(Date.parse('2026-12-01T17:15:00+09:00') + n * 86_400_000);
      const saved = await kyotenAdmin.post('/api/on-call/shifts', {
        organisationId: kyoten,
        startsAt: night.toISOString(),
        endsAt: new Date(night.getTime() + 6 * 3_600_000).toISOString(),
        primaryUserId: coordinator.id,
        regionIds: [regions.municipality],
        contactPhone: typed,
      });
      expect(saved.statusCode, saved.body).toBe(201);
      return saved.json().shifts[0].contactPhone;
    },
  ],
  [
    'crisis plan contact',
    async (typed) => {
      // One crisis plan per person: the first number creates it, each next one is a new version.
      const body = crisisBody({ contacts: [{ name: '佐藤 あおい', relation: '姉', phone: typed }] });
      let plan: { id: string; version: number };
      if (crisis) {
        const revised = await lead.post(`/api/plans/${crisis.id}/versions/crisis`, {
          ...body,
          baseVersion: crisis.version,
        });
        expect(revised.statusCode, revised.body).toBe(201);
        plan = revised.json();
      } else plan = { id: await createPlan(lead, personId, 'crisis', body), version: 1 };
      crisis = plan;
      const version = (await lead.get(`/api/plans/${plan.id}/versions/${plan.version}`)).json();
      return version.content.crisis.contacts[0].phone;
    },
  ],
];

const typedPhones: [string, string][] = [
  ['０９０－１２３４－５６７８', '090-1234-5678'],
  ['090 1234 5678', '090-1234-5678'],
  ['(03)1234-5678', '03-1234-5678'],
  ['03ー1234ー5678', '03-1234-5678'],
  ['+81-90-1234-5678', '+81-90-1234-5678'],
  ['０３\u3000１２３４\u3000５６７８', '03-1234-5678'],
];

describe('phone and FAX numbers as typed → stored in one form', () => {
  let n = 0;
  it.each(typedPhones)('%s → %s everywhere a number enters', async (typed, stored) => {
    for (const [where, store] of phoneFields) expect(await store(typed, n++), where).toBe(stored);
  });

  it('refuses what does not fold into a number, naming the field in Japanese', async () => {
    for (const [body, field] of [
      [{ phone: '090-1234-5678 内線12' }, 'phone'],
      [{ phone: '０' }, 'phone'],
      [{ phone: '1'.repeat(21) }, 'phone'],
    ] as const) {
      const refused = await lead.patch(`/api/persons/${personId}`, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(refused.json().message).toContain('「電話番号」');
    }
    expect((await lead.get(`/api/persons/${personId}`)).json().identity.phone).not.toContain('内線');
  });
});

describe('ふりがな as typed → stored in one form (hiragana)', () => {
  it.each(['ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダ　タロウ', 'やまだ たろう', ' ﾔﾏﾀﾞ  たろう '])(
    '%s → やまだ たろう for a person, a staff member and an organisation',
    async (typed) => {
      const person = await registerPerson(lead, { name: '山田 太郎', kana: typed });
      expect((await lead.get(`/api/persons/${person.id}`)).json().identity.kana).toBe('やまだ たろう');
      const staff = await admin.post('/api/staff', {
        email: `yamada-${Math.random().toString(36).slice(2)}@test.tsunagu.example`,
        displayName: '山田 太郎',
        kana: typed,
        organisationId: office,
        profession: 'consultation_specialist',
        role: 'staff',
      });
      expect(staff.statusCode, staff.body).toBe(201);
      expect(staff.json().staff.kana).toBe('やまだ たろう');
      const organisation = await admin.post('/api/organisations', {
        name: '山田太郎事務所',
        kana: typed,
        sector: 'welfare',
        kind: 'other',
        regionIds: [],
        businessHours: [],
      });
      expect(organisation.json().kana).toBe('やまだ たろう');
    },
  );

  it('sorts an office typed in half-width katakana among the others, not last', async () => {
    for (const [name, kana] of [
      ['わかば作業所', 'わかばさぎょうしょ'],
      ['ひまわり作業所', 'ﾋﾏﾜﾘｻｷﾞｮｳｼｮ'],
      ['あおば作業所', 'アオバサギョウショ'],
    ])
      await admin.post('/api/organisations', {
        name,
        kana,
        sector: 'welfare',
        kind: 'other',
        regionIds: [],
        businessHours: [],
      });
    const listed = (await admin.get('/api/organisations?q=作業所')).json().organisations;
    expect(listed.map((o: { name: string }) => o.name)).toEqual([
      'あおば作業所',
      'ひまわり作業所',
      'わかば作業所',
    ]);
    expect(listed[1].kana).toBe('ひまわりさぎょうしょ');
  });

  it('still refuses a person’s reading that is not kana once folded, naming the field', async () => {
    const refused = await lead.post('/api/persons', {
      name: '山田 太郎',
      kana: 'yamada',
      birthDate: '1980-01-01',
      usesWelfareServices: true,
      teamRole: 'planning_consultation',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'kana' });
  });

  it('keeps a name as typed: 髙橋 stays 髙橋', async () => {
    const person = await registerPerson(lead, { name: '髙橋 﨑子', kana: 'たかはし さきこ' });
    expect((await lead.get(`/api/persons/${person.id}`)).json().identity.name).toBe('髙橋 﨑子');
  });
});

describe('a two-factor code typed in full width', () => {
  it('signs in with 「１２３ ４５６」 as with 123456', async () => {
    const user = await createUser(t.database.db, { organisationId: office });
    const agent = new Agent(t.app);
    expect(
      (await agent.post('/api/auth/sign-in', { email: user.email, password: user.password })).statusCode,
    ).toBe(200);
    const code = nextTotpCode(user, t.clock).replace(/[0-9]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    );
    const verified = await agent.post('/api/auth/totp', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(verified.statusCode, verified.body).toBe(200);
    expect((await agent.get('/api/auth/session')).json()).toMatchObject({ stage: 'complete' });
  });
});
