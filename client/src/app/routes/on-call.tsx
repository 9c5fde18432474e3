import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { SelectField, TextField } from '../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader } from '../../components/ui/page.tsx';
import { tsunaguOrganisationsQueryOptions } from '../../features/organisations/api/organisations.ts';
import {
  canAddShiftsQueryOptions,
  coverageQueryOptions,
  myNextShiftQueryOptions,
  onCallNowQueryOptions,
  shiftsQueryOptions,
  swapRequestsQueryOptions,
} from '../../features/on-call/api/on-call.ts';
import { CoverageReport } from '../../features/on-call/components/coverage-report.tsx';
import { OnCallNowList } from '../../features/on-call/components/on-call-now.tsx';
import { OnCallTabs } from '../../features/on-call/components/on-call-tabs.tsx';
import {
  moveAnchor,
  RotaCalendar,
  rotaDays,
  rotaWindow,
  type RotaView,
} from '../../features/on-call/components/rota-calendar.tsx';
import { SwapRequestList } from '../../features/on-call/components/swap-requests.tsx';
import { OnCallPushWarning } from '../../features/push/components/on-call-push-warning.tsx';
import { addDaysTo, formatShortDate, todayInTokyo, tokyoDayStart } from '../../lib/format.ts';
import { useRegionChoices } from '../region-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';

/** Region id → name and → place in the tree order, for the on-call screens. */
export function useRegionName() {
  const regions = useRegionChoices();
  const order = new Map(regions.choices.map((c, i) => [c.id, i]));
  return {
    regionName: (id: string) => regions.byId.get(id)?.name ?? id,
    regionOrder: (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER,
    choices: regions.choices,
    isPending: regions.isPending,
  };
}

/** Whether the signed-in user may add shifts for their organisation (from the server). */
export function useCanAddShifts(): boolean {
  const session = useSignedInSession();
  const week = rotaWindow(rotaDays('week', todayInTokyo()));
  return useQuery(canAddShiftsQueryOptions(session.activeOrganisationId, week.from, week.to)).data ?? false;
}

/** 今の当番: who is on call now for my area — the night-duty coordinator's first screen. */
export function OnCallNowRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const regionId = params.get('region') ?? undefined;
  const now = useQuery(onCallNowQueryOptions(regionId));
  const { regionName, choices } = useRegionName();
  const [openedAt] = useState(() => new Date());
  const myShift = useQuery(myNextShiftQueryOptions(session.user.id, todayInTokyo(openedAt), openedAt));
  return (
    <>
      <PageHeader title={t('onCall.title')} lead={<p>{t('onCall.now.lead')}</p>} />
      <OnCallTabs active="now" myUserId={session.user.id} />
      {myShift.data ? <OnCallPushWarning shift={myShift.data} now={openedAt} /> : null}
      <div className="filters filters--inline">
        <SelectField
          id="now-region"
          label={t('onCall.now.regionLabel')}
          placeholder={
            session.activeOrganisationId ? t('onCall.now.myArea') : t('onCall.now.allMunicipalities')
          }
          options={choices.map((c) => ({ value: c.id, label: `${'　'.repeat(c.depth)}${c.name}` }))}
          value={regionId ?? ''}
          onChange={(e) => setParams(e.target.value ? { region: e.target.value } : {}, { replace: true })}
        />
      </div>
      <div className="results" aria-busy={now.isFetching}>
        {now.isPending ? <Loading /> : null}
        {now.isError ? <LoadError error={now.error} onRetry={() => void now.refetch()} /> : null}
        {now.data ? <OnCallNowList now={now.data} regionName={regionName} /> : null}
      </div>
    </>
  );
}

function oneOfViews(value: string | null): RotaView {
  return value === 'month' ? 'month' : 'week';
}

