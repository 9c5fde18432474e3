/**
 * Asia/Tokyo time for the server: the one way an instant becomes a date, a time of day or text
 * (PDFs, CSVs, e-mails, messages). The arithmetic lives in the contract so the client reads the
 * same day; this module adds what only the server needs.
 */
export {
  addDays,
  addMonths,
  DAY_MS,
  daysBetween,
  formatJapaneseDate,
  formatJapaneseDateTime,
  formatJapaneseDateWithWeekday,
  isoTokyo,
  MINUTE_MS,
  minutesOf,
  tokyoDate,
  tokyoDateTime,
  tokyoHour,
  tokyoInstant,
  tokyoMinutes,
  weekdayOf,
} from '@tsunagu/contract/tokyo-time';
