import type { DaySchedule, OrganisationCalendar, UpcomingException } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { formatDateTime, formatShortDate, formatTime } from '../../../lib/format.ts';
import { calendarQueryOptions } from '../api/calendars.ts';

/** "8:30〜12:00、13:00〜17:15", or null for a day without hours. */
export function useRangesText(): (ranges: DaySchedule['ranges']) => string | null {
  const { t } = useTranslation();
  return (ranges) =>
    ranges.length
      ? ranges
          .map((r) => t('time.range', { from: formatTime(r.opensAt), to: formatTime(r.closesAt) }))
          .join(t('common.listSeparator'))
      : null;
}

/** "11/30(月)" or "12/29(火)〜1/3(日)": a day or a run of days (YYYY-MM-DD). */
export function useDaysText(): (from: string, to: string) => string {
  const { t } = useTranslation();
  return (from, to) =>
    from === to
      ? formatShortDate(from)
      : t('time.range', { from: formatShortDate(from), to: formatShortDate(to) });
}

/** Why a day is not an ordinary one, in words: 「祝日（元日）」「休業（庁舎点検）」. */
export function useExceptionText(): (e: Pick<UpcomingException, 'kind' | 'reason'>) => string {
  const { t } = useTranslation();
  return (e) =>
    e.reason && e.kind !== 'year_end'
      ? t('calendar.exceptionWithReason', { kind: t(`calendar.kinds.${e.kind}`), reason: e.reason })
      : t(`calendar.kinds.${e.kind}`);
}

/**
 * Where the organisation stands now: open or closed (in words, not colour alone), until when or
 * from when, and today's hours. What a colleague needs before picking up the phone.
 */
export function CalendarStatus({ calendar }: { calendar: OrganisationCalendar }) {
  const { t } = useTranslation();
  const rangesText = useRangesText();
  const exceptionText = useExceptionText();
  const { status } = calendar;
  const today = status.today;
  const todayHours = rangesText(today.ranges);
  return (
    <div className="calendar-status stack">
      <p className="calendar-status__now">
        {status.isOpen ? (
          <Badge tone="success">{t('calendar.open')}</Badge>
        ) : (
          <Badge tone="warning">{t('calendar.closed')}</Badge>
        )}{' '}
        {status.isOpen
          ? status.openUntil
            ? t('calendar.openUntil', { time: formatDateTime(status.openUntil) })
            : t('calendar.openAllDay')
          : status.nextOpening
            ? t('calendar.nextOpening', { time: formatDateTime(status.nextOpening) })
            : t('calendar.noNextOpening')}
      </p>
      <p>
        {t('calendar.today', { date: formatShortDate(today.date) })}{' '}
        {todayHours ?? t('calendar.closedAllDay')}
        {today.exception ? (
          <span className="muted"> {t('common.paren', { text: exceptionText(today.exception) })}</span>
        ) : today.holiday ? (
          <span className="muted"> {t('common.paren', { text: today.holiday })}</span>
        ) : null}
      </p>
    </div>
  );
}

/** 今後の休業日・祝日・特別営業: the next weeks' days that differ from the weekly hours. */
export function UpcomingExceptions({ upcoming }: { upcoming: readonly UpcomingException[] }) {
  const { t } = useTranslation();
  const rangesText = useRangesText();
  const exceptionText = useExceptionText();
  const daysText = useDaysText();
  if (!upcoming.length) return <p>{t('calendar.noUpcoming')}</p>;
  return (
    <ul className="upcoming-list">
      {upcoming.map((u) => (
        <li key={`${u.startsOn}-${u.kind}`} className={`upcoming upcoming--${u.kind}`}>
          <span className="upcoming__dates">{daysText(u.startsOn, u.endsOn)}</span>{' '}
          <span className="upcoming__what">{exceptionText(u)}</span>{' '}
          <span className="upcoming__hours">{rangesText(u.ranges) ?? t('calendar.closedAllDay')}</span>
        </li>
      ))}
    </ul>
  );
}

/** The organisation page's panel: open or closed now, next opening, the coming closures, a link to the whole calendar. */
export function CalendarSummaryPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const calendar = useQuery(calendarQueryOptions(organisationId));
  return (
    <section className="panel stack section-gap" aria-labelledby="org-calendar">
      <div className="panel__header">
        <h2 id="org-calendar" className="panel__title">
          {t('calendar.title')}
        </h2>
        <ButtonLink to={`/organisations/${organisationId}/calendar`} small>
          {calendar.data?.abilities.manage ? t('calendar.openManage') : t('calendar.openFull')}
        </ButtonLink>
      </div>
      {calendar.isPending ? <Loading /> : null}
      {calendar.isError ? <LoadError error={calendar.error} onRetry={() => void calendar.refetch()} /> : null}
      {calendar.data ? (
        <>
          <CalendarStatus calendar={calendar.data} />
          <h3 className="subheading">{t('calendar.upcoming')}</h3>
          <UpcomingExceptions upcoming={calendar.data.upcoming.slice(0, 5)} />
        </>
      ) : null}
    </section>
  );
}
