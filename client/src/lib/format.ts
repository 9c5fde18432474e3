import { addDays, tokyoDate, tokyoInstant, weekdayOf } from '@tsunagu/contract/tokyo-time';
import { currentLanguage, type Language } from './i18n/index.ts';

/** Care happens in Japan: every time is shown in Asia/Tokyo, whatever the device's zone. */
export const TIME_ZONE = 'Asia/Tokyo';

const locales: Record<Language, string> = { ja: 'ja-JP', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = language + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locales[language], { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | Date): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 2026年11月25日(水) 14:05 / Wed, 25 Nov 2026, 14:05 */
export function formatDateTime(value: string | Date, language: Language = currentLanguage()): string {
  const date = toDate(value);
  if (!date) return String(value);
  return formatter(language, {
    year: 'numeric',
    month: language === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** 2026年11月25日(水) */
export function formatDate(value: string | Date, language: Language = currentLanguage()): string {
  const date = toDate(value);
  if (!date) return String(value);
  return formatter(language, {
    year: 'numeric',
    month: language === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(date);
}

/** Today's date in Tokyo as YYYY-MM-DD (for date inputs). */
export function todayInTokyo(now: Date = new Date()): string {
  return tokyoDate(now);
}

/** The start of a Tokyo calendar day (YYYY-MM-DD) as an ISO timestamp; `plusDays` moves it. */
export function tokyoDayStart(day: string, plusDays = 0): string {
  return tokyoInstant(addDays(day, plusDays)).toISOString();
}

/** Weekday names from the platform, so no table to translate: 0 = Sunday as in the contract. */
export function weekdayName(
  weekday: number,
  width: 'long' | 'short',
  language: Language = currentLanguage(),
): string {
  // 2023-01-01 was a Sunday.
  const date = new Date(Date.UTC(2023, 0, 1 + weekday, 3));
  return formatter(language, { weekday: width }).format(date);
}

/** Monday first, as Japanese offices print their hours (月〜日). */
export const weekdaysMondayFirst = [1, 2, 3, 4, 5, 6, 0] as const;

/** "08:30" → "8:30": the leading zero reads as noise in a timetable. */
export function formatTime(hhmm: string): string {
  return hhmm.replace(/^0(\d):/, '$1:');
}

/** Full years between a birth date and a day (both YYYY-MM-DD), as a Japanese office counts age. */
export function ageOn(birthDate: string, day: string = todayInTokyo()): number | null {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  if (!by || !bm || !bd || !y || !m || !d) return null;
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** 1.2 MB / 350 KB: file sizes as people read them (decimal, one figure after the point). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${bytes} B`;
}

/** 11/30(月) 22:00 / Mon 30/11 22:00: an instant in a rota, where the year goes without saying. */
export function formatShortDateTime(value: string | Date, language: Language = currentLanguage()): string {
  const date = toDate(value);
  if (!date) return String(value);
  return formatter(language, {
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** 11/30(月) / Mon 30/11 */
export function formatShortDate(value: string | Date, language: Language = currentLanguage()): string {
  const date = toDate(value);
  if (!date) return String(value);
  return formatter(language, { month: 'numeric', day: 'numeric', weekday: 'short' }).format(date);
}

/** The Tokyo wall-clock time of an instant, "HH:MM" (for time inputs). */
export function timeInTokyo(value: string | Date): string {
  const date = toDate(value) ?? new Date(0);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** A Tokyo date (YYYY-MM-DD) and wall-clock time ("HH:MM", "24:00" allowed) as an ISO instant. */
export function tokyoDateTime(day: string, time: string): string {
  const [h, m] = time.split(':').map(Number);
  return tokyoInstant(day, (h ?? 0) * 60 + (m ?? 0)).toISOString();
}

/** The date `days` after (or before) a date, both YYYY-MM-DD. */
export function addDaysTo(day: string, days: number): string {
  return addDays(day, days);
}

/** Weekday of a date (YYYY-MM-DD), 0 = Sunday as in the contract. */
export function weekdayOfDate(day: string): number {
  return weekdayOf(day);
}
