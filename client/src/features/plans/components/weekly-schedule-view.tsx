import type { WeeklySchedule } from '@tsunagu/contract';
import { scheduleDays } from '@tsunagu/contract/weekly-schedule';
import { useTranslation } from 'react-i18next';

/**
 * 週間計画表 as the team reads it: a column per day with its slots in time order (services marked),
 * the 主な日常生活上の活動, and the two texts. On a phone the days become cards (table--cards).
 */
export function WeeklyScheduleView({ schedule }: { schedule: WeeklySchedule }) {
  const { t } = useTranslation();
  return (
    <section className="stack weekly-view" aria-labelledby="weekly-view-title">
      <h3 id="weekly-view-title">{t('plans.weekly.legend')}</h3>
      <div className="table-wrap">
        <table className="table table--cards weekly-table">
          <thead>
            <tr>
              {scheduleDays.map((day) => (
                <th key={day} scope="col">
                  {t(`plans.weekly.day.${day}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {scheduleDays.map((day) => {
                const slots = schedule.slots.filter((s) => s.day === day);
                return (
                  <td key={day} data-label={t(`plans.weekly.dayLong.${day}`)}>
                    {slots.length ? (
                      <ul className="plain-list weekly-table__slots">
                        {slots.map((s) => (
                          <li
                            key={`${s.start}-${s.end}`}
                            className={`weekly-table__slot weekly-table__slot--${s.kind}`}
                          >
                            <span className="weekly-table__time">{`${s.start}〜${s.end}`}</span>
                            <span className="plan-words">{s.text}</span>
                            <span className="visually-hidden">{t(`plans.weekly.kinds.${s.kind}`)}</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{t('common.none')}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="field__hint">{t('plans.weekly.legendNote')}</p>
      <dl className="description-list plan-facts">
        <div>
          <dt>{t('plans.weekly.activities')}</dt>
          <dd>
            {schedule.dailyActivities.length ? (
              <ul className="plain-list">
                {schedule.dailyActivities.map((a) => (
                  <li key={`${a.time}-${a.text}`}>{`${a.time} ${a.text}`}</li>
                ))}
              </ul>
            ) : (
              <span className="muted">{t('common.notSet')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('plans.weekly.nonWeeklyServices')}</dt>
          <dd className="plan-words">{schedule.nonWeeklyServices ?? t('common.notSet')}</dd>
        </div>
        <div>
          <dt>{t('plans.weekly.lifeOverview')}</dt>
          <dd className="plan-words">{schedule.lifeOverview ?? t('common.notSet')}</dd>
        </div>
      </dl>
    </section>
  );
}
