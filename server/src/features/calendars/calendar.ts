import holidayJp from '@holiday-jp/holiday_jp';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { union, type Interval } from '../../platform/intervals.ts';
import { addDays, DAY_MS, minutesOf, tokyoDate, tokyoInstant, weekdayOf } from '../../platform/tokyo-time.ts';
import { selectCalendars } from './calendars.repository.ts';

/**
 * 営業日カレンダー: whether an organisation is open at an instant, and when it next opens, in
 * Asia/Tokyo. One day's hours come from the first rule that applies:
 *   1. a special day (臨時休業 or 特別営業: closed, or open with its own hours),
 *   2. a closure (休業期間: a date range, once or every year),
 *   3. 年末年始 12/29–1/3, if the organisation closes then (the default),
 *   4. a national or substitute holiday (祝日・振替休日・国民の休日, from @holiday-jp/holiday_jp),
 *      if the organisation closes on holidays (the default; a hospital ward does not),
 *   5. the weekly hours (several ranges a day; 24:00 ends a day).
 * Open periods that touch (17:00 | 17:00, or 24:00 | 0:00 the next day) are one period.
 * Time always comes from the caller's instant: nothing here reads a clock.
 *
 * The pure functions take an `OrganisationCalendar`; the `db` functions at the end load it (one
 * query for any number of organisations) and are what other features call.
 */

/** One opening range of a day, 'HH:MM' (closesAt may be '24:00'). */
export interface HoursRange {
  opensAt: string;
  closesAt: string;
}

export interface OrganisationCalendar {
  organisationId: string;
  closesOnHolidays: boolean;
  closesYearEnd: boolean;
  weekly: readonly { weekday: number; opensAt: string; closesAt: string }[];
  closures: readonly { id?: string; startsOn: string; endsOn: string; isYearly: boolean; reason: string }[];
  specialDays: readonly { id?: string; date: string; hours: readonly HoursRange[]; reason: string | null }[];
}

/** Why a day does not follow the weekly hours. */
export type DayExceptionKind = 'special_day' | 'closure' | 'year_end' | 'holiday';

/** One day of an organisation's calendar. */
export interface DaySchedule {
  date: string;
  weekday: number;
  /** The ranges it is open that day, in time order; empty = closed all day. */
  ranges: HoursRange[];
  /** The national holiday that day (祝日・振替休日), whether or not the organisation closes for it. */
  holiday: string | null;
  /** Set when the weekly hours do not apply that day. */
  exception: { kind: DayExceptionKind; reason: string | null } | null;
}

const holidays: Readonly<Record<string, { name: string } | undefined>> = holidayJp.holidays;

/** The Japanese national holiday on a date ('YYYY-MM-DD'), e.g. 「こどもの日 振替休日」, or null. */
export function holidayOn(date: string): string | null {
  return holidays[date]?.name ?? null;
}

/** 年末年始: 12/29 to 1/3, the closing days of 行政機関の休日に関する法律 that many offices follow. */
export function isYearEnd(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}

/** Whether a closure covers a date; a yearly closure repeats on its month and day from its first year. */
export function closureCovers(
  c: { startsOn: string; endsOn: string; isYearly: boolean },
  date: string,
): boolean {
  if (!c.isYearly) return c.startsOn <= date && date <= c.endsOn;
  if (date < c.startsOn) return false;
  const year = Number(date.slice(0, 4));
  const startYear = Number(c.startsOn.slice(0, 4));
  const span = Number(c.endsOn.slice(0, 4)) - startYear;
  // The occurrence that began this year or, for a range over New Year, the one that began last year.
  for (const begins of [year, year - 1]) {
    if (begins < startYear) continue;
    const from = `${begins}${c.startsOn.slice(4)}`;
    const to = `${begins + span}${c.endsOn.slice(4)}`;
    if (from <= date && date <= to) return true;
  }
  return false;
}

const hhmm = (time: string) => time.slice(0, 5);

