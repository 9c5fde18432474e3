/**
 * Asia/Tokyo calendar arithmetic and formatting on instants, shared by the server (through
 * server/src/platform/tokyo-time.ts) and the client. Japan has had no daylight saving time since
 * 1951, so a Tokyo wall-clock time is always UTC+9: plain arithmetic, no time-zone database, and
 * the same answer whatever the process's or the browser's time zone.
 *
 * An instant never becomes a date by slicing its UTC text (an instant between 0:00 and 9:00 in
 * Tokyo would print the day before); it goes through `tokyoDate` and the formatters below.
 */
const OFFSET_MS = 9 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of an instant in Tokyo. */
function tokyoFields(instant: Date) {
  const local = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** 'YYYY-MM-DD' of a calendar day given by its fields (month 1–12; overflow rolls over). */
function dateText(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The Tokyo calendar date of an instant, 'YYYY-MM-DD'. */
export function tokyoDate(instant: Date): string {
  const f = tokyoFields(instant);
  return dateText(f.year, f.month, f.day);
}

/** The Tokyo wall-clock hour of an instant (0–23). */
export function tokyoHour(instant: Date): number {
  return tokyoFields(instant).hour;
}

/** Minutes since Tokyo midnight of an instant (0–1439). */
export function tokyoMinutes(instant: Date): number {
  const f = tokyoFields(instant);
  return f.hour * 60 + f.minute;
}

/** ISO 8601 with the Tokyo offset, '2026-12-08T00:37:00+09:00': what an export states, unambiguously. */
export function isoTokyo(instant: Date): string {
  const f = tokyoFields(instant);
  return `${dateText(f.year, f.month, f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}+09:00`;
}

/** '2026-12-08 00:37' in Tokyo: a compact date and time for lists and file contents. */
export function tokyoDateTime(instant: Date): string {
  const f = tokyoFields(instant);
  return `${dateText(f.year, f.month, f.day)} ${pad(f.hour)}:${pad(f.minute)}`;
}

/** The parts of a date-only value 'YYYY-MM-DD' (already a calendar date: no time zone applies). */
function dateParts(date: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/**
 * '2026年12月7日', as Japanese documents and messages write a date. A string must be a date-only
 * value ('YYYY-MM-DD', already a calendar date); an instant is read in Tokyo. Anything else is
 * returned as it is rather than guessed at.
 */
export function formatJapaneseDate(value: string | Date): string {
  const parts = typeof value === 'string' ? dateParts(value) : null;
  if (parts) return `${parts[0]}年${parts[1]}月${parts[2]}日`;
  if (typeof value === 'string') return value;
  const f = tokyoFields(value);
  return `${f.year}年${f.month}月${f.day}日`;
}

const weekdayKanji = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** '2026年11月27日（金）': a date-only value or an instant's Tokyo date, with its weekday. */
export function formatJapaneseDateWithWeekday(value: string | Date): string {
  const date = typeof value === 'string' ? value : tokyoDate(value);
  if (!dateParts(date)) return date;
  return `${formatJapaneseDate(date)}（${weekdayKanji[weekdayOf(date)]}）`;
}

/** '2026年12月8日 0:37' (or '2026年12月8日（火） 0:37'): an instant in Tokyo, a 24-hour time. */
export function formatJapaneseDateTime(instant: Date, withWeekday = false): string {
  const f = tokyoFields(instant);
  const date = withWeekday ? formatJapaneseDateWithWeekday(instant) : formatJapaneseDate(instant);
  return `${date} ${f.hour}:${pad(f.minute)}`;
}

/** The date `days` after (or before) a date-only value, 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date) ?? [1970, 1, 1];
  return dateText(y, m, d + days);
}

/** 'YYYY-MM-DD' + n months, kept to the month's last day (1月31日 + 1か月 = 2月28日/29日). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = dateParts(date) ?? [1970, 1, 1];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return dateText(y, m + months, Math.min(d, lastDay));
}

/** Weekday of a date-only value, 0 = Sunday (as Date.getDay() and the business-hours table). */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Whole days from one date-only value to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 'HH:MM' or 'HH:MM:SS' (24:00 allowed) → minutes since midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The instant a Tokyo date ('YYYY-MM-DD') begins, plus `minutes` (may be 1440: the next midnight). */
export function tokyoInstant(date: string, minutes = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minutes * MINUTE_MS);
}

/** おはようございます / こんにちは / こんばんは: which greeting the hour calls for. */
export type GreetingTime = 'morning' | 'daytime' | 'evening';

/** The greeting of a Tokyo hour: morning 5–10, daytime 10–18, evening 18–5 (a night shift at 0:26 is evening). */
export function greetingTimeOf(instant: Date): GreetingTime {
  const hour = tokyoHour(instant);
  if (hour >= 5 && hour < 10) return 'morning';
  if (hour >= 10 && hour < 18) return 'daytime';
  return 'evening';
}
