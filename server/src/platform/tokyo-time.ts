/**
 * Asia/Tokyo calendar arithmetic on instants. Japan has had no daylight saving time since 1951,
 * so a Tokyo wall-clock time is always UTC+9: plain arithmetic, no time-zone database, and the
 * same answer whatever the process's TZ.
 */
const OFFSET_MS = 9 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** The Tokyo calendar date of an instant, 'YYYY-MM-DD'. */
export function tokyoDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since Tokyo midnight of an instant (0–1439). */
export function tokyoMinutes(instant: Date): number {
  const local = instant.getTime() + OFFSET_MS;
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
}

/** The instant a Tokyo date ('YYYY-MM-DD') begins, plus `minutes` (may be 1440: the next midnight). */
export function tokyoInstant(date: string, minutes = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minutes * MINUTE_MS);
}

/** The date `days` after (or before) a date, 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a date, 0 = Sunday (as Date.getDay() and the business-hours table). */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 'HH:MM' or 'HH:MM:SS' (24:00 allowed) → minutes since midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whole days from one date to another (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
