import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

beforeEach(async () => {
  t = await createTestApp();
  const org = await createOrganisation(t.database.db);
  admin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
  staff = await signIn(
    t.app,
    await createUser(t.database.db, { organisationId: org, role: 'org_admin' }),
    t.clock,
  );
});
afterEach(async () => t.close());

async function createTree() {
  const pref = (
    await admin.post('/api/regions', { level: 'prefecture', name: '架空県', kana: 'かくうけん' })
  ).json();
  const area = (
    await admin.post('/api/regions', { parentId: pref.id, level: 'health_welfare_area', name: '中央圏域' })
  ).json();
  const city = (
    await admin.post('/api/regions', {
      parentId: area.id,
      level: 'municipality',
      name: '架空市',
      code: '999001',
    })
  ).json();
  const daily = (
    await admin.post('/api/regions', { parentId: city.id, level: 'daily_life_area', name: '北部地区' })
  ).json();
  return { pref, area, city, daily };
}

describe('regions (圏域)', () => {
  it('builds the tree 都道府県 > 障害保健福祉圏域 > 市町村 > 日常生活圏域 and lists it to everyone signed in', async () => {
    const tree = await createTree();
    expect(tree.daily).toMatchObject({ parentId: tree.city.id, level: 'daily_life_area', name: '北部地区' });
    const list = await staff.get('/api/regions');
    expect(list.statusCode).toBe(200);
    expect(list.json().regions.map((r: { name: string }) => r.name)).toEqual([
      '架空県',
      '中央圏域',
      '架空市',
      '北部地区',
    ]);
    expect((await auditRows(t.database.db, 'region.create')).length).toBe(4);
  });

  it('refuses a level that does not fit under its parent, naming the field', async () => {
    const { pref, city } = await createTree();
    const skip = await admin.post('/api/regions', {
      parentId: pref.id,
      level: 'municipality',
      name: '飛び越し市',
    });
    expect(skip.statusCode).toBe(400);
    expect(skip.json()).toMatchObject({ code: 'WRONG_LEVEL', field: 'level' });
    const orphan = await admin.post('/api/regions', { level: 'municipality', name: '親なし市' });
    expect(orphan.json()).toMatchObject({ field: 'parentId' });
    const prefWithParent = await admin.post('/api/regions', {
      parentId: city.id,
      level: 'prefecture',
      name: '県',
    });
    expect(prefWithParent.statusCode).toBe(400);
    const unknownParent = await admin.post('/api/regions', {
      parentId: '00000000-0000-4000-8000-000000000000',
      level: 'municipality',
      name: 'x',
    });
    expect(unknownParent.json()).toMatchObject({ code: 'UNKNOWN_PARENT', field: 'parentId' });
    const badLevel = await admin.post('/api/regions', { level: 'galaxy', name: 'x' });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'level' });
  });

  it('refuses a duplicate name among siblings with 409', async () => {
    const { city } = await createTree();
    const dup = await admin.post('/api/regions', {
      parentId: city.id,
      level: 'daily_life_area',
      name: '北部地区',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'DUPLICATE_REGION_NAME', field: 'name' });
  });

  it('lets only a system admin change regions; a denial is audited', async () => {
    const { city } = await createTree();
    const denied = await staff.post('/api/regions', {
      parentId: city.id,
      level: 'daily_life_area',
      name: '南部地区',
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await staff.patch(`/api/regions/${city.id}`, { name: '改名' })).statusCode).toBe(403);
    expect((await staff.delete(`/api/regions/${city.id}`)).statusCode).toBe(403);
    const rows = await auditRows(t.database.db, 'region.manage');
    expect(rows.map((r) => r.outcome)).toEqual(['denied', 'denied', 'denied']);
  });

  it('renames, and deletes only a region nothing depends on', async () => {
    const { city, daily } = await createTree();
    const renamed = await admin.patch(`/api/regions/${daily.id}`, { name: '北部', kana: 'ほくぶ' });
    expect(renamed.json()).toMatchObject({ name: '北部', kana: 'ほくぶ' });
    const inUse = await admin.delete(`/api/regions/${city.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'REGION_IN_USE' });
    expect((await admin.delete(`/api/regions/${daily.id}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/regions/${daily.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/regions/not-a-uuid`, { name: 'x' })).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'id',
    });
  });

  it('sets a daily-life area centre for distance searches, both coordinates in Japan, and clears it', async () => {
    const { daily, city } = await createTree();
    const set = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: 35.1,
      centreLongitude: 136.9,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ name: '北部地区', centreLatitude: 35.1, centreLongitude: 136.9 });
    const listed = (await staff.get('/api/regions'))
      .json()
      .regions.find((r: { id: string }) => r.id === daily.id);
    expect(listed).toMatchObject({ centreLatitude: 35.1, centreLongitude: 136.9 });
    // A search measures from it.
    const near = await admin.get(`/api/directory?nearRegionId=${daily.id}&sort=distance`);
    expect(near.statusCode, near.body).toBe(200);

    const created = await admin.post('/api/regions', {
      parentId: city.id,
      level: 'daily_life_area',
      name: '西部地区',
      centreLatitude: 35.2,
      centreLongitude: 136.8,
    });
    expect(created.json()).toMatchObject({ centreLatitude: 35.2, centreLongitude: 136.8 });

    const cleared = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: null,
      centreLongitude: null,
    });
    expect(cleared.json()).toMatchObject({ centreLatitude: null, centreLongitude: null });
    expect((await auditRows(t.database.db, 'region.update')).length).toBe(2);
  });

  it('refuses half a centre, a swapped or foreign one and an impossible latitude, naming the field', async () => {
    const { daily } = await createTree();
    const half = await admin.patch(`/api/regions/${daily.id}`, { centreLatitude: 35.1 });
    expect(half.statusCode).toBe(400);
    expect(half.json()).toMatchObject({ code: 'CENTRE_INCOMPLETE', field: 'centreLongitude' });
    const halfNull = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: null,
      centreLongitude: 136.9,
    });
    expect(halfNull.json()).toMatchObject({ code: 'CENTRE_INCOMPLETE', field: 'centreLatitude' });
    const swapped = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: 136.9,
      centreLongitude: 35.1,
    });
    expect(swapped.statusCode).toBe(400);
    expect(swapped.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'centreLatitude' });
    const swappedInRange = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: 35.1,
      centreLongitude: 35.1,
    });
    expect(swappedInRange.json()).toMatchObject({ code: 'CENTRE_OUTSIDE_JAPAN', field: 'centreLatitude' });
    const reversed = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: 20.5,
      centreLongitude: 21,
    });
    expect(reversed.json()).toMatchObject({ code: 'CENTRE_OUTSIDE_JAPAN' });
    const text = await admin.patch(`/api/regions/${daily.id}`, {
      centreLatitude: '35.1',
      centreLongitude: 136.9,
    });
    expect(text.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'centreLatitude' });
    expect(
      (await staff.patch(`/api/regions/${daily.id}`, { centreLatitude: 35, centreLongitude: 136 }))
        .statusCode,
    ).toBe(403);
    const unchanged = (await admin.get('/api/regions'))
      .json()
      .regions.find((r: { id: string }) => r.id === daily.id);
    expect(unchanged).toMatchObject({ centreLatitude: null, centreLongitude: null });
  });
});
