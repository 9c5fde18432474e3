import type { CrisisPlanView } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, buttonClass, ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { FlashMessage, PageHeader, type FlashState } from '../../components/ui/page.tsx';
import { crisisPlanQueryOptions, planPdfUrl, planQueryOptions } from '../../features/plans/api/plans.ts';
import { CrisisContentView } from '../../features/plans/components/plan-content.tsx';
import { statusOf } from '../../features/plans/components/plan-labels.ts';
import { isNotFound } from '../../lib/api-client.ts';
import { formatDate } from '../../lib/format.ts';
import { PersonDoNotTellBanner } from '../../features/persons/components/person-banners.tsx';
import { PlanEditor } from './plans.tsx';

/** A crisis plan outside the caller's consent (or no such person): the same words either way. */
function NoCrisisPlan({ personId }: { personId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('plans.crisis.title')} />
      <div className="stack">
        <Notice tone="info" live={false}>
          <p>{t('plans.crisis.noConsent')}</p>
        </Notice>
        <div className="button-row">
          <ButtonLink to={`/persons/${personId}`}>{t('plans.view.backToPerson')}</ButtonLink>
          <ButtonLink to="/emergency-access" variant="danger">
            {t('nav.emergency')}
          </ButtonLink>
        </div>
      </div>
    </>
  );
}

function CrisisPage({ view }: { view: CrisisPlanView }) {
  const { t } = useTranslation();
  const { current, pending, planId } = view;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to={`/persons/${view.personId}`}>{t('plans.view.eyebrow', { name: view.personName })}</Link>
        }
        title={t('plans.crisis.title')}
        lead={
          <p>
            {t('plans.crisis.lead')}
            {current?.agreement
              ? ` ${t('plans.crisis.agreedOn', { date: formatDate(current.agreement.agreedOn) })}`
              : ''}
          </p>
        }
        actions={
          <div className="button-row no-print">
            {planId && current ? (
              <a
                className={buttonClass('secondary')}
                href={planPdfUrl(planId, current.version)}
                download
                aria-label={t('plans.view.pdfLabel', {
                  kind: t('plans.crisis.title'),
                  version: current.version,
                })}
              >
                {t('plans.view.pdf')}
              </a>
            ) : null}
            {current ? <Button onClick={() => window.print()}>{t('plans.view.print')}</Button> : null}
          </div>
        }
      />
      <div className="stack stack--large">
        {/* A printout may leave the team: the warning is for the screen only. */}
        <PersonDoNotTellBanner personId={view.personId} className="no-print" />
        <FlashMessage />
        {pending ? (
          <Notice tone="info" live={false}>
            <p>
              {current
                ? t('plans.crisis.pending', {
                    version: pending.version,
                    status: statusOf(pending).label,
                    current: current.version,
                  })
                : t('plans.crisis.onlyDraft', { version: pending.version, status: statusOf(pending).label })}
            </p>
          </Notice>
        ) : null}
        {!planId ? <p className="muted">{t('plans.crisis.none')}</p> : null}
        {current ? (
          <article className="plan-document stack" aria-label={t('plans.crisis.title')}>
            <div className="print-only plan-print-head">
              <p>{t('plans.view.eyebrow', { name: view.personName })}</p>
            </div>
            {current.content.kind === 'crisis' ? (
              <CrisisContentView content={current.content.crisis} />
            ) : null}
            <p className="muted">
              {t('plans.versionWithStatus', { version: current.version, status: statusOf(current).label })}
              {t('common.paren', {
                text: `${t('plans.fields.head.planDate')}: ${formatDate(current.planDate)}`,
              })}
            </p>
          </article>
        ) : null}
        <div className="button-row no-print">
          {view.abilities.create ? (
            <ButtonLink to={`/persons/${view.personId}/crisis-plan/edit`} variant="primary">
              {t('plans.crisis.create')}
            </ButtonLink>
          ) : null}
          {view.abilities.revise ? (
            <ButtonLink to={`/persons/${view.personId}/crisis-plan/edit`}>
              {t('plans.crisis.edit')}
            </ButtonLink>
          ) : null}
          {planId ? <ButtonLink to={`/plans/${planId}`}>{t('plans.crisis.openPlan')}</ButtonLink> : null}
          <ButtonLink to={`/persons/${view.personId}`}>{t('plans.view.backToPerson')}</ButtonLink>
        </div>
      </div>
    </>
  );
}

/** クライシスプラン: the version in force, in the person's words, one tap from the person page. */
export function CrisisPlanRoute() {
  const { id = '' } = useParams();
  const view = useQuery(crisisPlanQueryOptions(id));
  if (view.isPending) return <Loading />;
  if (view.isError) {
    if (isNotFound(view.error)) return <NoCrisisPlan personId={id} />;
    return <LoadError error={view.error} onRetry={() => void view.refetch()} />;
  }
  return <CrisisPage view={view.data} />;
}

/** クライシスプランを作る／新しい版: the editor, filled with the latest version when there is one. */
export function CrisisPlanEditRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const view = useQuery(crisisPlanQueryOptions(id));
  const planId = view.data?.planId ?? null;
  const plan = useQuery({ ...planQueryOptions(planId ?? ''), enabled: planId !== null });
  if (view.isPending || (planId && plan.isPending)) return <Loading />;
  if (view.isError) {
    if (isNotFound(view.error)) return <NoCrisisPlan personId={id} />;
    return <LoadError error={view.error} onRetry={() => void view.refetch()} />;
  }
  if (plan.isError) return <LoadError error={plan.error} onRetry={() => void plan.refetch()} />;
  const existing = plan.data ?? null;
  const allowed = existing ? view.data.abilities.revise : view.data.abilities.create;
  const kind = t('plans.kind.crisis');
  return (
    <>
      <PageHeader
        eyebrow={<Link to={`/persons/${id}`}>{t('plans.view.eyebrow', { name: view.data.personName })}</Link>}
        title={existing ? t('plans.form.editTitle', { kind }) : t('plans.form.createTitle', { kind })}
        lead={
          <p>
            {existing
              ? t('plans.form.editLead', { version: existing.latest.version + 1 })
              : t('plans.form.createLead')}
          </p>
        }
      />
      {allowed ? (
        <PlanEditor
          kind="crisis"
          personId={id}
          plan={existing}
          providers={[]}
          cancelTo={`/persons/${id}/crisis-plan`}
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
