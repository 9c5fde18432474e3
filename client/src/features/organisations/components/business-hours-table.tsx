import type { BusinessHoursRange } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { formatTime, weekdayName, weekdaysMondayFirst } from '../../../lib/format.ts';

/** The ranges of one weekday, in time order. */
export function rangesOf(hours: readonly BusinessHoursRange[], weekday: number): BusinessHoursRange[] {
  return hours.filter((h) => h.weekday === weekday).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
}

/** Business hours as a weekly table, 月 to 日, closed days said in words. */
export function BusinessHoursTable({
  hours,
  caption,
}: {
  hours: readonly BusinessHoursRange[];
  caption: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="table hours-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('organisations.weekday')}</th>
          <th scope="col">{t('organisations.hours')}</th>
        </tr>
      </thead>
      <tbody>
        {weekdaysMondayFirst.map((day) => {
          const ranges = rangesOf(hours, day);
          return (
            <tr key={day} className={ranges.length ? '' : 'hours-table__closed'}>
              <th scope="row">{weekdayName(day, 'long')}</th>
              <td>
                {ranges.length
                  ? ranges.map((r, i) => (
                      <span key={i} className="hours-table__range">
                        {t('time.range', { from: formatTime(r.opensAt), to: formatTime(r.closesAt) })}
                      </span>
                    ))
                  : t('organisations.closed')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
