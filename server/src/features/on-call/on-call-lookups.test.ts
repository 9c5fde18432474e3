import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createRegionTree, createUser } from '../../../test/factories.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { coverageGaps, onCallAt, onCallAtMany, onCallBetween, onCallCandidatesAt } from './on-call.ts';

const at = (local: string) => new Date(`${local}+09:00`);
const iso = (local: string) => `${local}+09:00`;

let database: TestDatabase;
let regions: Awaited<ReturnType<typeof createRegionTree>>;
let otherDaily: string;
let otherMunicipality: string;
let kyoten: string;
let hokenjo: string;
let coordinatorA: string;
let coordinatorB: string;
let nurse: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  regions = await createRegionTree(db);
  const now = new Date();
  const region = async (parentId: string, level: 'municipality' | 'daily_life_area', name: string) =>
    (
      await db
        .insertInto('regions')
        .values({ parentId, level, name, kana: null, code: null, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  otherDaily = await region(regions.municipality, 'daily_life_area', '東地区');
  otherMunicipality = await region(regions.area, 'municipality', '隣町');

  // The municipality's office: weekdays 8:30–17:15, closed on holidays and over New Year.
  const office = await createOrganisation(db, { kind: 'municipal_disability_welfare_division' });
  await configureOrganisation(db, office, { hours: weekdayHours(), regionIds: [regions.municipality] });

  kyoten = await createOrganisation(db, { kind: 'community_life_support_base' });
  hokenjo = await createOrganisation(db, { kind: 'public_health_center' });
  coordinatorA = (await createUser(db, { organisationId: kyoten, profession: 'base_coordinator' })).id;
  coordinatorB = (await createUser(db, { organisationId: kyoten, profession: 'base_coordinator' })).id;
  nurse = (await createUser(db, { organisationId: hokenjo, profession: 'public_health_nurse' })).id;

  // Friday 2026-11-27 17:15 → Monday 11-30 8:30, with a deliberate hole on Sunday 8:30–20:00.
  const city = [regions.municipality];
  await createShift(db, {
    organisationId: kyoten,
    startsAt: iso('2026-11-27T17:15'),
    endsAt: iso('2026-11-28T08:30'),
    primaryUserId: coordinatorA,
    backupUserId: coordinatorB,
    regionIds: city,
    contactPhone: '090-0000-0001',
  });
  await createShift(db, {
    organisationId: kyoten,
    startsAt: iso('2026-11-28T08:30'),
    endsAt: iso('2026-11-29T08:30'),
    primaryUserId: coordinatorB,
    backupUserId: coordinatorA,
    regionIds: city,
  });
  await createShift(db, {
    organisationId: kyoten,
    startsAt: iso('2026-11-29T20:00'),
    endsAt: iso('2026-11-30T08:30'),
    primaryUserId: coordinatorA,
    regionIds: city,
  });
  // The 保健所 covers the whole 圏域 (and so the municipality below it) on Saturday night as well.
  await createShift(db, {
    organisationId: hokenjo,
    startsAt: iso('2026-11-28T17:00'),
    endsAt: iso('2026-11-29T08:30'),
    primaryUserId: nurse,
    regionIds: [regions.area],
  });
});
afterAll(async () => database.close());

describe('onCallAt (今の当番)', () => {
  it('answers the shift covering the region at that minute, night shifts crossing midnight', async () => {
    const answer = await onCallAt(database.db, regions.municipality, at('2026-11-27T23:30'));
    expect(answer).toMatchObject({
      primary: { userId: coordinatorA, organisationId: kyoten },
      backup: { userId: coordinatorB, organisationId: kyoten },
      shift: { organisationId: kyoten, contactPhone: '090-0000-0001' },
      coveredVia: regions.municipality,
    });
    expect(answer!.primary!.shiftId).toBe(answer!.shift.id);
    expect((await onCallAt(database.db, regions.municipality, at('2026-11-28T08:29')))!.primary!.userId).toBe(
      coordinatorA,
    );
    expect((await onCallAt(database.db, regions.municipality, at('2026-11-28T08:30')))!.primary!.userId).toBe(
      coordinatorB,
    );
  });

  it('covers descendants (a 日常生活圏域 through its municipality or 圏域), nearest region first', async () => {
    const daily = await onCallAt(database.db, regions.daily, at('2026-11-28T20:00'));
    // Both the 拠点 (municipality) and the 保健所 (圏域) cover it: the municipality's shift is nearer.
    expect(daily).toMatchObject({ primary: { userId: coordinatorB }, coveredVia: regions.municipality });
    const all = (await onCallCandidatesAt(database.db, [regions.daily], at('2026-11-28T20:00'))).get(
      regions.daily,
    )!;
    expect(all.map((a) => a.shift.organisationId)).toEqual([kyoten, hokenjo]);
    // The neighbouring town is under the same 圏域: only the 保健所 covers it.
    expect(await onCallAt(database.db, otherMunicipality, at('2026-11-28T20:00'))).toMatchObject({
      primary: { userId: nurse },
      backup: null,
      coveredVia: regions.area,
    });
    expect(await onCallAt(database.db, regions.prefecture, at('2026-11-28T20:00'))).toBeNull();
  });

  it('answers null in the gap and for an unknown region, and answers many regions at once', async () => {
    expect(await onCallAt(database.db, regions.municipality, at('2026-11-29T12:00'))).toBeNull();
    expect(
      await onCallAt(database.db, '00000000-0000-4000-8000-000000000000', at('2026-11-28T20:00')),
    ).toBeNull();
    const many = await onCallAtMany(database.db, [regions.daily, otherMunicipality], at('2026-11-27T22:00'));
    expect(many.get(regions.daily)?.primary?.userId).toBe(coordinatorA);
    expect(many.get(otherMunicipality)).toBeNull();
  });

  it('lists the shifts of a window, by organisation or by region', async () => {
    const weekend = await onCallBetween(database.db, {}, at('2026-11-27T00:00'), at('2026-11-30T00:00'));
    expect(weekend).toHaveLength(4);
    const ofKyoten = await onCallBetween(
      database.db,
      { organisationId: kyoten },
      at('2026-11-29T00:00'),
      at('2026-11-30T00:00'),
    );
    expect(ofKyoten.map((s) => s.startsAt)).toEqual([at('2026-11-28T08:30'), at('2026-11-29T20:00')]);
    const forTown = await onCallBetween(
      database.db,
      { regionIds: [otherMunicipality] },
      at('2026-11-27T00:00'),
      at('2026-11-30T00:00'),
    );
    expect(forTown.map((s) => s.organisationId)).toEqual([hokenjo]);
  });
});

describe('coverageGaps (当番の空白)', () => {
  it('finds the deliberately uncovered Sunday window, for the municipality and each of its areas', async () => {
    const gaps = await coverageGaps(
      database.db,
      [regions.municipality, regions.daily, otherDaily],
      at('2026-11-27T08:30'),
      at('2026-12-01T00:00'),
    );
    const sunday = { from: at('2026-11-29T08:30'), to: at('2026-11-29T20:00') };
    // Weekday office hours need no one on call; nights were covered except the hole; Monday night
    // (11-30 17:15 onwards) has no shift yet.
    const monday = { from: at('2026-11-30T17:15'), to: at('2026-12-01T00:00') };
    for (const regionId of [regions.municipality, regions.daily, otherDaily]) {
      expect(gaps.filter((g) => g.regionId === regionId).map(({ from, to }) => ({ from, to }))).toEqual([
        sunday,
        monday,
      ]);
    }
  });

  it('needs coverage from 6:00 to opening and from closing on, and none while the office is open', async () => {
    const gaps = await coverageGaps(
      database.db,
      [regions.municipality],
      at('2026-11-30T06:00'),
      at('2026-11-30T22:00'),
    );
    // Monday: the Sunday night shift ends at 8:30 as the office opens; after 17:15 no one.
    expect(gaps).toEqual([
      { regionId: regions.municipality, from: at('2026-11-30T17:15'), to: at('2026-11-30T22:00') },
    ]);
    const early = await coverageGaps(
      database.db,
      [regions.municipality],
      at('2026-12-01T06:00'),
      at('2026-12-01T09:00'),
    );
    expect(early).toEqual([
      { regionId: regions.municipality, from: at('2026-12-01T06:00'), to: at('2026-12-01T08:30') },
    ]);
  });

  it('needs coverage around the clock where no municipal office is registered, and on holidays', async () => {
    const town = await coverageGaps(
      database.db,
      [otherMunicipality],
      at('2026-11-27T10:00'),
      at('2026-11-27T11:00'),
    );
    expect(town).toEqual([
      { regionId: otherMunicipality, from: at('2026-11-27T10:00'), to: at('2026-11-27T11:00') },
    ]);
    // 2026-11-23 (Mon) 勤労感謝の日: the office is closed all day, so all of it needs coverage.
    const holiday = await coverageGaps(
      database.db,
      [regions.municipality],
      at('2026-11-23T00:00'),
      at('2026-11-24T00:00'),
    );
    expect(holiday).toEqual([
      { regionId: regions.municipality, from: at('2026-11-23T00:00'), to: at('2026-11-24T00:00') },
    ]);
  });

  it('does not count a shift whose staff can no longer be reached', async () => {
    const db = database.db;
    const leaver = (await createUser(db, { organisationId: kyoten })).id;
    await createShift(db, {
      organisationId: kyoten,
      startsAt: iso('2026-12-05T08:30'),
      endsAt: iso('2026-12-05T20:00'),
      primaryUserId: leaver,
      regionIds: [regions.municipality],
    });
    const window = [at('2026-12-05T09:00'), at('2026-12-05T10:00')] as const;
    expect(await coverageGaps(db, [regions.municipality], ...window)).toEqual([]);
    await db.updateTable('users').set({ disabledAt: new Date() }).where('id', '=', leaver).execute();
    expect(await coverageGaps(db, [regions.municipality], ...window)).toHaveLength(1);
    expect(await onCallAt(db, regions.municipality, window[0])).toBeNull();
  });

  it('checks every municipality and 日常生活圏域 when asked for all', async () => {
    const gaps = await coverageGaps(database.db, 'all', at('2026-11-29T12:00'), at('2026-11-29T12:01'));
    expect(new Set(gaps.map((g) => g.regionId))).toEqual(
      new Set([regions.municipality, regions.daily, otherDaily, otherMunicipality]),
    );
  });
});