/** 当番表: the rota as a week or a month, of one covering organisation or all of them. */
export function RotaRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const view = oneOfViews(params.get('view'));
  const dateParam = params.get('date');
  const anchor = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : todayInTokyo();
  const organisationId = params.get('organisationId') ?? undefined;
  const days = rotaDays(view, anchor);
  const window = rotaWindow(days);
  const shifts = useQuery(shiftsQueryOptions({ ...window, organisationId }));
  const organisations = useQuery(tsunaguOrganisationsQueryOptions);
  const { regionName } = useRegionName();
  const canAdd = useCanAddShifts();

  const set = (next: { view?: RotaView; date?: string; organisationId?: string | undefined }) => {
    const p = new URLSearchParams();
    const v = next.view ?? view;
    if (v !== 'week') p.set('view', v);
    p.set('date', next.date ?? anchor);
    const org = 'organisationId' in next ? next.organisationId : organisationId;
    if (org) p.set('organisationId', org);
    setParams(p, { replace: true });
  };
  const title =
    view === 'week'
      ? t('time.range', {
          from: formatShortDate(days[0] ?? anchor),
          to: formatShortDate(days.at(-1) ?? anchor),
        })
      : t('calendar.monthTitle', { year: Number(anchor.slice(0, 4)), month: Number(anchor.slice(5, 7)) });

  return (
    <>
      <PageHeader
        title={t('onCall.rota.title')}
        actions={
          canAdd ? (
            <ButtonLink
              to={`/on-call/shifts/new?date=${view === 'week' ? (days[0] ?? anchor) : anchor}`}
              variant="primary"
            >
              {t('onCall.rota.add')}
            </ButtonLink>
          ) : null
        }
      />
      <OnCallTabs active="rota" myUserId={session.user.id} />
      <FlashMessage />
      <div className="rota-controls">
        <SelectField
          id="rota-organisation"
          label={t('onCall.rota.organisation')}
          placeholder={t('onCall.rota.allOrganisations')}
          options={(organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={organisationId ?? ''}
          onChange={(e) => set({ organisationId: e.target.value || undefined })}
        />
        <div className="button-row" role="group" aria-label={t('onCall.rota.viewLabel')}>
          {(['week', 'month'] as const).map((v) => (
            <Button
              key={v}
              small
              variant={view === v ? 'primary' : 'secondary'}
              aria-pressed={view === v}
              onClick={() => set({ view: v })}
            >
              {t(`onCall.rota.view.${v}`)}
            </Button>
          ))}
        </div>
      </div>
      <div className="month-nav">
        <Button small onClick={() => set({ date: moveAnchor(view, anchor, -1) })}>
          {view === 'week' ? t('onCall.rota.previousWeek') : t('calendar.previousMonth')}
        </Button>
        <h2 className="month-nav__title" aria-live="polite">
          {title}
        </h2>
        <Button small onClick={() => set({ date: moveAnchor(view, anchor, 1) })}>
          {view === 'week' ? t('onCall.rota.nextWeek') : t('calendar.nextMonth')}
        </Button>
        <Button small variant="quiet" onClick={() => set({ date: todayInTokyo() })}>
          {t('onCall.rota.today')}
        </Button>
      </div>
      <div className="results" aria-busy={shifts.isFetching}>
        {shifts.isPending ? <Loading /> : null}
        {shifts.isError ? <LoadError error={shifts.error} onRetry={() => void shifts.refetch()} /> : null}
        {shifts.data ? (
          <RotaCalendar
            view={view}
            days={days}
            shifts={shifts.data.shifts}
            regionName={regionName}
            showOrganisation={!organisationId}
          />
        ) : null}
      </div>
    </>
  );
}

const coverageWeeks = [1, 2, 4, 8] as const;

/** カバレッジ確認: every window in the coming weeks in which a region has no one on call. */
export function CoverageRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const [params, setParams] = useSearchParams();
  const { regionName, regionOrder, choices } = useRegionName();
  const canAdd = useCanAddShifts();
  const fromParam = params.get('from');
  const from = fromParam && /^\d{4}-\d{2}-\d{2}$/.test(fromParam) ? fromParam : todayInTokyo();
  const weeks = coverageWeeks.find((w) => String(w) === params.get('weeks')) ?? 4;
  const regionId = params.get('region') ?? '';
  const [draft, setDraft] = useState({ from, weeks: String(weeks), regionId });
  // Today's check starts now, not at midnight (what has passed cannot be covered any more).
  const [openedAt] = useState(() => new Date().toISOString());
  const coverage = useQuery(
    coverageQueryOptions({
      regionId: regionId || undefined,
      from: from === todayInTokyo(new Date(openedAt)) ? openedAt : tokyoDayStart(from),
      to: tokyoDayStart(addDaysTo(from, weeks * 7)),
    }),
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const p = new URLSearchParams();
    if (draft.from) p.set('from', draft.from);
    p.set('weeks', draft.weeks);
    if (draft.regionId) p.set('region', draft.regionId);
    setParams(p, { replace: true });
  };
  return (
    <>
      <PageHeader title={t('onCall.coverage.title')} lead={<p>{t('onCall.coverage.lead')}</p>} />
      <OnCallTabs active="coverage" myUserId={session.user.id} />
      <form className="filters" onSubmit={apply} aria-label={t('onCall.coverage.filters')}>
        <SelectField
          id="coverage-region"
          label={t('onCall.coverage.region')}
          placeholder={t('onCall.coverage.allRegions')}
          options={choices.map((c) => ({ value: c.id, label: `${'　'.repeat(c.depth)}${c.name}` }))}
          value={draft.regionId}
          onChange={(e) => setDraft({ ...draft, regionId: e.target.value })}
        />
        <TextField
          id="coverage-from"
          label={t('onCall.coverage.from')}
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <SelectField
          id="coverage-weeks"
          label={t('onCall.coverage.period')}
          options={coverageWeeks.map((w) => ({
            value: String(w),
            label: t('onCall.coverage.weeks', { count: w }),
          }))}
          value={draft.weeks}
          onChange={(e) => setDraft({ ...draft, weeks: e.target.value })}
        />
        <div className="filters__actions">
          <Button type="submit" variant="primary">
            {t('onCall.coverage.check')}
          </Button>
        </div>
      </form>
      <div className="results" aria-busy={coverage.isFetching}>
        {coverage.isPending ? <Loading /> : null}
        {coverage.isError ? (
          <LoadError error={coverage.error} onRetry={() => void coverage.refetch()} />
        ) : null}
        {coverage.data ? (
          <CoverageReport
            coverage={coverage.data}
            regionName={regionName}
            regionOrder={regionOrder}
            canAddShifts={canAdd}
          />
        ) : null}
      </div>
    </>
  );
}

/** 交代の依頼: requests to or from me (and my organisation's, for its admin), with their buttons. */
export function SwapsRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const swaps = useQuery(swapRequestsQueryOptions);
  return (
    <>
      <PageHeader title={t('onCall.swap.title')} lead={<p>{t('onCall.swap.lead')}</p>} />
      <OnCallTabs active="swaps" myUserId={session.user.id} />
      {swaps.isPending ? <Loading /> : null}
      {swaps.isError ? <LoadError error={swaps.error} onRetry={() => void swaps.refetch()} /> : null}
      {swaps.data ? <SwapRequestList requests={swaps.data.swapRequests} showShift /> : null}
      {!session.activeOrganisationId ? <Notice>{t('onCall.swap.needsOrganisation')}</Notice> : null}
    </>
  );
}
