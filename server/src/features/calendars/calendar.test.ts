import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import {
  closureCovers,
  holidayOn,
  isOpen,
  isOpenAt,
  nextOpening,
  nextOpeningAfter,
  nextOpenings,
  openOrganisations,
  openPeriods,
  openPeriodsOf,
  openUntil,
  scheduleOn,
  type OrganisationCalendar,
} from './calendar.ts';

const at = (local: string) => new Date(`${local}+09:00`);
const weekdays = [1, 2, 3, 4, 5];

/** A municipal office: weekdays 8:30–17:15, closed on holidays and 12/29–1/3 (the defaults). */
const office: OrganisationCalendar = {
  organisationId: 'office',
  closesOnHolidays: true,
  closesYearEnd: true,
  weekly: weekdays.map((weekday) => ({ weekday, opensAt: '08:30:00', closesAt: '17:15:00' })),
  closures: [],
  specialDays: [],
};

/** A hospital ward: open around the clock, holidays and New Year included. */
const ward: OrganisationCalendar = {
  organisationId: 'ward',
  closesOnHolidays: false,
  closesYearEnd: false,
  weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })),
  closures: [],
  specialDays: [],
};

describe('national holidays come from @holiday-jp/holiday_jp', () => {
  it('knows 2026–2027 holidays, substitute holidays and 国民の休日, by Tokyo date', () => {
    expect(holidayOn('2026-05-06')).toBe('こどもの日 振替休日');
    expect(holidayOn('2027-03-22')).toBe('春分の日 振替休日');
    expect(holidayOn('2027-01-11')).toBe('成人の日');
    expect(holidayOn('2026-09-22')).toBe('休日');
    expect(holidayOn('2026-05-07')).toBeNull();
    expect(holidayOn('2026-11-28')).toBeNull(); // a Saturday is not a holiday
  });
});

