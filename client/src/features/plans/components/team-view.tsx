import type { LinkedGoal, Plan, ServiceUseContent } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { statusOf } from './plan-labels.ts';

function GoalItem({ goal }: { goal: LinkedGoal }) {
  const { t } = useTranslation();
  const status = statusOf({ status: goal.status, isSuperseded: false });
  return (
    <li className="team-goal">
      <p className="team-goal__org">
        <Link to={`/plans/${goal.planId}`}>
          {goal.organisationName}
          {t('common.paren', { text: goal.serviceType })}
        </Link>{' '}
        <Badge tone={status.tone}>
          {t('plans.versionWithStatus', { version: goal.version, status: status.label })}
        </Badge>
      </p>
      <p className="plan-words team-goal__goal">{goal.goal}</p>
      <p className="plan-words muted">{t('plans.team.support', { support: goal.support })}</p>
    </li>
  );
}

/**
 * チームの計画のつながり: each need of the サービス等利用計画 with the goals of every provider's
 * 個別支援計画 that serve it (those the caller may see), and the goals linked to no need.
 */
export function TeamView({ plan, content }: { plan: Plan; content: ServiceUseContent }) {
  const { t } = useTranslation();
  const needIds = new Set(content.needs.map((n) => n.id));
  const unlinked = plan.linkedGoals.filter((g) => !g.servesNeedId || !needIds.has(g.servesNeedId));
  return (
    <section className="panel stack" aria-labelledby="team-view-title" id="team-view">
      <h2 id="team-view-title" className="panel__title">
        {t('plans.team.title')}
      </h2>
      <p className="muted">{t('plans.team.lead')}</p>
      <ol className="team-needs">
        {content.needs.map((need, i) => {
          const goals = plan.linkedGoals.filter((g) => g.servesNeedId === need.id);
          return (
            <li key={need.id} className="team-need">
              <h3 className="team-need__title">
                <span className="team-need__number">{t('plans.view.needNumber', { number: i + 1 })}</span>
                <span className="plan-words">{need.need}</span>
              </h3>
              <p className="plan-words">
                <span className="muted">{t('plans.fields.needs.goal')}: </span>
                {need.goal}
              </p>
              {goals.length ? (
                <ul className="plain-list team-goals">
                  {goals.map((g) => (
                    <GoalItem key={`${g.planId}-${g.goalId}`} goal={g} />
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('plans.team.none')}</p>
              )}
            </li>
          );
        })}
      </ol>
      {unlinked.length ? (
        <div className="stack">
          <h3>{t('plans.team.unlinked')}</h3>
          <ul className="plain-list team-goals">
            {unlinked.map((g) => (
              <GoalItem key={`${g.planId}-${g.goalId}`} goal={g} />
            ))}
          </ul>
        </div>
      ) : null}
      {plan.providers.length ? (
        <div className="stack">
          <h3>{t('plans.team.providersTitle')}</h3>
          <ul className="badge-row plain-list">
            {plan.providers.map((p) => (
              <li key={p.organisationId}>
                <Badge tone={p.onTeam ? 'neutral' : 'warning'}>
                  {p.onTeam ? p.name : `${p.name}${t('common.paren', { text: t('plans.team.notOnTeam') })}`}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
