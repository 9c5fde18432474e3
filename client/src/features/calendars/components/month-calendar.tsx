import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addMonths } from '@tsunagu/contract/tokyo-time';
import { Button } from '../../../components/ui/button.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { addDaysTo, weekdayName, weekdayOfDate, weekdaysMondayFirst } from '../../../lib/format.ts';
import { calendarDaysQueryOptions } from '../api/calendars.ts';
import { useExceptionText, useRangesText } from './calendar-status.tsx';

/** "2027-01" → the month before or after. */
export function shiftMonth(month: string, by: number): string {
  // A calendar month, not an instant: the 'YYYY-MM' of a date-only value.
  return addMonths(`${month}-01`, by).slice(0, 7);
}

/** The days a month view shows: Monday of its first week to Sunday of its last. */
export function monthGridDays(month: string): { from: string; to: string } {
  const first = `${month}-01`;
  const from = addDaysTo(first, -((weekdayOfDate(first) + 6) % 7));
  const last = addDaysTo(`${shiftMonth(month, 1)}-01`, -1);
  const to = addDaysTo(last, (7 - weekdayOfDate(last)) % 7);
  return { from, to };
}

/** A month of an organisation's calendar, Monday first: each day's hours, holiday and closure. */
export function MonthCalendar({
  organisationId,
  month,
  onMonthChange,
}: {
  organisationId: string;
  month: string;
  onMonthChange: (month: string) => void;
}) {
  const { t } = useTranslation();
  const { from, to } = monthGridDays(month);
  const days = useQuery(calendarDaysQueryOptions(organisationId, from, to));
  const rangesText = useRangesText();
  const exceptionText = useExceptionText();
  const title = t('calendar.monthTitle', {
    year: Number(month.slice(0, 4)),
    month: Number(month.slice(5, 7)),
  });

  return (
    <div className="stack">
      <div className="month-nav">
        <Button small onClick={() => onMonthChange(shiftMonth(month, -1))}>
          {t('calendar.previousMonth')}
        </Button>
        <h3 className="month-nav__title" aria-live="polite">
          {title}
        </h3>
        <Button small onClick={() => onMonthChange(shiftMonth(month, 1))}>
          {t('calendar.nextMonth')}
        </Button>
      </div>
      {days.isPending ? <Loading /> : null}
      {days.isError ? <LoadError error={days.error} onRetry={() => void days.refetch()} /> : null}
      {days.data ? (
        <div className="month-grid-wrap">
          <ol className="month-grid__weekdays" aria-hidden="true">
            {weekdaysMondayFirst.map((w) => (
              <li key={w}>{weekdayName(w, 'short')}</li>
            ))}
          </ol>
          <ol className="month-grid" aria-label={title}>
            {days.data.days.map((d) => {
              const hours = rangesText(d.ranges);
              const inMonth = d.date.startsWith(month);
              const closed = !hours;
              return (
                <li
                  key={d.date}
                  className={[
                    'month-day',
                    inMonth ? '' : 'month-day--other-month',
                    closed ? 'month-day--closed' : '',
                    d.exception ? `month-day--${d.exception.kind}` : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                >
                  <span className="month-day__date">
                    {t('calendar.dayLabel', {
                      month: Number(d.date.slice(5, 7)),
                      day: Number(d.date.slice(8, 10)),
                      weekday: weekdayName(d.weekday, 'short'),
                    })}
                  </span>
                  {d.holiday ? <span className="month-day__holiday">{d.holiday}</span> : null}
                  <span className="month-day__hours">{hours ?? t('calendar.closedShort')}</span>
                  {d.exception && d.exception.kind !== 'holiday' ? (
                    <span className="month-day__reason">{exceptionText(d.exception)}</span>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