describe('isOpen (営業中かどうか)', () => {
  it('is closed on a Saturday that has no hours, and open on a Friday', () => {
    expect(scheduleOn(office, '2026-11-28')).toMatchObject({ weekday: 6, ranges: [], exception: null });
    expect(isOpenAt(office, at('2026-11-28T10:00'))).toBe(false);
    expect(isOpenAt(office, at('2026-11-27T10:00'))).toBe(true);
  });

  it('is closed on a national holiday falling on a weekday, unless the organisation opens on holidays', () => {
    // 2027-01-11 (Mon) 成人の日
    expect(isOpenAt(office, at('2027-01-11T10:00'))).toBe(false);
    expect(scheduleOn(office, '2027-01-11')).toMatchObject({
      holiday: '成人の日',
      exception: { kind: 'holiday', reason: '成人の日' },
    });
    expect(isOpenAt({ ...office, closesOnHolidays: false }, at('2027-01-11T10:00'))).toBe(true);
  });

  it('is closed on a substitute holiday (振替休日) and open again the next day', () => {
    // 2026-05-03 (Sun) 憲法記念日 → 05-06 (Wed) こどもの日 振替休日
    expect(isOpenAt(office, at('2026-05-06T10:00'))).toBe(false);
    expect(isOpenAt(office, at('2026-05-07T10:00'))).toBe(true);
    expect(nextOpeningAfter(office, at('2026-05-01T18:00'))).toEqual(at('2026-05-07T08:30'));
  });

  it('is closed 12/29–1/3 by default and opens on 1/4; an organisation may stay open', () => {
    expect(isOpenAt(office, at('2026-12-28T10:00'))).toBe(true); // Monday
    for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) {
      expect(isOpenAt(office, at(`${day}T10:00`)), day).toBe(false);
    }
    expect(scheduleOn(office, '2026-12-30').exception).toEqual({ kind: 'year_end', reason: null });
    expect(nextOpeningAfter(office, at('2026-12-28T17:15'))).toEqual(at('2027-01-04T08:30'));
    expect(isOpenAt({ ...office, closesYearEnd: false }, at('2026-12-29T10:00'))).toBe(true);
    expect(isOpenAt(ward, at('2027-01-01T03:00'))).toBe(true);
  });

  it('leaves the 6:00–opening and closing–22:00 windows closed, to the minute', () => {
    const wednesday = '2026-11-25';
    expect(isOpenAt(office, at(`${wednesday}T06:00`))).toBe(false);
    expect(isOpenAt(office, at(`${wednesday}T08:29:59`))).toBe(false);
    expect(isOpenAt(office, at(`${wednesday}T08:30`))).toBe(true);
    expect(isOpenAt(office, at(`${wednesday}T17:14:59`))).toBe(true);
    expect(isOpenAt(office, at(`${wednesday}T17:15`))).toBe(false);
    expect(isOpenAt(office, at(`${wednesday}T21:59`))).toBe(false);
    expect(nextOpeningAfter(office, at(`${wednesday}T06:00`))).toEqual(at(`${wednesday}T08:30`));
    expect(openUntil(office, at(`${wednesday}T09:00`))).toEqual(at(`${wednesday}T17:15`));
    expect(openPeriods(office, at(`${wednesday}T06:00`), at(`${wednesday}T22:00`))).toEqual([
      { from: at(`${wednesday}T08:30`).getTime(), to: at(`${wednesday}T17:15`).getTime() },
    ]);
    // Friday evening → Monday morning.
    expect(nextOpeningAfter(office, at('2026-11-27T21:30'))).toEqual(at('2026-11-30T08:30'));
  });

  it('honours several ranges a day, and merges ranges that touch (also over midnight)', () => {
    const clinic: OrganisationCalendar = {
      ...office,
      weekly: [
        { weekday: 3, opensAt: '09:00', closesAt: '12:30' },
        { weekday: 3, opensAt: '14:00', closesAt: '18:00' },
      ],
    };
    expect(isOpenAt(clinic, at('2026-11-25T13:00'))).toBe(false);
    expect(nextOpeningAfter(clinic, at('2026-11-25T10:00'))).toEqual(at('2026-11-25T14:00'));
    expect(openUntil(ward, at('2026-11-25T23:59'))).toBeNull(); // open beyond the horizon
    expect(nextOpeningAfter(ward, at('2026-11-25T10:00'))).toBeNull();
    const nights: OrganisationCalendar = {
      ...ward,
      weekly: [
        { weekday: 5, opensAt: '17:00', closesAt: '24:00' },
        { weekday: 6, opensAt: '00:00', closesAt: '09:00' },
      ],
    };
    expect(openUntil(nights, at('2026-11-27T23:00'))).toEqual(at('2026-11-28T09:00'));
    expect(nextOpeningAfter(nights, at('2026-11-27T23:00'))).toEqual(at('2026-12-04T17:00'));
  });

  it('applies closures (once or yearly) and special days, a special day winning', () => {
    const cal: OrganisationCalendar = {
      ...office,
      closures: [
        { startsOn: '2026-08-13', endsOn: '2026-08-16', isYearly: true, reason: 'お盆休み' },
        { startsOn: '2026-12-01', endsOn: '2026-12-02', isYearly: false, reason: '研修' },
      ],
      specialDays: [
        { date: '2026-12-02', hours: [{ opensAt: '13:00', closesAt: '15:00' }], reason: '午後のみ' },
        { date: '2026-12-03', hours: [], reason: '臨時休業' },
        { date: '2026-11-29', hours: [{ opensAt: '10:00', closesAt: '12:00' }], reason: '日曜相談会' },
      ],
    };
    expect(isOpenAt(cal, at('2027-08-13T10:00'))).toBe(false);
    expect(scheduleOn(cal, '2027-08-16').exception).toEqual({ kind: 'closure', reason: 'お盆休み' });
    expect(isOpenAt(cal, at('2026-12-01T10:00'))).toBe(false);
    expect(isOpenAt(cal, at('2026-12-02T10:00'))).toBe(false);
    expect(isOpenAt(cal, at('2026-12-02T14:00'))).toBe(true);
    expect(isOpenAt(cal, at('2026-12-03T10:00'))).toBe(false);
    expect(isOpenAt(cal, at('2026-11-29T11:00'))).toBe(true); // a Sunday
    expect(nextOpeningAfter(cal, at('2026-11-30T18:00'))).toEqual(at('2026-12-02T13:00'));
  });

  it('repeats a yearly closure over New Year from its first year only', () => {
    const c = { startsOn: '2026-12-28', endsOn: '2027-01-04', isYearly: true };
    expect(closureCovers(c, '2026-12-28')).toBe(true);
    expect(closureCovers(c, '2028-01-04')).toBe(true);
    expect(closureCovers(c, '2028-01-05')).toBe(false);
    expect(closureCovers(c, '2026-01-02')).toBe(false);
    expect(closureCovers(c, '2027-06-01')).toBe(false);
  });

  it('answers the same in any process time zone (Tokyo is UTC+9, no daylight saving)', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(isOpenAt(office, at('2026-05-06T10:00'))).toBe(false);
      expect(isOpenAt(office, at('2026-05-07T08:30'))).toBe(true);
    } finally {
      process.env.TZ = tz;
    }
  });
});

