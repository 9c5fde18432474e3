import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { configureOrganisation, weekdayHours } from '../../../test/on-call-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let office: string;
let other: string;
let admin: Agent;

beforeEach(async () => {
  t = await createTestApp();
  // Friday 25 December 2026, 18:00: the office has closed for the weekend and then 年末年始.
  t.clock.set('2026-12-25T18:00:00+09:00');
  office = await createOrganisation(t.database.db, { kind: 'municipal_disability_welfare_division' });
  other = await createOrganisation(t.database.db);
  await configureOrganisation(t.database.db, office, { hours: weekdayHours() });
  admin = await signIn(
    t.app,
    await createUser(t.database.db, { organisationId: office, role: 'org_admin' }),
    t.clock,
  );
});
afterEach(async () => t.close());

describe('営業日カレンダー (organisation calendars)', () => {
  it('shows today, open or closed now, the next opening and the coming closures and holidays', async () => {
    const calendar = (await admin.get(`/api/organisations/${office}/calendar`)).json();
    expect(calendar).toMatchObject({
      closesOnHolidays: true,
      closesYearEnd: true,
      status: {
        isOpen: false,
        openUntil: null,
        nextOpening: '2026-12-27T23:30:00.000Z', // Monday 28 December 8:30 in Tokyo
        today: { date: '2026-12-25', weekday: 5, ranges: [{ opensAt: '08:30', closesAt: '17:15' }] },
      },
      abilities: { manage: true },
    });
    expect(calendar.upcoming).toEqual([
      { startsOn: '2026-12-29', endsOn: '2027-01-03', kind: 'year_end', reason: null, ranges: [] },
      { startsOn: '2027-01-11', endsOn: '2027-01-11', kind: 'holiday', reason: '成人の日', ranges: [] },
      { startsOn: '2027-02-11', endsOn: '2027-02-11', kind: 'holiday', reason: '建国記念の日', ranges: [] },
      { startsOn: '2027-02-23', endsOn: '2027-02-23', kind: 'holiday', reason: '天皇誕生日', ranges: [] },
    ]);
    t.clock.set('2026-12-28T09:00:00+09:00');
    const again = await signIn(t.app, await createUser(t.database.db, { organisationId: office }), t.clock);
    const monday = (await again.get(`/api/organisations/${office}/calendar`)).json();
    expect(monday.status).toMatchObject({ isOpen: true, openUntil: '2026-12-28T08:15:00.000Z' });
    expect(monday.status.nextOpening).toBe('2027-01-03T23:30:00.000Z'); // 4 January 8:30
  });

  it('lets its admin add closures and special days and change the holiday policy, each audited', async () => {
    const closure = await admin.post(`/api/organisations/${office}/calendar/closures`, {
      startsOn: '2027-08-13',
      endsOn: '2027-08-16',
      isYearly: true,
      reason: 'お盆休み',
    });
    expect(closure.statusCode).toBe(201);
    expect(closure.json()).toMatchObject({ isYearly: true, reason: 'お盆休み' });
    const special = await admin.put(`/api/organisations/${office}/calendar/special-days/2026-12-29`, {
      hours: [{ opensAt: '09:00', closesAt: '12:00' }],
      reason: '年末の相談窓口',
    });
    expect(special.statusCode).toBe(200);
    const policy = await admin.patch(`/api/organisations/${office}/calendar`, { closesOnHolidays: false });
    expect(policy.json()).toMatchObject({ closesOnHolidays: false, closesYearEnd: true });

    const calendar = policy.json();
    expect(calendar.status.nextOpening).toBe('2026-12-27T23:30:00.000Z'); // Monday 12/28 8:30
    expect(calendar.upcoming[0]).toMatchObject({
      startsOn: '2026-12-29',
      kind: 'special_day',
      ranges: [{ opensAt: '09:00', closesAt: '12:00' }],
    });
    expect(calendar.upcoming.some((u: { kind: string }) => u.kind === 'holiday')).toBe(false);
    const days = (
      await admin.get(`/api/organisations/${office}/calendar/days?from=2027-01-08&to=2027-01-12`)
    ).json().days;
    // Open on 成人の日 now, with its name still shown.
    expect(days[3]).toMatchObject({ date: '2027-01-11', holiday: '成人の日', exception: null });

    expect(
      (await admin.delete(`/api/organisations/${office}/calendar/closures/${closure.json().id}`)).statusCode,
    ).toBe(200);
    expect(
      (await admin.delete(`/api/organisations/${office}/calendar/special-days/2026-12-29`)).statusCode,
    ).toBe(200);
    for (const action of [
      'calendar.add_closure',
      'calendar.set_special_day',
      'calendar.update_policy',
      'calendar.remove_closure',
      'calendar.remove_special_day',
    ]) {
      expect(await auditRows(t.database.db, action), action).toHaveLength(1);
    }
  });

  it('lets staff read but not edit, and an admin edit only their own organisation (403 audited, 404 unknown)', async () => {
    const staff = await signIn(t.app, await createUser(t.database.db, { organisationId: office }), t.clock);
    expect((await staff.get(`/api/organisations/${office}/calendar`)).json().abilities).toEqual({
      manage: false,
    });
    const denied = await staff.post(`/api/organisations/${office}/calendar/closures`, {
      startsOn: '2027-05-01',
      endsOn: '2027-05-02',
      reason: '研修',
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await admin.patch(`/api/organisations/${other}/calendar`, { closesYearEnd: false })).statusCode,
    ).toBe(403);
    const denials = await auditRows(t.database.db, 'calendar.manage');
    expect(denials.map((d) => [d.outcome, d.targetType])).toEqual([
      ['denied', 'organisation_calendar'],
      ['denied', 'organisation_calendar'],
    ]);
    const unknown = '00000000-0000-4000-8000-000000000009';
    expect((await admin.get(`/api/organisations/${unknown}/calendar`)).statusCode).toBe(404);
    expect(
      (await admin.patch(`/api/organisations/${unknown}/calendar`, { closesYearEnd: false })).statusCode,
    ).toBe(404);
    const sysadmin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
    expect(
      (await sysadmin.patch(`/api/organisations/${other}/calendar`, { closesYearEnd: false })).statusCode,
    ).toBe(200);
  });

  it('refuses impossible dates and hours with the field named, saving nothing', async () => {
    const base = `/api/organisations/${office}/calendar`;
    const reversed = await admin.post(`${base}/closures`, {
      startsOn: '2027-05-03',
      endsOn: '2027-05-01',
      reason: 'x',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ code: 'END_BEFORE_START', field: 'endsOn' });
    const badDate = await admin.post(`${base}/closures`, {
      startsOn: '2027-02-30',
      endsOn: '2027-03-01',
      reason: 'x',
    });
    expect(badDate.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'startsOn' });
    const yearLong = await admin.post(`${base}/closures`, {
      startsOn: '2027-01-01',
      endsOn: '2028-01-01',
      isYearly: true,
      reason: 'x',
    });
    expect(yearLong.json()).toMatchObject({ field: 'endsOn', code: 'RANGE_TOO_LONG' });
    await admin.post(`${base}/closures`, { startsOn: '2027-05-01', endsOn: '2027-05-05', reason: '改装' });
    const overlapping = await admin.post(`${base}/closures`, {
      startsOn: '2027-05-05',
      endsOn: '2027-05-06',
      reason: '研修',
    });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json()).toMatchObject({ code: 'OVERLAPPING_CLOSURE', field: 'startsOn' });
    expect(overlapping.json().message).toContain('改装');

    const backwards = await admin.put(`${base}/special-days/2027-01-09`, {
      hours: [{ opensAt: '13:00', closesAt: '10:00' }],
    });
    expect(backwards.json()).toMatchObject({ code: 'END_BEFORE_START', field: 'hours.0.closesAt' });
    const overlappingHours = await admin.put(`${base}/special-days/2027-01-09`, {
      hours: [
        { opensAt: '09:00', closesAt: '12:00' },
        { opensAt: '11:00', closesAt: '15:00' },
      ],
    });
    expect(overlappingHours.json()).toMatchObject({ code: 'OVERLAPPING_RANGES', field: 'hours.1.opensAt' });
    const badTime = await admin.put(`${base}/special-days/2027-01-09`, {
      hours: [{ opensAt: '9:00', closesAt: '12:00' }],
    });
    expect(badTime.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'hours.0.opensAt' });
    const tooMany = await admin.get(`${base}/days?from=2027-01-01&to=2027-06-01`);
    expect(tooMany.json()).toMatchObject({ code: 'RANGE_TOO_LONG', field: 'to' });

    const calendar = (await admin.get(base)).json();
    expect(calendar.closures).toHaveLength(1);
    expect(calendar.specialDays).toEqual([]);
    expect((await admin.delete(`${base}/special-days/2027-01-09`)).statusCode).toBe(404);
  });
});
