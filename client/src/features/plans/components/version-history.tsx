import type { Plan, PlanChange, PlanKind } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField } from '../../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { planDiffQueryOptions } from '../api/plans.ts';
import { actorLabel, changeTitle, periodLabel, statusOf } from './plan-labels.ts';

const dateFields = new Set(['planDate', 'reviewOn', 'achieveBy', 'evaluateOn']);

/** Every version: its state, who saved it when and why, the agreement and confirmation. */
function VersionTable({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('plans.history.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plans.history.version')}</th>
            <th scope="col">{t('plans.history.state')}</th>
            <th scope="col">{t('plans.history.savedBy')}</th>
            <th scope="col">{t('plans.history.changeNote')}</th>
            <th scope="col">{t('plans.history.agreement')}</th>
            <th scope="col">{t('plans.history.confirmed')}</th>
          </tr>
        </thead>
        <tbody>
          {[...plan.versions].reverse().map((v) => {
            const status = statusOf(v);
            return (
              <tr key={v.version}>
                <th scope="row" className="nowrap">
                  {t('plans.version', { version: v.version })}
                </th>
                <td data-label={t('plans.history.state')}>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </td>
                <td data-label={t('plans.history.savedBy')}>
                  {actorLabel(v.createdBy)}
                  <span className="table__sub">{formatDateTime(v.createdAt)}</span>
                </td>
                <td data-label={t('plans.history.changeNote')} className="plan-words">
                  {v.changeNote ?? '—'}
                </td>
                <td data-label={t('plans.history.agreement')}>
                  {v.agreement
                    ? `${formatDate(v.agreement.agreedOn)}${t('common.paren', {
                        text: t(`enums.consentMethod.${v.agreement.method}`),
                      })}`
                    : '—'}
                </td>
                <td data-label={t('plans.history.confirmed')}>
                  {v.confirmedAt ? (
                    <>
                      {formatDateTime(v.confirmedAt)}
                      <span className="table__sub">{actorLabel(v.confirmedBy)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A readable diff: each changed field with its words before and after. */
function DiffTable({
  kind,
  changes,
  needText,
}: {
  kind: PlanKind;
  changes: PlanChange[];
  needText: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  // A goal's link names a need by id: show the need's words.
  const shown = (change: PlanChange, value: string | null) => {
    if (value === null) return <span className="muted">{t('plans.history.empty')}</span>;
    const text =
      change.field === 'servesNeedId'
        ? (needText(value) ?? value)
        : change.field === 'monitoringMonths'
          ? periodLabel(Number(value))
          : change.field && dateFields.has(change.field)
            ? formatDate(value)
            : value;
    return <span className="plan-words">{text}</span>;
  };
  return (
    <div className="table-wrap">
      <table className="table table--cards plan-diff">
        <thead>
          <tr>
            <th scope="col">{t('plans.history.field')}</th>
            <th scope="col">{t('plans.history.before')}</th>
            <th scope="col">{t('plans.history.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i} className={`plan-diff__row plan-diff__row--${c.change}`}>
              <th scope="row">
                <Badge tone={c.change === 'added' ? 'success' : c.change === 'removed' ? 'error' : 'info'}>
                  {t(`plans.history.${c.change}`)}
                </Badge>{' '}
                <span className="plan-words">{changeTitle(kind, c)}</span>
              </th>
              <td data-label={t('plans.history.before')} className="plan-diff__before">
                {shown(c, c.before)}
              </td>
              <td data-label={t('plans.history.after')} className="plan-diff__after">
                {shown(c, c.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 版の履歴: all versions, and the diff between any two with who saved the later one when. */
export function VersionHistory({
  plan,
  needText,
  initial,
}: {
  plan: Plan;
  needText: (id: string) => string | null;
  initial: { from: number; to: number } | null;
}) {
  const { t } = useTranslation();
  const latest = plan.latest.version;
  const defaults = initial ?? { from: Math.max(1, latest - 1), to: latest };
  const [picked, setPicked] = useState({ from: String(defaults.from), to: String(defaults.to) });
  const [compared, setCompared] = useState<{ from: number; to: number } | null>(
    latest > 1 || initial ? defaults : null,
  );
  const diff = useQuery({
    ...planDiffQueryOptions(plan.summary.id, compared?.from ?? 1, compared?.to ?? 1),
    enabled: compared !== null && compared.from !== compared.to,
  });
  const options = plan.versions.map((v) => ({
    value: String(v.version),
    label: t('plans.versionWithStatus', { version: v.version, status: statusOf(v).label }),
  }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCompared({ from: Number(picked.from), to: Number(picked.to) });
  };
  return (
    <div className="stack stack--large">
      <VersionTable plan={plan} />
      {plan.versions.length > 1 ? (
        <form className="plan-compare" onSubmit={submit} aria-label={t('plans.history.compare')}>
          {(['from', 'to'] as const).map((end) => (
            <SelectField
              key={end}
              id={`diff-${end}`}
              label={t(`plans.history.${end}`)}
              options={options}
              value={picked[end]}
              onChange={(e) => setPicked({ ...picked, [end]: e.target.value })}
            />
          ))}
          <Button type="submit">{t('plans.history.compare')}</Button>
        </form>
      ) : null}
      {compared && compared.from === compared.to ? (
        <Notice tone="warning">{t('plans.history.pickTwo')}</Notice>
      ) : null}
      {compared && compared.from !== compared.to ? (
        <section className="stack" aria-labelledby="diff-title" aria-live="polite">
          <h2 id="diff-title">{t('plans.history.diffTitle', compared)}</h2>
          {diff.isPending ? <Loading /> : null}
          {diff.isError ? <LoadError error={diff.error} onRetry={() => void diff.refetch()} /> : null}
          {diff.data ? (
            <>
              <p>
                {t('plans.history.diffBy', {
                  version: diff.data.to.version,
                  by: actorLabel(diff.data.to.createdBy),
                  time: formatDateTime(diff.data.to.createdAt),
                })}
                {diff.data.to.changeNote ? ` ${t('common.paren', { text: diff.data.to.changeNote })}` : ''}
              </p>
              {diff.data.changes.length ? (
                <DiffTable kind={plan.summary.kind} changes={diff.data.changes} needText={needText} />
              ) : (
                <p className="muted">{t('plans.history.noChanges')}</p>
              )}
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
