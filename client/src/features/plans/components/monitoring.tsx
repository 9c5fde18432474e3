import type { GoalProgress, Monitoring, Plan, PlanVersionDetail } from '@tsunagu/contract';
import { goalProgress, MonitoringBody, planChangeAspects } from '@tsunagu/contract/plan-monitoring';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button, buttonClass } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { formatDate, formatDateTime, todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { monitoringPdfUrl, useRecordMonitoring } from '../api/plans.ts';
import { periodLabel } from './plan-labels.ts';
import { RecordSection } from './record-section.tsx';

/** The goals a monitoring reports on: the needs of a サービス等利用計画, the goals of a 個別支援計画. */
function targetsOf(version: PlanVersionDetail): { id: string; goal: string }[] {
  const c = version.content;
  if (c.kind === 'service_use') return c.serviceUse.needs.map((n) => ({ id: n.id, goal: n.goal }));
  if (c.kind === 'individual_support') return c.support.goals.map((g) => ({ id: g.id, goal: g.goal }));
  return [];
}

const FORM_ID = 'monitoring';

/** One goal's evaluation as the form holds it ('' for what is not written). */
interface GoalDraft {
  progress: string;
  serviceStatus: string;
  personView: string;
  nextSteps: string;
  changeServiceType: boolean;
  changeServiceAmount: boolean;
  changeWeeklyPlan: boolean;
  note: string;
}
const emptyGoal = (): GoalDraft => ({
  progress: '',
  serviceStatus: '',
  personView: '',
  nextSteps: '',
  changeServiceType: false,
  changeServiceAmount: false,
  changeWeeklyPlan: false,
  note: '',
});
const goalTexts = ['serviceStatus', 'personView', 'nextSteps', 'note'] as const;

/** The モニタリング報告書 of the version in force: overall, then per goal the columns of the 様式. */
function MonitoringForm({
  personId,
  plan,
  version,
  onDone,
  onCancel,
}: {
  personId: string;
  plan: Plan;
  version: PlanVersionDetail;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const targets = targetsOf(version);
  const [monitoredOn, setMonitoredOn] = useState(todayInTokyo());
  const [personAccount, setPersonAccount] = useState('');
  const [overallStatus, setOverallStatus] = useState('');
  const [goals, setGoals] = useState<Record<string, GoalDraft>>({});
  const [needsChange, setNeedsChange] = useState(false);
  const [changeNote, setChangeNote] = useState('');
  const form = useFormProblems(FORM_ID);
  const record = useRecordMonitoring(personId, plan.summary.id);
  const labels = {
    monitoredOn: t('plans.monitoring.monitoredOn'),
    personAccount: t('plans.monitoring.personAccount'),
    overallStatus: t('plans.monitoring.overallStatus'),
    changeNote: t('plans.monitoring.changeNote'),
    ...Object.fromEntries(goalTexts.map((f) => [f, t(`plans.monitoring.fields.${f}`)])),
  };
  // A goal that asks for a change of service, amount or week is a plan that must change.
  const changeAsked = Object.values(goals).some((g) => g.progress && planChangeAspects.some((a) => g[a]));
  const mustChange = needsChange || changeAsked;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const evaluated = targets.flatMap((target) => {
      const g = goals[target.id];
      return g?.progress ? [{ target, g }] : [];
    });
    const body: MonitoringBody = {
      monitoredOn,
      personAccount: personAccount.trim(),
      overallStatus: emptyToNull(overallStatus),
      progress: evaluated.map(({ target, g }) => ({
        targetId: target.id,
        progress: g.progress as GoalProgress,
        serviceStatus: emptyToNull(g.serviceStatus),
        personView: emptyToNull(g.personView),
        nextSteps: emptyToNull(g.nextSteps),
        changeServiceType: g.changeServiceType,
        changeServiceAmount: g.changeServiceAmount,
        changeWeeklyPlan: g.changeWeeklyPlan,
        note: emptyToNull(g.note),
      })),
      needsChange: mustChange,
      changeNote: mustChange ? emptyToNull(changeNote) : null,
    };
    const errors = await validateAgainst(MonitoringBody, body, labels);
    if (mustChange && !changeNote.trim())
      errors.changeNote = t('validation.required', { field: labels.changeNote });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, { onSuccess: onDone, onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack subpanel">
      <h3>{t('plans.monitoring.formTitle', { version: version.version })}</h3>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('monitoredOn')}
        className="field--short"
        type="date"
        required
        min={version.planDate}
        max={todayInTokyo()}
        label={labels.monitoredOn}
        value={monitoredOn}
        onChange={(e) => setMonitoredOn(e.target.value)}
      />
      <TextAreaField
        {...form.field('personAccount')}
        label={labels.personAccount}
        hint={t('plans.monitoring.personAccountHint')}
        required
        rows={4}
        maxLength={2000}
        value={personAccount}
        onChange={(e) => setPersonAccount(e.target.value)}
      />
      <TextAreaField
        {...form.field('overallStatus')}
        label={labels.overallStatus}
        rows={3}
        maxLength={2000}
        value={overallStatus}
        onChange={(e) => setOverallStatus(e.target.value)}
      />
      {targets.length ? (
        <Fieldset legend={t('plans.monitoring.progressLegend')} className="stack">
          {targets.map((target, i) => {
            const current = goals[target.id] ?? emptyGoal();
            const set = (next: Partial<GoalDraft>) =>
              setGoals({ ...goals, [target.id]: { ...current, ...next } });
            // The index the server names is the goal's place among those evaluated.
            const at = `progress.${targets.filter((x) => goals[x.id]?.progress).findIndex((x) => x.id === target.id)}`;
            return (
              <div key={target.id} className="plan-subrow stack">
                <SelectField
                  {...form.field(`progress.${i}.targetId`)}
                  label={t('plans.monitoring.progressFor', { goal: target.goal })}
                  placeholder={t('plans.monitoring.progressUnset')}
                  options={goalProgress.map((p) => ({ value: p, label: t(`plans.progress.${p}`) }))}
                  value={current.progress}
                  onChange={(e) => set({ progress: e.target.value })}
                />
                {current.progress ? (
                  <>
                    {goalTexts.map((field) => (
                      <TextAreaField
                        key={field}
                        {...form.field(`${at}.${field}`)}
                        label={t(`plans.monitoring.fieldFor.${field}`, { goal: target.goal })}
                        rows={2}
                        maxLength={1000}
                        value={current[field]}
                        onChange={(e) => set({ [field]: e.target.value })}
                      />
                    ))}
                    <Fieldset legend={t('plans.monitoring.changeFor', { goal: target.goal })}>
                      {planChangeAspects.map((aspect) => (
                        <CheckboxField
                          key={aspect}
                          id={`${FORM_ID}-${target.id}-${aspect}`}
                          label={t(`plans.monitoring.aspects.${aspect}`)}
                          checked={current[aspect]}
                          onChange={(e) => set({ [aspect]: e.target.checked })}
                        />
                      ))}
                    </Fieldset>
                  </>
                ) : null}
              </div>
            );
          })}
        </Fieldset>
      ) : null}
      <CheckboxField
        {...form.field('needsChange')}
        label={t('plans.monitoring.needsChange')}
        checked={mustChange}
        disabled={changeAsked}
        onChange={(e) => setNeedsChange(e.target.checked)}
      />
      {changeAsked ? <p className="field__hint">{t('plans.monitoring.changeAsked')}</p> : null}
      {mustChange ? (
        <TextAreaField
          {...form.field('changeNote')}
          label={labels.changeNote}
          required
          rows={2}
          maxLength={1000}
          value={changeNote}
          onChange={(e) => setChangeNote(e.target.value)}
        />
      ) : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('plans.monitoring.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function MonitoringCard({ m, planId }: { m: Monitoring; planId: string }) {
  const { t } = useTranslation();
  return (
    <article className="card stack monitoring-card">
      <p className="monitoring-card__head">
        <strong>{formatDate(m.monitoredOn)}</strong>{' '}
        <span className="muted">{t('plans.monitoring.onVersion', { version: m.planVersion })}</span>{' '}
        {m.needsChange ? <Badge tone="warning">{t('plans.monitoring.changeNeeded')}</Badge> : null}
      </p>
      <blockquote className="plan-words monitoring-card__account">{m.personAccount}</blockquote>
      {m.overallStatus ? (
        <p className="plan-words">{`${t('plans.monitoring.overallStatus')}: ${m.overallStatus}`}</p>
      ) : null}
      {m.progress.length ? (
        <ul className="plain-list stack">
          {m.progress.map((p) => (
            <li key={p.targetId} className="monitoring-goal">
              <Badge
                tone={p.progress === 'worse' ? 'warning' : p.progress === 'achieved' ? 'success' : 'info'}
              >
                {t(`plans.progress.${p.progress}`)}
              </Badge>{' '}
              <span className="plan-words">{p.goal}</span>
              {goalTexts.map((field) =>
                p[field] ? (
                  <span key={field} className="table__sub plan-words">
                    {`${t(`plans.monitoring.fields.${field}`)}: ${p[field]}`}
                  </span>
                ) : null,
              )}
              {planChangeAspects.some((a) => p[a]) ? (
                <span className="table__sub">
                  {t('plans.monitoring.changes', {
                    list: planChangeAspects
                      .filter((a) => p[a])
                      .map((a) => t(`plans.monitoring.aspects.${a}`))
                      .join(t('common.listSeparator')),
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {m.changeNote ? (
        <p className="plan-words">{`${t('plans.monitoring.changeNote')}: ${m.changeNote}`}</p>
      ) : null}
      <p className="table__sub">
        {t('plans.monitoring.recordedBy', {
          name: m.recordedBy,
          organisation: m.recordedByOrganisation,
          time: formatDateTime(m.recordedAt),
        })}
      </p>
      <div>
        <a
          className={buttonClass('secondary', true)}
          href={monitoringPdfUrl(planId, m.id)}
          download
          aria-label={t('plans.monitoring.pdfLabel', { date: formatDate(m.monitoredOn) })}
        >
          {t('plans.monitoring.pdf')}
        </a>
      </div>
    </article>
  );
}

/** モニタリング: when the next is due, the records, and the form for the version in force. */
export function MonitoringSection({ personId, plan }: { personId: string; plan: Plan }) {
  const { t } = useTranslation();
  const { summary } = plan;
  const inForce = plan.current ?? (plan.latest.status === 'confirmed' ? plan.latest : null);
  return (
    <RecordSection
      id="monitoring"
      title={t('plans.monitoring.title')}
      intro={
        <ul className="plain-list">
          <li>{t('plans.monitoring.period', { period: periodLabel(summary.monitoringMonths) })}</li>
          <li>
            <strong>
              {summary.nextMonitoringOn
                ? t('plans.monitoring.next', { date: formatDate(summary.nextMonitoringOn) })
                : t('plans.monitoring.nextNone')}
            </strong>
          </li>
        </ul>
      }
      openLabel={t('plans.monitoring.open')}
      openVariant="primary"
      doneText={t('plans.monitoring.done')}
      form={
        plan.abilities.monitor && inForce
          ? (close) => (
              <MonitoringForm
                personId={personId}
                plan={plan}
                version={inForce}
                onDone={() => close(true)}
                onCancel={() => close(false)}
              />
            )
          : null
      }
      records={[...plan.monitorings].reverse()}
      renderRecord={(m) => <MonitoringCard m={m} planId={summary.id} />}
      noneText={t('plans.monitoring.none')}
    />
  );
}
