import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  formatJapaneseDate,
  formatJapaneseDateTime,
  formatJapaneseDateWithWeekday,
  greetingTimeOf,
  isoTokyo,
  tokyoDate,
  tokyoDateTime,
  tokyoHour,
  tokyoInstant,
} from './tokyo-time.ts';

// 00:37 on 12/8 in Tokyo: still 12/7 in UTC, the hour at which every sliced UTC date was a day early.
const justAfterMidnight = new Date('2026-12-08T00:37:05+09:00');

describe('Tokyo time', () => {
  it('reads the date of an instant in Tokyo, not in UTC', () => {
    expect(justAfterMidnight.toISOString()).toBe('2026-12-07T15:37:05.000Z');
    expect(tokyoDate(justAfterMidnight)).toBe('2026-12-08');
    expect(tokyoDate(new Date('2026-12-08T23:59:59+09:00'))).toBe('2026-12-08');
    expect(tokyoDate(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
    expect(tokyoHour(justAfterMidnight)).toBe(0);
  });

  it('writes ISO 8601 with +09:00 and a compact date and time', () => {
    expect(isoTokyo(justAfterMidnight)).toBe('2026-12-08T00:37:05+09:00');
    expect(tokyoDateTime(justAfterMidnight)).toBe('2026-12-08 00:37');
  });

  it('writes Japanese dates from date-only values and from instants', () => {
    expect(formatJapaneseDate('2026-12-07')).toBe('2026年12月7日');
    expect(formatJapaneseDate(justAfterMidnight)).toBe('2026年12月8日');
    expect(formatJapaneseDateTime(justAfterMidnight)).toBe('2026年12月8日 0:37');
    expect(formatJapaneseDateTime(justAfterMidnight, true)).toBe('2026年12月8日（火） 0:37');
    expect(formatJapaneseDateWithWeekday('2026-11-27')).toBe('2026年11月27日（金）');
    expect(formatJapaneseDateWithWeekday(justAfterMidnight)).toBe('2026年12月8日（火）');
    // An instant's UTC text is not a date: it is left as it is rather than sliced.
    expect(formatJapaneseDate('2026-12-07T15:37:05.000Z')).toBe('2026-12-07T15:37:05.000Z');
  });

  it('counts days and months on calendar dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(tokyoInstant('2026-12-08', 37).toISOString()).toBe('2026-12-07T15:37:00.000Z');
  });

  it('greets by the Tokyo hour: morning 5–10, daytime 10–18, evening 18–5', () => {
    const at = (time: string) => greetingTimeOf(new Date(`2026-12-08T${time}+09:00`));
    expect(at('00:26:00')).toBe('evening');
    expect(at('04:59:59')).toBe('evening');
    expect(at('05:00:00')).toBe('morning');
    expect(at('09:59:59')).toBe('morning');
    expect(at('10:00:00')).toBe('daytime');
    expect(at('17:59:59')).toBe('daytime');
    expect(at('18:00:00')).toBe('evening');
  });
});