describe('the calendar functions other features call, on the database', () => {
  let database: TestDatabase;
  let officeId: string;
  let wardId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    officeId = await createOrganisation(db);
    wardId = await createOrganisation(db, { kind: 'psychiatric_hospital', sector: 'medical' });
    await db
      .insertInto('organisationBusinessHours')
      .values([
        ...weekdays.map((weekday) => ({
          organisationId: officeId,
          weekday,
          opensAt: '08:30',
          closesAt: '17:15',
        })),
        ...[0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
          organisationId: wardId,
          weekday,
          opensAt: '00:00',
          closesAt: '24:00',
        })),
      ])
      .execute();
    await db
      .updateTable('organisations')
      .set({ closesOnHolidays: false, closesYearEnd: false })
      .where('id', '=', wardId)
      .execute();
    const now = new Date();
    await db
      .insertInto('organisationSpecialDays')
      .values({
        organisationId: officeId,
        onDate: '2026-12-29',
        hours: JSON.stringify([{ opensAt: '09:00', closesAt: '12:00' }]),
        reason: '年末の窓口',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  });
  afterAll(async () => database.close());

  it('isOpen and nextOpening read the stored calendar', async () => {
    const db = database.db;
    expect(await isOpen(db, officeId, at('2026-11-25T10:00'))).toBe(true);
    expect(await isOpen(db, officeId, at('2026-11-23T10:00'))).toBe(false); // 勤労感謝の日
    expect(await isOpen(db, officeId, at('2026-12-29T10:00'))).toBe(true); // special day in 年末年始
    expect(await nextOpening(db, officeId, at('2026-12-29T12:00'))).toEqual(at('2027-01-04T08:30'));
    expect(await nextOpening(db, officeId, at('2026-12-25T18:00'))).toEqual(at('2026-12-28T08:30'));
    expect(await isOpen(db, '00000000-0000-4000-8000-000000000000', at('2026-11-25T10:00'))).toBe(false);
    expect(await nextOpening(db, wardId, at('2026-11-25T10:00'))).toBeNull();
  });

  it('answers for a whole team at one instant in one call', async () => {
    const db = database.db;
    const ids = [officeId, wardId, '00000000-0000-4000-8000-000000000000'];
    expect(await openOrganisations(db, ids, at('2026-11-27T21:30'))).toEqual(new Set([wardId]));
    expect(await openOrganisations(db, ids, at('2026-11-27T10:00'))).toEqual(new Set([officeId, wardId]));
    expect(await openOrganisations(db, [], at('2026-11-27T10:00'))).toEqual(new Set());
    const next = await nextOpenings(db, ids, at('2026-11-27T21:30'));
    expect(next.get(officeId)).toEqual(at('2026-11-30T08:30'));
    expect(next.get(wardId)).toBeNull();
    const periods = await openPeriodsOf(db, [officeId], at('2026-11-27T00:00'), at('2026-11-30T12:00'));
    expect(periods.get(officeId)).toEqual([
      { from: at('2026-11-27T08:30'), to: at('2026-11-27T17:15') },
      { from: at('2026-11-30T08:30'), to: at('2026-11-30T12:00') },
    ]);
  });
});
