import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import { createOrganisation, createRegionTree, createUser, signIn } from '../../../test/factories.ts';
import { configureOrganisation, createShift } from '../../../test/on-call-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * The chain's phone numbers the app keeps on a device for when it is offline: the offices of the
 * chain for the caller's areas and its last number, and nothing else (no shift phone, no person).
 */
let t: TestApp;
let coordinatorAgent: Agent;
let outsiderAgent: Agent;
let prefecture: string;
let prefectureName: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-07T20:00:00+09:00');
  const db = t.database.db;
  const regions = await createRegionTree(db);
  prefecture = regions.prefecture;
  prefectureName = (
    await db.selectFrom('regions').select('name').where('id', '=', prefecture).executeTakeFirstOrThrow()
  ).name;
  const kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点ほたる',
    kind: 'community_life_support_base',
  });
  const kikan = await createOrganisation(db, { name: '基幹相談支援センターみなと' });
  const hokenjo = await createOrganisation(db, { name: '架空保健所' });
  await db.updateTable('organisations').set({ phone: '03-0000-1111' }).where('id', '=', kikan).execute();
  // Two areas under the prefecture: its one chain applies to both, and is given once.
  await configureOrganisation(db, kyoten, { regionIds: [regions.municipality, regions.daily] });
  const admin = await createUser(db, { organisationId: kyoten, displayName: '管理 はるか' });
  await db.updateTable('users').set({ isSystemAdmin: true }).where('id', '=', admin.id).execute();
  const coordinator = await createUser(db, { organisationId: kyoten, displayName: '当番 よる' });
  const outsider = await createUser(db, { organisationId: await createOrganisation(db) });
  await createShift(db, {
    organisationId: kyoten,
    startsAt: '2026-12-07T17:00:00+09:00',
    endsAt: '2026-12-08T09:00:00+09:00',
    primaryUserId: coordinator.id,
    regionIds: [regions.municipality],
    contactPhone: '090-9999-0001',
  });

  const adminAgent = await signIn(t.app, admin, t.clock);
  for (const chain of [
    {
      regionId: regions.prefecture,
      tiers: [
        { organisationId: kikan, label: '基幹相談支援センター' },
        // The 保健所 has no phone on record: nothing to keep for it.
        { organisationId: hokenjo, label: '保健所' },
        { phone: '0120-000-119', label: '精神科救急医療情報センター' },
      ],
    },
    { regionId: null, tiers: [{ phone: '#7119', label: '救急安心センター' }] },
  ]) {
    const set = await adminAgent.put('/api/escalation-chain', {
      ...chain,
      emergencyAckMinutes: 10,
      urgentAckMinutes: 30,
    });
    expect(set.statusCode, set.body).toBe(200);
  }
  coordinatorAgent = await signIn(t.app, coordinator, t.clock);
  outsiderAgent = await signIn(t.app, outsider, t.clock);
});

afterAll(async () => t?.close());

describe('GET /api/escalation-chain/phone-numbers', () => {
  it('gives the offices’ numbers of the chain of my areas (the nearest region that has one, once) and its last number', async () => {
    const answer = await coordinatorAgent.get('/api/escalation-chain/phone-numbers');
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      chains: [
        {
          regionId: prefecture,
          regionName: prefectureName,
          numbers: [
            {
              label: '基幹相談支援センター',
              organisationName: '基幹相談支援センターみなと',
              phone: '03-0000-1111',
            },
            { label: '精神科救急医療情報センター', organisationName: null, phone: '0120-000-119' },
          ],
        },
      ],
    });
    // The shift's own phone (often someone's mobile) is not among what a device keeps.
    expect(answer.body).not.toContain('090-9999-0001');
    expect(answer.body).not.toContain('当番 よる');
  });

  it('gives the default chain to an organisation that serves no region', async () => {
    expect((await outsiderAgent.get('/api/escalation-chain/phone-numbers')).json()).toEqual({
      chains: [
        {
          regionId: null,
          regionName: null,
          numbers: [{ label: '救急安心センター', organisationName: null, phone: '#7119' }],
        },
      ],
    });
  });

  it('is for signed-in staff only', async () => {
    const refused = await new Agent(t.app).get('/api/escalation-chain/phone-numbers');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