/** The organisation's hours on one Tokyo date, and why they differ from the weekly hours if they do. */
export function scheduleOn(cal: OrganisationCalendar, date: string): DaySchedule {
  const weekday = weekdayOf(date);
  const holiday = holidayOn(date);
  const day = (ranges: readonly HoursRange[], exception: DaySchedule['exception']): DaySchedule => ({
    date,
    weekday,
    ranges: ranges
      .map((r) => ({ opensAt: hhmm(r.opensAt), closesAt: hhmm(r.closesAt) }))
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt)),
    holiday,
    exception,
  });
  const special = cal.specialDays.find((s) => s.date === date);
  if (special) return day(special.hours, { kind: 'special_day', reason: special.reason });
  const closure = cal.closures.find((c) => closureCovers(c, date));
  if (closure) return day([], { kind: 'closure', reason: closure.reason });
  if (cal.closesYearEnd && isYearEnd(date)) return day([], { kind: 'year_end', reason: null });
  if (cal.closesOnHolidays && holiday) return day([], { kind: 'holiday', reason: holiday });
  return day(
    cal.weekly.filter((h) => h.weekday === weekday),
    null,
  );
}

/** The days from one date to another (inclusive). */
export function scheduleBetween(cal: OrganisationCalendar, fromDate: string, toDate: string): DaySchedule[] {
  const out: DaySchedule[] = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) out.push(scheduleOn(cal, d));
  return out;
}

/** Open periods whose days lie between two dates, as epoch-ms intervals, touching ones merged. */
function periodsOfDays(cal: OrganisationCalendar, fromDate: string, toDate: string): Interval[] {
  const raw: Interval[] = [];
  for (const day of scheduleBetween(cal, fromDate, toDate)) {
    for (const r of day.ranges) {
      raw.push({
        from: tokyoInstant(day.date, minutesOf(r.opensAt)).getTime(),
        to: tokyoInstant(day.date, minutesOf(r.closesAt)).getTime(),
      });
    }
  }
  return union(raw);
}

/** Whether the organisation is open at an instant. */
export function isOpenAt(cal: OrganisationCalendar, instant: Date): boolean {
  const t = instant.getTime();
  const date = tokyoDate(instant);
  return periodsOfDays(cal, date, date).some((p) => p.from <= t && t < p.to);
}

/** The open periods overlapping [from, to), clipped to it. */
export function openPeriods(cal: OrganisationCalendar, from: Date, to: Date): Interval[] {
  const periods = periodsOfDays(cal, tokyoDate(from), tokyoDate(to));
  return periods
    .map((p) => ({ from: Math.max(p.from, from.getTime()), to: Math.min(p.to, to.getTime()) }))
    .filter((p) => p.to > p.from);
}

/** How far ahead `nextOpeningAfter` and `openUntil` look (a little over a year). */
export const HORIZON_DAYS = 400;
const CHUNK_DAYS = 14;

/**
 * Merged open periods from the day before `instant`'s date onwards, a chunk of days at a time,
 * so that a period running over midnight (or a 24-hour organisation) is seen whole.
 */
function* periodsFrom(cal: OrganisationCalendar, instant: Date): Generator<Interval> {
  const start = addDays(tokyoDate(instant), -1);
  let pending: Interval | null = null;
  for (let offset = 0; offset < HORIZON_DAYS; offset += CHUNK_DAYS) {
    const chunk = periodsOfDays(cal, addDays(start, offset), addDays(start, offset + CHUNK_DAYS - 1));
    for (const p of chunk) {
      if (pending && p.from <= pending.to) {
        pending.to = Math.max(pending.to, p.to);
        continue;
      }
      if (pending) yield pending;
      pending = { ...p };
    }
  }
  if (pending) yield pending;
}

/**
 * The next instant after `instant` at which the organisation opens (goes from closed to open).
 * If it is open at `instant`, that is the opening after the current period ends. Null when it
 * does not open within HORIZON_DAYS (no hours, or open around the clock).
 */
