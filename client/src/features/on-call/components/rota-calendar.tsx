import type { OnCallShift } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  addDaysTo,
  formatShortDateTime,
  timeInTokyo,
  todayInTokyo,
  tokyoDayStart,
  weekdayName,
  weekdayOfDate,
  weekdaysMondayFirst,
} from '../../../lib/format.ts';
import { monthGridDays, shiftMonth } from '../../calendars/components/month-calendar.tsx';
import type { RegionNameOf } from './shift-summary.tsx';

export type RotaView = 'week' | 'month';

/**
 * The days a view shows: a week from its Monday, or a month's weeks from Monday to Sunday. The
 * anchor and the days are Tokyo dates 'YYYY-MM-DD' (date-only values), so their month is their first 7 characters.
 */
export function rotaDays(view: RotaView, anchor: string): string[] {
  const { from, to } =
    view === 'week'
      ? { from: addDaysTo(anchor, -((weekdayOfDate(anchor) + 6) % 7)), to: '' }
      : monthGridDays(anchor.slice(0, 7));
  const days: string[] = [];
  for (let d = from; view === 'week' ? days.length < 7 : d <= to; d = addDaysTo(d, 1)) days.push(d);
  return days;
}

/** Where a view moves with 前へ / 次へ. */
export function moveAnchor(view: RotaView, anchor: string, by: number): string {
  return view === 'week' ? addDaysTo(anchor, 7 * by) : `${shiftMonth(anchor.slice(0, 7), by)}-01`;
}

/** Each shift under the day it starts (or the view's first day, when it began before). */
function shiftsByDay(days: readonly string[], shifts: readonly OnCallShift[]): Map<string, OnCallShift[]> {
  const byDay = new Map<string, OnCallShift[]>(days.map((d) => [d, []]));
  const first = days[0] ?? '';
  for (const s of shifts) {
    const start = todayInTokyo(new Date(s.startsAt));
    byDay.get(start < first ? first : start)?.push(s);
  }
  return byDay;
}

/** "17:00〜翌9:00": a shift's times within its day, the end's day said when it differs. */
function useShiftHours(): (s: OnCallShift) => string {
  const { t } = useTranslation();
  return (s) => {
    const startDay = todayInTokyo(new Date(s.startsAt));
    const endDay = todayInTokyo(new Date(s.endsAt));
    const end = timeInTokyo(s.endsAt).replace(/^0/, '');
    const to =
      endDay === startDay
        ? end
        : endDay === addDaysTo(startDay, 1)
          ? t('onCall.rota.nextDay', { time: end })
          : formatShortDateTime(s.endsAt);
    return t('time.range', { from: timeInTokyo(s.startsAt).replace(/^0/, ''), to });
  };
}

/**
 * 当番表 as a calendar: the week (each shift with primary, backup and areas) or the month (who
 * holds each shift). Each shift links to its page. A list of days, not a table, so a phone shows
 * one day under another and a screen reader reads each day with its weekday.
 */
export function RotaCalendar({
  view,
  days,
  shifts,
  regionName,
  showOrganisation,
}: {
  view: RotaView;
  days: readonly string[];
  shifts: readonly OnCallShift[];
  regionName: RegionNameOf;
  showOrganisation: boolean;
}) {
  const { t } = useTranslation();
  const hours = useShiftHours();
  const byDay = shiftsByDay(days, shifts);
  const today = todayInTokyo();
  const month = view === 'month' ? (days[10] ?? '').slice(0, 7) : null;
  return (
    <div
      className={[
        'month-grid-wrap rota',
        `rota--${view}`,
        days.includes(today) ? 'rota--has-today' : '',
      ].join(' ')}
    >
      <ol className="month-grid__weekdays" aria-hidden="true">
        {weekdaysMondayFirst.map((w) => (
          <li key={w}>{weekdayName(w, 'short')}</li>
        ))}
      </ol>
      <ol className="month-grid">
        {days.map((day) => {
          const list = byDay.get(day) ?? [];
          const outside = month !== null && !day.startsWith(month);
          return (
            <li
              key={day}
              className={[
                'month-day',
                outside ? 'month-day--other-month' : '',
                day === today ? 'month-day--today' : '',
                day < today ? 'month-day--past' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              aria-current={day === today ? 'date' : undefined}
            >
              <span className="month-day__date">
                {t('calendar.dayLabel', {
                  month: Number(day.slice(5, 7)),
                  day: Number(day.slice(8, 10)),
                  weekday: weekdayName(weekdayOfDate(day), 'short'),
                })}
                {day === today ? <span className="visually-hidden">{t('onCall.rota.today')}</span> : null}
              </span>
              {list.length ? (
                <ul className="rota-shifts">
                  {list.map((s) => (
                    <li key={s.id} className="rota-shift">
                      <Link to={`/on-call/shifts/${s.id}`} className="rota-shift__link">
                        <span className="rota-shift__time">{hours(s)}</span>{' '}
                        <span className="rota-shift__who">
                          {t('onCall.rota.primaryShort', { name: s.primary.displayName })}
                          {s.backup && view === 'week'
                            ? ` ${t('onCall.rota.backupShort', { name: s.backup.displayName })}`
                            : null}
                        </span>
                      </Link>
                      {view === 'week' ? (
                        <span className="rota-shift__where muted">
                          {showOrganisation ? `${s.organisationName} ` : null}
                          {s.regionIds.map(regionName).join(t('common.listSeparator'))}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="month-day__hours muted">{t('onCall.rota.noShifts')}</span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The window to ask the server for: from the first day's start to the day after the last. */
export function rotaWindow(days: readonly string[]): { from: string; to: string } {
  const first = days[0] ?? todayInTokyo();
  const last = days.at(-1) ?? first;
  return { from: tokyoDayStart(first), to: tokyoDayStart(last, 1) };
}
