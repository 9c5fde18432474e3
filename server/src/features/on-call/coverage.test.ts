import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
} from '../../../test/factories.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * Coverage that matches the street (issue 16, item 10): a minute needs someone on call whenever
 * any organisation defining the region's day is closed — by default the municipality's office and
 * the 基幹 serving it, or those a system administrator chose. A night shift ending at 8:30 as the
 * city opens leaves 8:30–9:00 uncovered while the 基幹 opens at 9:00.
 */
const at = (local: string) => new Date(`${local}+09:00`).toISOString();
const window = (from: string, to: string) =>
  `from=${encodeURIComponent(at(from))}&to=${encodeURIComponent(at(to))}`;

let t: TestApp;
let regions: Awaited<ReturnType<typeof createRegionTree>>;
let cityOffice: string;
let kikan: string;
let admin: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(at('2026-12-07T10:00')); // Monday
  const db = t.database.db;
  regions = await createRegionTree(db);
  cityOffice = await createOrganisation(db, {
    name: 'テスト市障害福祉課',
    kind: 'municipal_disability_welfare_division',
  });
  await configureOrganisation(db, cityOffice, {
    hours: weekdayHours('08:30', '17:15'),
    regionIds: [regions.municipality],
  });
  kikan = await createOrganisation(db, {
    name: '基幹相談支援センターあけぼの',
    kind: 'core_consultation_center',
  });
  await configureOrganisation(db, kikan, {
    hours: weekdayHours('09:00', '17:00'),
    regionIds: [regions.municipality],
  });
  const kyoten = await createOrganisation(db, { name: '拠点あけぼの', kind: 'community_life_support_base' });
  const coordinator = await createUser(db, { organisationId: kyoten });
  // Nights Monday → Wednesday, each ending at 8:30 as the city office opens.
  for (const [from, to] of [
    ['2026-12-07', '2026-12-08'],
    ['2026-12-08', '2026-12-09'],
  ])
    await createShift(db, {
      organisationId: kyoten,
      startsAt: at(`${from}T17:00`),
      endsAt: at(`${to}T08:30`),
      primaryUserId: coordinator.id,
      regionIds: [regions.municipality],
    });
  admin = await signIn(t.app, await createUser(db, { organisationId: null, isSystemAdmin: true }), t.clock);
  staff = await signIn(t.app, await createUser(db, { organisationId: kyoten, role: 'org_admin' }), t.clock);
});

afterAll(async () => {
  await t?.close();
});

describe('the coverage check follows the organisations that define the day', () => {
  it('lists 8:30–9:00 as uncovered: the night shift ends as the city opens, the 基幹 opens at 9:00', async () => {
    const response = await staff.get(
      `/api/on-call/coverage?regionId=${regions.municipality}&${window('2026-12-08T06:00', '2026-12-08T17:00')}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const coverage = response.json();
    expect(coverage.gaps).toEqual(
      [regions.daily, regions.municipality]
        .sort()
        .map((regionId) => ({ regionId, from: at('2026-12-08T08:30'), to: at('2026-12-08T09:00') })),
    );
    // The 基幹 closes at 17:00, the city at 17:15: the night shift from 17:00 covers both.
    expect(coverage.definedBy.find((d: { regionId: string }) => d.regionId === regions.municipality)).toEqual(
      {
        regionId: regions.municipality,
        organisationNames: expect.arrayContaining(['テスト市障害福祉課', '基幹相談支援センターあけぼの']),
      },
    );
  });

  it('reads the defining organisations of a region: by default the city office and the 基幹', async () => {
    const read = await staff.get(`/api/regions/${regions.daily}/coverage-organisations`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ regionId: regions.daily, source: 'default' });
    expect(
      read
        .json()
        .organisations.map((o: { id: string }) => o.id)
        .sort(),
    ).toEqual([cityOffice, kikan].sort());
  });

  it('lets only a system administrator choose them, checked and audited; the choice moves the gap', async () => {
    const refused = await staff.put(`/api/regions/${regions.municipality}/coverage-organisations`, {
      organisationIds: [cityOffice],
    });
    expect(refused.statusCode).toBe(403);
    const unknown = await admin.put(`/api/regions/${regions.municipality}/coverage-organisations`, {
      organisationIds: [cityOffice, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_ORGANISATION', field: 'organisationIds.1' });
    const malformed = await admin.put(`/api/regions/${regions.municipality}/coverage-organisations`, {
      organisationIds: ['x'],
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().field).toMatch(/^organisationIds/);
    expect(
      (
        await admin.put('/api/regions/00000000-0000-4000-8000-000000000000/coverage-organisations', {
          organisationIds: [cityOffice],
        })
      ).statusCode,
    ).toBe(404);

    // The city office alone defines the day: 8:30–9:00 no longer needs cover.
    const chosen = await admin.put(`/api/regions/${regions.municipality}/coverage-organisations`, {
      organisationIds: [cityOffice],
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({
      source: 'chosen',
      organisations: [{ id: cityOffice, name: 'テスト市障害福祉課' }],
    });
    // The refused attempt and the choice are both in the audit log.
    expect((await auditRows(t.database.db, 'coverage.manage')).map((r) => r.outcome)).toEqual([
      'denied',
      'allowed',
    ]);
    const daily = (await staff.get(`/api/regions/${regions.daily}/coverage-organisations`)).json();
    expect(daily).toMatchObject({ source: 'inherited', organisations: [{ id: cityOffice }] });
    const after = await staff.get(
      `/api/on-call/coverage?regionId=${regions.municipality}&${window('2026-12-08T06:00', '2026-12-08T17:00')}`,
    );
    expect(after.json().gaps).toEqual([]);

    // An empty choice goes back to the default, and the gap with it.
    const reset = await admin.put(`/api/regions/${regions.municipality}/coverage-organisations`, {
      organisationIds: [],
    });
    expect(reset.json()).toMatchObject({ source: 'default' });
    const again = await staff.get(
      `/api/on-call/coverage?regionId=${regions.daily}&${window('2026-12-08T06:00', '2026-12-08T17:00')}`,
    );
    expect(again.json().gaps).toEqual([
      { regionId: regions.daily, from: at('2026-12-08T08:30'), to: at('2026-12-08T09:00') },
    ]);
  });
});