export function nextOpeningAfter(cal: OrganisationCalendar, instant: Date): Date | null {
  const t = instant.getTime();
  const horizonEnd = tokyoInstant(addDays(tokyoDate(instant), HORIZON_DAYS - 2)).getTime();
  for (const p of periodsFrom(cal, instant)) {
    if (p.from > t && p.from < horizonEnd) return new Date(p.from);
  }
  return null;
}

/** When the period open at `instant` ends; null when closed at `instant` or open beyond the horizon. */
export function openUntil(cal: OrganisationCalendar, instant: Date): Date | null {
  const t = instant.getTime();
  const horizonEnd = tokyoInstant(addDays(tokyoDate(instant), HORIZON_DAYS - 2)).getTime();
  for (const p of periodsFrom(cal, instant)) {
    if (p.from <= t && t < p.to) return p.to >= horizonEnd ? null : new Date(p.to);
    if (p.from > t) return null;
  }
  return null;
}

/** The national holidays between two dates (inclusive), for calendars on screen. */
export function holidaysBetween(fromDate: string, toDate: string): { date: string; name: string }[] {
  const out: { date: string; name: string }[] = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) {
    const name = holidayOn(d);
    if (name) out.push({ date: d, name });
  }
  return out;
}

/**
 * The calendars of organisations with what matters between two instants (one query). Exposed
 * for callers that ask many questions at once (the coverage check); most call the functions below.
 */
export async function loadCalendars(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, OrganisationCalendar>> {
  // A day either side: a period may begin the evening before and the horizon logic looks back one day.
  const rows = await selectCalendars(
    db,
    [...new Set(organisationIds)],
    addDays(tokyoDate(from), -1),
    addDays(tokyoDate(to), 1),
  );
  return new Map(rows.map((r): [string, OrganisationCalendar] => [r.organisationId, r]));
}

const horizonOf = (instant: Date) => new Date(instant.getTime() + HORIZON_DAYS * DAY_MS);

/** Whether an organisation is open at `instant` (false for an unknown organisation). */
export async function isOpen(db: Kysely<Tables>, organisationId: string, instant: Date): Promise<boolean> {
  const cal = (await loadCalendars(db, [organisationId], instant, instant)).get(organisationId);
  return cal ? isOpenAt(cal, instant) : false;
}

/** The next opening after `instant` (see nextOpeningAfter); null if none within the horizon or unknown. */
export async function nextOpening(
  db: Kysely<Tables>,
  organisationId: string,
  instant: Date,
): Promise<Date | null> {
  const cal = (await loadCalendars(db, [organisationId], instant, horizonOf(instant))).get(organisationId);
  return cal ? nextOpeningAfter(cal, instant) : null;
}

/** Which of these organisations are open at `instant`: one query however many there are. */
export async function openOrganisations(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
  instant: Date,
): Promise<Set<string>> {
  const calendars = await loadCalendars(db, organisationIds, instant, instant);
  return new Set([...calendars.values()].filter((c) => isOpenAt(c, instant)).map((c) => c.organisationId));
}

/** The next opening of each organisation after `instant` (null: none within the horizon). One query. */
export async function nextOpenings(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
  instant: Date,
): Promise<Map<string, Date | null>> {
  const calendars = await loadCalendars(db, organisationIds, instant, horizonOf(instant));
  return new Map([...calendars.values()].map((c) => [c.organisationId, nextOpeningAfter(c, instant)]));
}

/** Each organisation's open periods within [from, to) as Dates. One query. */
export async function openPeriodsOf(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, { from: Date; to: Date }[]>> {
  const calendars = await loadCalendars(db, organisationIds, from, to);
  return new Map(
    [...calendars.values()].map((c) => [
      c.organisationId,
      openPeriods(c, from, to).map((p) => ({ from: new Date(p.from), to: new Date(p.to) })),
    ]),
  );
}
