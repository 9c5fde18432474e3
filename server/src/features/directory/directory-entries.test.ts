import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
} from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let admin: Agent;
let regions: Awaited<ReturnType<typeof createRegionTree>>;

const groupHome = () => ({
  name: 'グループホームひだまり',
  kana: 'グループホームヒダマリ',
  kind: 'group_home',
  category: 'housing',
  serviceTypes: ['group_home_inclusive', 'short_stay'],
  remits: [],
  regionIds: [regions.daily],
  address: '架空市本町1-2-3',
  latitude: 35.1,
  longitude: 136.9,
  phone: '０５２－１２３－４５６７',
  fax: '052-123-4568',
  capacity: 7,
  accessibility: ['wheelchair'],
  languages: ['ja', 'vi'],
  referralNote: '相談支援専門員からの紹介。まず電話で。',
  preferredChannel: 'fax',
  acceptsNewUsers: true,
  offersTrialStay: true,
  businessHours: [{ weekday: 1, opensAt: '09:00', closesAt: '18:00' }],
  hoursText: { weekday: '9:00～18:00', closedDays: '土日祝' },
});

beforeEach(async () => {
  t = await createTestApp({ clock: new ManualClock('2026-12-01T10:00:00+09:00') });
  regions = await createRegionTree(t.database.db);
  admin = await signIn(
    t.app,
    await createUser(t.database.db, { isSystemAdmin: true, displayName: '管理 太郎' }),
    t.clock,
  );
});
afterEach(async () => t.close());

describe('directory entries by hand (手入力の社会資源)', () => {
  it('lets a system admin add an entry without accounts, showing who confirmed it and when', async () => {
    const created = await admin.post('/api/directory/entries', groupHome());
    expect(created.statusCode, created.body).toBe(201);
    const entry = created.json();
    expect(entry).toMatchObject({
      kana: 'ぐるーぷほーむひだまり',
      phone: '052-123-4567',
      entrySource: 'manual',
      isOnTsunagu: false,
      serviceTypes: ['group_home_inclusive', 'short_stay'],
      capacity: 7,
      preferredChannel: 'fax',
      offersTrialStay: true,
      confirmedAt: '2026-12-01T01:00:00.000Z',
      confirmedBy: { name: '管理 太郎' },
      confirmedByImport: false,
      hoursText: { weekday: '9:00～18:00', closedDays: '土日祝' },
      abilities: { edit: true, confirm: true },
    });
    expect((await admin.get(`/api/directory/entries/${entry.id}`)).json()).toEqual(entry);
    // Reached by FAX: a liaison sheet for it goes to the entry's FAX number.
    expect((await admin.get(`/api/organisations/${entry.id}/liaison`)).json()).toMatchObject({
      usesTsunagu: false,
      preferredChannel: 'fax',
      faxNumber: '052-123-4568',
    });
    // It is an organisation like any other: the organisation list and pickers see it.
    expect((await admin.get(`/api/organisations/${entry.id}`)).json()).toMatchObject({ kind: 'group_home' });
    expect(await auditRows(t.database.db, 'directory.entry_create')).toHaveLength(1);
  });

  it("lets the entry's own organisation correct and confirm it, and no other organisation", async () => {
    const own = await createOrganisation(t.database.db, { name: '相談支援事業所あおば' });
    const other = await createOrganisation(t.database.db);
    const ownStaff = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: own, displayName: '青葉 花子' }),
      t.clock,
    );
    const otherStaff = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: other }),
      t.clock,
    );
    t.clock.advance(10 * 60_000);
    const corrected = await ownStaff.patch(`/api/directory/entries/${own}`, {
      remits: ['general', 'community_transition'],
      category: 'consultation',
      notes: '土曜の午前も相談可',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      name: '相談支援事業所あおば',
      remits: ['general', 'community_transition'],
      confirmedBy: { name: '青葉 花子' },
      confirmedAt: '2026-12-01T01:10:00.000Z',
    });
    // The correction is searchable at once (the notes and the remit's name).
    const found = (await ownStaff.get(`/api/directory?q=${encodeURIComponent('土曜')}`)).json();
    expect(found.entries.map((e: { id: string }) => e.id)).toEqual([own]);
    t.clock.advance(20 * 60_000);
    const confirmed = await ownStaff.post(`/api/directory/entries/${own}/confirm`, {});
    expect(confirmed.json()).toMatchObject({ confirmedAt: '2026-12-01T01:30:00.000Z' });
    expect((await otherStaff.patch(`/api/directory/entries/${own}`, { notes: 'x' })).statusCode).toBe(403);
    expect((await otherStaff.post(`/api/directory/entries/${own}/confirm`, {})).statusCode).toBe(403);
    expect((await otherStaff.get(`/api/directory/entries/${own}`)).json().abilities).toEqual({
      edit: false,
      confirm: false,
    });
    expect((await ownStaff.post('/api/directory/entries', groupHome())).statusCode).toBe(403);
    expect(await auditRows(t.database.db, 'directory.edit')).toHaveLength(2); // the two denials
  });

  it('refuses half a coordinate, impossible hours and unknown regions with the field named, and 404 for an unknown entry', async () => {
    const half = await admin.post('/api/directory/entries', { ...groupHome(), longitude: null });
    expect(half.json()).toMatchObject({ field: 'longitude' });
    const abroad = await admin.post('/api/directory/entries', {
      ...groupHome(),
      latitude: 51.5,
      longitude: -0.1,
    });
    expect(abroad.json()).toMatchObject({ code: 'COORDINATES_OUTSIDE_JAPAN', field: 'latitude' });
    const hours = await admin.post('/api/directory/entries', {
      ...groupHome(),
      businessHours: [{ weekday: 1, opensAt: '18:00', closesAt: '09:00' }],
    });
    expect(hours.json()).toMatchObject({ field: 'businessHours.0.closesAt' });
    const region = await admin.post('/api/directory/entries', {
      ...groupHome(),
      regionIds: ['00000000-0000-4000-8000-000000000001'],
    });
    expect(region.json()).toMatchObject({ code: 'UNKNOWN_REGION', field: 'regionIds.0' });
    const noFax = await admin.post('/api/directory/entries', { ...groupHome(), fax: null });
    expect(noFax.json()).toMatchObject({ code: 'FAX_REQUIRED', field: 'fax' });
    const service = await admin.post('/api/directory/entries', { ...groupHome(), serviceTypes: ['pizza'] });
    expect(service.statusCode).toBe(400);
    expect(service.json().field).toMatch(/^serviceTypes/);
    expect((await admin.get('/api/directory')).json().total).toBe(0);
    expect((await admin.get('/api/directory/entries/00000000-0000-4000-8000-000000000002')).statusCode).toBe(
      404,
    );
  });

  it('files an organisation registered on the organisations screens under the category of its sector and kind', async () => {
    const register = async (name: string, sector: string, kind: string) => {
      const response = await admin.post('/api/organisations', {
        name,
        kana: 'とうろく',
        sector,
        kind,
        regionIds: [],
        businessHours: [],
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    await register('登録クリニック', 'medical', 'clinic');
    await register('登録グループホーム', 'welfare', 'group_home');
    await register('登録基幹センター', 'welfare', 'core_consultation_center');
    const category = async (c: string) =>
      (await admin.get(`/api/directory?category=${c}`)).json().entries.map((e: { name: string }) => e.name);
    expect(await category('medical')).toEqual(['登録クリニック']);
    expect(await category('housing')).toEqual(['登録グループホーム']);
    expect(await category('consultation')).toEqual(['登録基幹センター']);
    expect(await category('disability_welfare')).toEqual([]);
  });
});
