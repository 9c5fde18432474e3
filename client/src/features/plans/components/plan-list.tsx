import type { PlanSummary } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { formatDate } from '../../../lib/format.ts';
import { planListQueryOptions } from '../api/plans.ts';
import { statusOf } from './plan-labels.ts';

const order = { crisis: 0, service_use: 1, individual_support: 2 } as const;

/** Where a plan opens: the crisis plan has its own page, in the person's words. */
export function planHref(plan: Pick<PlanSummary, 'id' | 'kind' | 'personId'>): string {
  return plan.kind === 'crisis' ? `/persons/${plan.personId}/crisis-plan` : `/plans/${plan.id}`;
}

function PlanCard({ plan }: { plan: PlanSummary }) {
  const { t } = useTranslation();
  const latest = statusOf({ status: plan.latestStatus, isSuperseded: false });
  const kind = t(`plans.kind.${plan.kind}`);
  return (
    <article className="card plan-card" aria-labelledby={`plan-${plan.id}`}>
      <h3 id={`plan-${plan.id}`} className="plan-card__title">
        <Link
          to={planHref(plan)}
          aria-label={t('plans.list.openLabel', { kind, organisation: plan.organisationName })}
        >
          {kind}
          {plan.title ? t('common.paren', { text: plan.title }) : null}
        </Link>
      </h3>
      <dl className="card__facts">
        <div>
          <dt>{t('plans.list.author')}</dt>
          <dd>{plan.organisationName}</dd>
        </div>
        <div>
          <dt>{t('plans.list.inForce')}</dt>
          <dd>
            {plan.currentVersion
              ? `${t('plans.version', { version: plan.currentVersion })}${
                  plan.currentPlanDate ? t('common.paren', { text: formatDate(plan.currentPlanDate) }) : ''
                }`
              : t('plans.list.inForceNone')}
          </dd>
        </div>
        {plan.latestVersion !== plan.currentVersion ? (
          <div>
            <dt>{t('plans.list.latest')}</dt>
            <dd>
              {t('plans.version', { version: plan.latestVersion })}{' '}
              <Badge tone={latest.tone}>{latest.label}</Badge>
            </dd>
          </div>
        ) : null}
        {plan.nextMonitoringOn ? (
          <div>
            <dt>{t('plans.list.nextMonitoring')}</dt>
            <dd>{formatDate(plan.nextMonitoringOn)}</dd>
          </div>
        ) : null}
        {plan.reviewOn ? (
          <div>
            <dt>{t('plans.list.reviewOn')}</dt>
            <dd>{formatDate(plan.reviewOn)}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}

/** 計画 on the person page: the plans the caller may see, and the ones they may start. */
export function PlanList({ personId, seesWelfare }: { personId: string; seesWelfare: boolean }) {
  const { t } = useTranslation();
  const list = useQuery(planListQueryOptions(personId));
  if (list.isPending) return <Loading />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const { plans, abilities } = list.data;
  const sorted = [...plans].sort((a, b) => order[a.kind] - order[b.kind]);
  return (
    <div className="stack">
      <p className="muted">{t('plans.list.lead')}</p>
      {seesWelfare ? null : (
        <Notice tone="info" live={false}>
          <p>{t('plans.list.hidden')}</p>
        </Notice>
      )}
      {sorted.length ? (
        <ul className="card-list">
          {sorted.map((p) => (
            <li key={p.id}>
              <PlanCard plan={p} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('plans.list.none')}</p>
      )}
      {abilities.createServiceUse || abilities.createSupport || abilities.createCrisis ? (
        <div className="button-row">
          {abilities.createServiceUse ? (
            <ButtonLink to={`/persons/${personId}/plans/new/service-use`} small>
              {t('plans.list.createServiceUse')}
            </ButtonLink>
          ) : null}
          {abilities.createSupport ? (
            <ButtonLink to={`/persons/${personId}/plans/new/individual-support`} small>
              {t('plans.list.createSupport')}
            </ButtonLink>
          ) : null}
          {abilities.createCrisis ? (
            <ButtonLink to={`/persons/${personId}/crisis-plan/edit`} small>
              {t('plans.list.createCrisis')}
            </ButtonLink>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
