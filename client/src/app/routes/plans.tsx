import type { Plan, PlanKind, PlanVersionDetail } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, buttonClass, ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { personOverviewQueryOptions } from '../../features/persons/api/persons.ts';
import { planPdfUrl, planQueryOptions, useServiceUseNeeds } from '../../features/plans/api/plans.ts';
import { CrisisPlanForm } from '../../features/plans/components/crisis-plan-form.tsx';
import { DeliveriesSection } from '../../features/plans/components/deliveries.tsx';
import { MeetingsSection } from '../../features/plans/components/meetings.tsx';
import { MonitoringSection } from '../../features/plans/components/monitoring.tsx';
import { PlanContentView, PlanHead } from '../../features/plans/components/plan-content.tsx';
import { statusOf } from '../../features/plans/components/plan-labels.ts';
import {
  AgreementForm,
  AgreementRecord,
  ConfirmPanel,
  PlanSteps,
} from '../../features/plans/components/plan-state.tsx';
import { ServiceUsePlanForm } from '../../features/plans/components/service-use-form.tsx';
import {
  recipientCertificate,
  type HeaderDefaults,
} from '../../features/plans/components/service-use-header.tsx';
import { SupportPlanForm } from '../../features/plans/components/support-plan-form.tsx';
import { TeamView } from '../../features/plans/components/team-view.tsx';
import { VersionHistory } from '../../features/plans/components/version-history.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { NotFoundRoute } from './not-found.tsx';

/** The plan's title: its kind, and for a 個別支援計画 the service. */
function usePlanTitle(plan: Plan): string {
  const { t } = useTranslation();
  const kind = t(`plans.kind.${plan.summary.kind}`);
  return plan.summary.title ? t('plans.view.titleWithService', { kind, service: plan.summary.title }) : kind;
}

/** A plan and the person's name; 404 shows the not-found page (outside consent looks the same). */
function usePlanPage(planId: string) {
  const plan = useQuery(planQueryOptions(planId));
  const person = useQuery({
    ...personOverviewQueryOptions(plan.data?.summary.personId ?? ''),
    enabled: plan.data !== undefined,
  });
  return { plan, person };
}

function PlanLoadState({ query }: { query: ReturnType<typeof usePlanPage>['plan'] }) {
  if (query.isPending) return <Loading />;
  if (isNotFound(query.error)) return <NotFoundRoute />;
  return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
}

function PersonEyebrow({ personId, name }: { personId: string; name: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Link to={`/persons/${personId}`}>
      {name ? t('plans.view.eyebrow', { name }) : t('plans.view.backToPerson')}
    </Link>
  );
}

