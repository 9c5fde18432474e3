import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let admin: Agent;
let regions: Awaited<ReturnType<typeof createRegionTree>>;

const valid = (regionIds: string[]) => ({
  name: '訪問看護ステーションみどり',
  kana: 'ほうもんかんごすてーしょんみどり',
  sector: 'medical',
  kind: 'home_nursing_station',
  regionIds,
  postalCode: '9990001',
  address: '架空県架空市1-2-3',
  phone: '099-000-0000',
  fax: '099-000-0001',
  businessHours: [
    { weekday: 1, opensAt: '09:00', closesAt: '12:00' },
    { weekday: 1, opensAt: '13:00', closesAt: '17:30' },
    { weekday: 2, opensAt: '09:00', closesAt: '17:30' },
  ],
});

beforeEach(async () => {
  t = await createTestApp();
  regions = await createRegionTree(t.database.db);
  admin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
});
afterEach(async () => t.close());

describe('organisations (機関)', () => {
  it('registers an organisation with its regions and weekly hours, and reads it back', async () => {
    const created = await admin.post('/api/organisations', valid([regions.municipality, regions.daily]));
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org).toMatchObject({
      name: '訪問看護ステーションみどり',
      postalCode: '999-0001',
      staffCount: 0,
      abilities: { update: true, delete: true, manageStaff: true },
    });
    expect(org.regionIds.sort()).toEqual([regions.municipality, regions.daily].sort());
    expect(org.businessHours).toEqual(valid([]).businessHours);
    expect((await admin.get(`/api/organisations/${org.id}`)).json()).toEqual(org);
    expect(await auditRows(t.database.db, 'organisation.create')).toHaveLength(1);
  });

  it('searches by partial name or kana and filters by kind and region', async () => {
    await admin.post('/api/organisations', valid([regions.daily]));
    await admin.post('/api/organisations', {
      ...valid([regions.municipality]),
      name: '架空市基幹相談支援センター',
      kana: 'かくうしきかんそうだんしえんせんたー',
      sector: 'welfare',
      kind: 'core_consultation_center',
    });
    const byKana = (await admin.get('/api/organisations?q=' + encodeURIComponent('きかん'))).json();
    expect(byKana.organisations.map((o: { name: string }) => o.name)).toEqual(['架空市基幹相談支援センター']);
    const byName = (await admin.get('/api/organisations?q=' + encodeURIComponent('みどり'))).json();
    expect(byName.total).toBe(1);
    const byKind = (await admin.get('/api/organisations?kind=home_nursing_station')).json();
    expect(byKind.organisations).toHaveLength(1);
    const byRegion = (await admin.get(`/api/organisations?regionId=${regions.municipality}`)).json();
    expect(byRegion.organisations.map((o: { kind: string }) => o.kind)).toEqual(['core_consultation_center']);
    const wildcard = (await admin.get('/api/organisations?q=' + encodeURIComponent('%'))).json();
    expect(wildcard.total).toBe(0);
  });

  it('refuses impossible business hours and unknown regions with the field named, saving nothing', async () => {
    const reversed = await admin.post('/api/organisations', {
      ...valid([]),
      businessHours: [{ weekday: 1, opensAt: '18:00', closesAt: '09:00' }],
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ field: 'businessHours.0.closesAt' });
    const overlap = await admin.post('/api/organisations', {
      ...valid([]),
      businessHours: [
        { weekday: 3, opensAt: '09:00', closesAt: '13:00' },
        { weekday: 3, opensAt: '12:00', closesAt: '17:00' },
      ],
    });
    expect(overlap.json()).toMatchObject({ field: 'businessHours.1.opensAt' });
    const badTime = await admin.post('/api/organisations', {
      ...valid([]),
      businessHours: [{ weekday: 1, opensAt: '25:00', closesAt: '26:00' }],
    });
    expect(badTime.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'businessHours.0.opensAt' });
    const badDay = await admin.post('/api/organisations', {
      ...valid([]),
      businessHours: [{ weekday: 7, opensAt: '09:00', closesAt: '10:00' }],
    });
    expect(badDay.json()).toMatchObject({ field: 'businessHours.0.weekday' });
    const unknownRegion = await admin.post(
      '/api/organisations',
      valid([regions.daily, '00000000-0000-4000-8000-000000000001']),
    );
    expect(unknownRegion.json()).toMatchObject({ code: 'UNKNOWN_REGION', field: 'regionIds.1' });
    expect((await admin.get('/api/organisations')).json().total).toBe(0);
  });

  it('lets an organisation admin edit their own organisation only; staff cannot create organisations', async () => {
    const own = await createOrganisation(t.database.db);
    const other = await createOrganisation(t.database.db);
    const orgAdmin = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: own, role: 'org_admin' }),
      t.clock,
    );
    const edited = await orgAdmin.patch(`/api/organisations/${own}`, {
      phone: '099-111-2222',
      businessHours: [{ weekday: 5, opensAt: '08:30', closesAt: '17:15' }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      phone: '099-111-2222',
      abilities: { update: true, delete: false },
    });
    expect((await orgAdmin.patch(`/api/organisations/${other}`, { phone: '099-111-2222' })).statusCode).toBe(
      403,
    );
    expect((await orgAdmin.post('/api/organisations', valid([]))).statusCode).toBe(403);
    expect((await orgAdmin.delete(`/api/organisations/${own}`)).statusCode).toBe(403);
    expect((await orgAdmin.get(`/api/organisations/${other}`)).json().abilities).toEqual({
      update: false,
      delete: false,
      manageStaff: false,
    });
  });

  it('refuses to delete an organisation that still has staff, and answers 404 for an unknown one', async () => {
    const org = await createOrganisation(t.database.db);
    await createUser(t.database.db, { organisationId: org });
    const refused = await admin.delete(`/api/organisations/${org}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'ORGANISATION_HAS_STAFF' });
    expect((await admin.get('/api/organisations/00000000-0000-4000-8000-000000000002')).statusCode).toBe(404);
  });
});
