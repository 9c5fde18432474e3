import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { calendarQueryOptions } from '../../features/calendars/api/calendars.ts';
import { HolidayPolicyForm, WeeklyHours } from '../../features/calendars/components/calendar-settings.tsx';
import { CalendarStatus, UpcomingExceptions } from '../../features/calendars/components/calendar-status.tsx';
import { ClosuresEditor } from '../../features/calendars/components/closures-editor.tsx';
import { MonthCalendar } from '../../features/calendars/components/month-calendar.tsx';
import { SpecialDaysEditor } from '../../features/calendars/components/special-days-editor.tsx';
import { organisationQueryOptions } from '../../features/organisations/api/organisations.ts';
import { isNotFound } from '../../lib/api-client.ts';
import { todayInTokyo } from '../../lib/format.ts';
import { NotFoundRoute } from './not-found.tsx';

/** 営業日カレンダー of one organisation: where it stands now, the month, and (for its admin) the settings. */
export function OrganisationCalendarRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const organisation = useQuery(organisationQueryOptions(id));
  const calendar = useQuery(calendarQueryOptions(id));
  const monthParam = params.get('month');
  // 'YYYY-MM' of today's Tokyo date (a date-only value, not an instant's UTC text).
  const month = monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? monthParam : todayInTokyo().slice(0, 7);

  if (organisation.isPending || calendar.isPending) return <Loading />;
  if (organisation.isError || calendar.isError) {
    const error = organisation.error ?? calendar.error;
    if (isNotFound(error)) return <NotFoundRoute />;
    return (
      <LoadError
        error={error}
        onRetry={() => void Promise.all([organisation.refetch(), calendar.refetch()])}
      />
    );
  }
  const cal = calendar.data;
  const canManage = cal.abilities.manage;
  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        eyebrow={<Link to={`/organisations/${id}`}>{organisation.data.name}</Link>}
        lead={<p>{canManage ? t('calendar.leadManage') : t('calendar.lead')}</p>}
      />
      <div className="detail-grid">
        <section className="panel stack" aria-labelledby="calendar-now">
          <h2 id="calendar-now" className="panel__title">
            {t('calendar.nowTitle')}
          </h2>
          <CalendarStatus calendar={cal} />
        </section>
        <section className="panel stack" aria-labelledby="calendar-upcoming">
          <h2 id="calendar-upcoming" className="panel__title">
            {t('calendar.upcoming')}
          </h2>
          <UpcomingExceptions upcoming={cal.upcoming} />
        </section>
      </div>
      <section className="panel stack section-gap" aria-labelledby="calendar-month">
        <h2 id="calendar-month" className="panel__title">
          {t('calendar.monthView')}
        </h2>
        <MonthCalendar
          organisationId={id}
          month={month}
          onMonthChange={(next) => setParams({ month: next }, { replace: true })}
        />
      </section>
      <div className="detail-grid section-gap">
        <section className="panel stack" aria-labelledby="calendar-weekly">
          <h2 id="calendar-weekly" className="panel__title">
            {t('calendar.weeklyHours')}
          </h2>
          <WeeklyHours calendar={cal} />
        </section>
        <section className="panel stack" aria-labelledby="calendar-policy">
          <h2 id="calendar-policy" className="panel__title">
            {t('calendar.policy')}
          </h2>
          <HolidayPolicyForm calendar={cal} />
        </section>
      </div>
      <div className="detail-grid section-gap">
        <section className="panel stack" aria-labelledby="calendar-closures">
          <h2 id="calendar-closures" className="panel__title">
            {t('calendar.closures')}
          </h2>
          <ClosuresEditor organisationId={id} closures={cal.closures} canManage={canManage} />
        </section>
        <section className="panel stack" aria-labelledby="calendar-special">
          <h2 id="calendar-special" className="panel__title">
            {t('calendar.specialDays')}
          </h2>
          <SpecialDaysEditor organisationId={id} specialDays={cal.specialDays} canManage={canManage} />
        </section>
      </div>
    </>
  );
}