function PlanPage({
  plan,
  personName,
  team,
}: {
  plan: Plan;
  personName: string | undefined;
  team: readonly { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const title = usePlanTitle(plan);
  const { summary, latest, abilities } = plan;
  const personId = summary.personId;
  const [showCurrent, setShowCurrent] = useState(false);
  const needs = useServiceUseNeeds(personId, summary.kind === 'individual_support');
  const needText = (id: string) => needs.find((n) => n.id === id)?.need ?? null;
  const providerName = (id: string) => plan.providers.find((p) => p.organisationId === id)?.name ?? null;
  const shown: PlanVersionDetail = showCurrent && plan.current ? plan.current : latest;
  const status = statusOf(shown);
  const pdfVersion = shown.version;
  const navigate = useNavigate();
  const location = useLocation();
  // 「計画案を保存しました」 belongs to the save; once the plan moves on it would mislead.
  const clearFlash = () =>
    void navigate(location.pathname + location.hash, {
      replace: true,
      state: null,
      preventScrollReset: true,
    });
  return (
    <>
      <PageHeader
        eyebrow={<PersonEyebrow personId={personId} name={personName} />}
        title={title}
        lead={
          <p>
            {t('plans.versionWithStatus', { version: shown.version, status: status.label })}
            {'　'}
            {summary.organisationName}
          </p>
        }
        actions={
          <div className="button-row no-print">
            <a
              className={buttonClass('primary')}
              href={planPdfUrl(summary.id, pdfVersion)}
              download
              aria-label={t('plans.view.pdfLabel', { kind: title, version: pdfVersion })}
            >
              {t('plans.view.pdf')}
            </a>
            <Button onClick={() => window.print()}>{t('plans.view.print')}</Button>
          </div>
        }
      />
      <div className="stack stack--large plan-page">
        <FlashMessage />
        <section className="panel stack no-print" aria-labelledby="plan-state-title">
          <h2 id="plan-state-title" className="panel__title">
            {t('plans.view.stepsLabel')}
          </h2>
          <PlanSteps version={latest} />
          <AgreementRecord version={latest} />
          {plan.current ? (
            <p>
              {t('plans.view.currentIs', { version: plan.current.version })}{' '}
              <Button small onClick={() => setShowCurrent(!showCurrent)}>
                {showCurrent
                  ? t('plans.view.showLatest', { version: latest.version })
                  : t('plans.view.showCurrent', { version: plan.current.version })}
              </Button>
            </p>
          ) : latest.status !== 'confirmed' ? (
            <p>{t('plans.view.noCurrent')}</p>
          ) : null}
          <AgreementForm personId={personId} plan={plan} canAgree={abilities.agree} onDone={clearFlash} />
          {latest.status === 'draft' && !abilities.agree ? (
            <p className="muted">{t('plans.agreement.needed')}</p>
          ) : null}
          <ConfirmPanel personId={personId} plan={plan} canConfirm={abilities.confirm} onDone={clearFlash} />
          <div className="button-row">
            {abilities.revise ? (
              <ButtonLink to={`/plans/${summary.id}/edit`}>{t('plans.view.newVersion')}</ButtonLink>
            ) : null}
            <ButtonLink to={`/plans/${summary.id}/history`}>{t('plans.view.history')}</ButtonLink>
          </div>
        </section>
        <article className="panel stack plan-document" aria-labelledby="plan-document-title">
          <div className="print-only plan-print-head">
            <p>{personName ? t('plans.view.eyebrow', { name: personName }) : null}</p>
            <p>{t('plans.view.printedAt', { time: formatDateTime(new Date()) })}</p>
          </div>
          <h2 id="plan-document-title" className="panel__title">
            {title} {t('plans.versionWithStatus', { version: shown.version, status: status.label })}
          </h2>
          <PlanHead version={shown} organisationName={summary.organisationName} />
          <PlanContentView version={shown} providerName={providerName} needText={needText} />
          {shown.agreement ? (
            <div className="print-only">
              <AgreementRecord version={shown} />
            </div>
          ) : null}
        </article>
        {shown.content.kind === 'service_use' ? (
          <TeamView plan={plan} content={shown.content.serviceUse} />
        ) : null}
        {summary.kind !== 'crisis' ? <MeetingsSection personId={personId} plan={plan} /> : null}
        <DeliveriesSection personId={personId} plan={plan} team={team} />
        {summary.kind !== 'crisis' ? <MonitoringSection personId={personId} plan={plan} /> : null}
      </div>
    </>
  );
}

/** 計画: one plan with its state, content, team view and monitoring. */
export function PlanRoute() {
  const { id = '' } = useParams();
  const { plan, person } = usePlanPage(id);
  if (!plan.data) return <PlanLoadState query={plan} />;
  return (
    <PlanPage
      plan={plan.data}
      personName={person.data?.identity.name}
      team={teamOrganisations(person.data?.team ?? [])}
    />
  );
}

/** 版の履歴: all versions and the diff between two. */
export function PlanHistoryRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { plan, person } = usePlanPage(id);
  const p = plan.data;
  const needs = useServiceUseNeeds(p?.summary.personId ?? '', p?.summary.kind === 'individual_support');
  if (!p) return <PlanLoadState query={plan} />;
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  return (
    <HistoryPage
      plan={p}
      personName={person.data?.identity.name}
      initial={from && to ? { from, to } : null}
      needText={(nid) => needs.find((n) => n.id === nid)?.need ?? null}
      title={t('plans.history.title')}
    />
  );
}

function HistoryPage({
  plan,
  personName,
  initial,
  needText,
  title,
}: {
  plan: Plan;
  personName: string | undefined;
  initial: { from: number; to: number } | null;
  needText: (id: string) => string | null;
  title: string;
}) {
  const { t } = useTranslation();
  const planTitle = usePlanTitle(plan);
  return (
    <>
      <PageHeader
        eyebrow={<PersonEyebrow personId={plan.summary.personId} name={personName} />}
        title={`${planTitle}: ${title}`}
        lead={<p>{t('plans.history.lead')}</p>}
        actions={<ButtonLink to={`/plans/${plan.summary.id}`}>{t('common.back')}</ButtonLink>}
      />
      <VersionHistory plan={plan} needText={needText} initial={initial} />
    </>
  );
}

/** The editor of a plan's kind, starting from `base` (a new version) or empty (a new plan). */
export function PlanEditor({
  kind,
  personId,
  plan,
  providers,
  defaults,
  onSaved,
  cancelTo,
}: {
  kind: PlanKind;
  personId: string;
  plan: Plan | null;
  providers: readonly { id: string; name: string }[];
  /** For a new サービス等利用計画: its header from the 受給者証 and the author. */
  defaults?: HeaderDefaults | null;
  onSaved: (saved: { id: string; version: number }) => void;
  cancelTo: string;
}) {
  const needs = useServiceUseNeeds(personId, kind === 'individual_support');
  const latest = plan?.latest ?? null;
  const planId = plan?.summary.id ?? null;
  const head = latest
    ? {
        version: latest.version,
        planDate: latest.planDate,
        reviewOn: latest.reviewOn,
        monitoringMonths: latest.monitoringMonths,
      }
    : null;
  const common = { personId, planId, onSaved, cancelTo };
  if (kind === 'service_use')
    return (
      <ServiceUsePlanForm
        {...common}
        providers={providers}
        defaults={defaults ?? null}
        base={
          head && latest?.content.kind === 'service_use'
            ? { ...head, content: latest.content.serviceUse }
            : null
        }
      />
    );
  if (kind === 'individual_support')
    return (
      <SupportPlanForm
        {...common}
        needs={needs}
        base={
          head && latest?.content.kind === 'individual_support'
            ? { ...head, content: latest.content.support }
            : null
        }
      />
    );
  return (
    <CrisisPlanForm
      {...common}
      base={head && latest?.content.kind === 'crisis' ? { ...head, content: latest.content.crisis } : null}
    />
  );
}

/** 新しい版: the editor of the plan's kind, filled with the latest version. */
export function PlanEditRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { plan, person } = usePlanPage(id);
  if (!plan.data || person.isPending) return plan.data ? <Loading /> : <PlanLoadState query={plan} />;
  const p = plan.data;
  const kind = p.summary.kind;
  const personId = p.summary.personId;
  const team = teamOrganisations(person.data?.team ?? []);
  return (
    <>
      <PageHeader
        eyebrow={<PersonEyebrow personId={personId} name={person.data?.identity.name} />}
        title={t('plans.form.editTitle', { kind: t(`plans.kind.${kind}`) })}
        lead={<p>{t('plans.form.editLead', { version: p.latest.version + 1 })}</p>}
      />
      {p.abilities.revise ? (
        <PlanEditor
          kind={kind}
          personId={personId}
          plan={p}
          providers={team}
          cancelTo={`/plans/${p.summary.id}`}
          onSaved={(saved) =>
            void navigate(`/plans/${saved.id}`, {
              state: { flash: t('plans.form.saved') } satisfies FlashState,
            })
          }
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}

/** The organisations on the team today, once each. */
export function teamOrganisations(
  team: readonly { organisationId: string; organisationName: string; isActive: boolean }[],
): { id: string; name: string }[] {
  return [...new Map(team.filter((m) => m.isActive).map((m) => [m.organisationId, m.organisationName]))].map(
    ([id, name]) => ({ id, name }),
  );
}

const kindOfSlug: Record<string, PlanKind | undefined> = {
  'service-use': 'service_use',
  'individual-support': 'individual_support',
};

/** 計画を作る: a サービス等利用計画 or the caller's organisation's 個別支援計画. */
export function PlanCreateRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '', kind: slug = '' } = useParams();
  const kind = kindOfSlug[slug];
  const person = useQuery(personOverviewQueryOptions(id));
  const session = useSignedInSession();
  if (!kind) return <NotFoundRoute />;
  if (person.isPending) return <Loading />;
  if (person.isError)
    return isNotFound(person.error) ? (
      <NotFoundRoute />
    ) : (
      <LoadError error={person.error} onRetry={() => void person.refetch()} />
    );
  return (
    <>
      <PageHeader
        eyebrow={<PersonEyebrow personId={id} name={person.data.identity.name} />}
        title={t('plans.form.createTitle', { kind: t(`plans.kind.${kind}`) })}
        lead={<p>{t('plans.form.createLead')}</p>}
      />
      <PlanEditor
        kind={kind}
        personId={id}
        plan={null}
        providers={teamOrganisations(person.data.team)}
        defaults={{
          certificate: recipientCertificate(person.data.certificates),
          authorName: session.user.displayName,
        }}
        cancelTo={`/persons/${id}#plans`}
        onSaved={(saved) =>
          void navigate(`/plans/${saved.id}`, {
            state: { flash: t('plans.form.saved') } satisfies FlashState,
          })
        }
      />
    </>
  );
}
