import type { GoalProgress, Monitoring, Plan, PlanVersionDetail } from '@tsunagu/contract';
import { goalProgress, MonitoringBody } from '@tsunagu/contract/plans';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Disclosure } from '../../../components/ui/disclosure.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDate, formatDateTime, todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordMonitoring } from '../api/plans.ts';
import { periodLabel } from './plan-labels.ts';

/** The goals a monitoring reports on: the needs of a サービス等利用計画, the goals of a 個別支援計画. */
function targetsOf(version: PlanVersionDetail): { id: string; goal: string }[] {
  const c = version.content;
  if (c.kind === 'service_use') return c.serviceUse.needs.map((n) => ({ id: n.id, goal: n.goal }));
  if (c.kind === 'individual_support') return c.support.goals.map((g) => ({ id: g.id, goal: g.goal }));
  return [];
}

const FORM_ID = 'monitoring';

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
  const [progress, setProgress] = useState<Record<string, { progress: string; note: string }>>({});
  const [needsChange, setNeedsChange] = useState(false);
  const [changeNote, setChangeNote] = useState('');
  const form = useFormProblems(FORM_ID);
  const record = useRecordMonitoring(personId, plan.summary.id);
  const labels = {
    monitoredOn: t('plans.monitoring.monitoredOn'),
    personAccount: t('plans.monitoring.personAccount'),
    changeNote: t('plans.monitoring.changeNote'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: MonitoringBody = {
      monitoredOn,
      personAccount: personAccount.trim(),
      progress: targets.flatMap((target) => {
        const p = progress[target.id];
        return p?.progress
          ? [{ targetId: target.id, progress: p.progress as GoalProgress, note: emptyToNull(p.note) }]
          : [];
      }),
      needsChange,
      changeNote: needsChange ? emptyToNull(changeNote) : null,
    };
    const errors = await validateAgainst(MonitoringBody, body, labels);
    if (needsChange && !changeNote.trim())
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
      {targets.length ? (
        <Fieldset legend={t('plans.monitoring.progressLegend')} className="stack">
          {targets.map((target, i) => {
            const current = progress[target.id] ?? { progress: '', note: '' };
            const set = (next: Partial<typeof current>) =>
              setProgress({ ...progress, [target.id]: { ...current, ...next } });
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
                  <TextField
                    id={`${FORM_ID}-progress-note-${i}`}
                    label={t('plans.monitoring.progressNote', { goal: target.goal })}
                    maxLength={1000}
                    value={current.note}
                    onChange={(e) => set({ note: e.target.value })}
                  />
                ) : null}
              </div>
            );
          })}
        </Fieldset>
      ) : null}
      <CheckboxField
        {...form.field('needsChange')}
        label={t('plans.monitoring.needsChange')}
        checked={needsChange}
        onChange={(e) => setNeedsChange(e.target.checked)}
      />
      {needsChange ? (
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

function MonitoringCard({ m }: { m: Monitoring }) {
  const { t } = useTranslation();
  return (
    <article className="card stack monitoring-card">
      <p className="monitoring-card__head">
        <strong>{formatDate(m.monitoredOn)}</strong>{' '}
        <span className="muted">{t('plans.monitoring.onVersion', { version: m.planVersion })}</span>{' '}
        {m.needsChange ? <Badge tone="warning">{t('plans.monitoring.changeNeeded')}</Badge> : null}
      </p>
      <blockquote className="plan-words monitoring-card__account">{m.personAccount}</blockquote>
      {m.progress.length ? (
        <ul className="plain-list stack">
          {m.progress.map((p) => (
            <li key={p.targetId}>
              <Badge
                tone={p.progress === 'worse' ? 'warning' : p.progress === 'achieved' ? 'success' : 'info'}
              >
                {t(`plans.progress.${p.progress}`)}
              </Badge>{' '}
              <span className="plan-words">{p.goal}</span>
              {p.note ? <span className="table__sub plan-words">{p.note}</span> : null}
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
    </article>
  );
}

/** モニタリング: when the next is due, the records, and the form for the version in force. */
export function MonitoringSection({ personId, plan }: { personId: string; plan: Plan }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const { summary } = plan;
  const inForce = plan.current ?? (plan.latest.status === 'confirmed' ? plan.latest : null);
  return (
    <section className="panel stack no-print" aria-labelledby="monitoring-title" id="monitoring">
      <h2 id="monitoring-title" className="panel__title">
        {t('plans.monitoring.title')}
      </h2>
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
      {done ? <Notice tone="success">{t('plans.monitoring.done')}</Notice> : null}
      {plan.abilities.monitor && inForce ? (
        <Disclosure open={open} onToggle={setOpen} label={t('plans.monitoring.open')} variant="primary">
          <MonitoringForm
            personId={personId}
            plan={plan}
            version={inForce}
            onDone={() => {
              setOpen(false);
              setDone(true);
            }}
            onCancel={() => setOpen(false)}
          />
        </Disclosure>
      ) : null}
      {plan.monitorings.length ? (
        <ol className="plain-list stack">
          {[...plan.monitorings].reverse().map((m) => (
            <li key={m.id}>
              <MonitoringCard m={m} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('plans.monitoring.none')}</p>
      )}
    </section>
  );
}
