import type { SupportGoal, SupportPlanContent } from '@tsunagu/contract';
import { SupportPlanBody } from '@tsunagu/contract/plans';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import {
  HeadFields,
  headBody,
  initialHead,
  monthsBody,
  MonitoringPeriodField,
  PlanEditorForm,
  replaced,
  RowHeader,
  type FormProblemsApi,
} from './plan-form-parts.tsx';

const FORM_ID = 'support-plan';

interface GoalDraft {
  id: string | undefined;
  servesNeedId: string;
  goal: string;
  support: string;
  personRole: string;
  achieveBy: string;
  staff: string;
}

const emptyGoal = (): GoalDraft => ({
  id: undefined,
  servesNeedId: '',
  goal: '',
  support: '',
  personRole: '',
  achieveBy: '',
  staff: '',
});

function goalBody(g: GoalDraft): SupportGoal {
  return {
    ...(g.id ? { id: g.id } : {}),
    servesNeedId: g.servesNeedId || null,
    goal: g.goal.trim(),
    support: g.support.trim(),
    personRole: emptyToNull(g.personRole),
    achieveBy: g.achieveBy,
    staff: emptyToNull(g.staff),
  };
}

/** 個別支援計画 of one provider: each goal names the サービス等利用計画 need it serves. */
export function SupportPlanForm({
  personId,
  planId,
  base,
  needs,
  onSaved,
  cancelTo,
}: {
  personId: string;
  planId: string | null;
  base: {
    version: number;
    planDate: string;
    reviewOn: string | null;
    monitoringMonths: number | null;
    content: SupportPlanContent;
  } | null;
  /** The needs of the person's サービス等利用計画 (none when there is no such plan). */
  needs: readonly { id: string; need: string }[];
  onSaved: (saved: { id: string; version: number }) => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const c = base?.content;
  const [head, setHead] = useState(() => initialHead(base));
  const [serviceType, setServiceType] = useState(c?.serviceType ?? '');
  const [personWishes, setPersonWishes] = useState(c?.personWishes ?? '');
  const [overallPolicy, setOverallPolicy] = useState(c?.overallPolicy ?? '');
  const [longTermGoal, setLongTermGoal] = useState(c?.longTermGoal ?? '');
  const [shortTermGoal, setShortTermGoal] = useState(c?.shortTermGoal ?? '');
  const [goals, setGoals] = useState<GoalDraft[]>(() =>
    c
      ? c.goals.map((g) => ({
          id: g.id,
          servesNeedId: g.servesNeedId ?? '',
          goal: g.goal,
          support: g.support,
          personRole: g.personRole ?? '',
          achieveBy: g.achieveBy,
          staff: g.staff ?? '',
        }))
      : [emptyGoal()],
  );
  const [months, setMonths] = useState(String(base?.monitoringMonths ?? 6));

  const labels: Record<string, string> = {
    planDate: t('plans.fields.head.planDate'),
    reviewOn: t('plans.fields.head.reviewOn'),
    changeNote: t('plans.fields.head.changeNote'),
    monitoringMonths: t('plans.fields.head.monitoringMonths'),
    serviceType: t('plans.fields.individual_support.serviceType'),
    personWishes: t('plans.fields.individual_support.personWishes'),
    overallPolicy: t('plans.fields.individual_support.overallPolicy'),
    longTermGoal: t('plans.fields.individual_support.longTermGoal'),
    shortTermGoal: t('plans.fields.individual_support.shortTermGoal'),
    servesNeedId: t('plans.fields.goals.servesNeedId'),
    goal: t('plans.fields.goals.goal'),
    support: t('plans.fields.goals.support'),
    personRole: t('plans.fields.goals.personRole'),
    achieveBy: t('plans.fields.goals.achieveBy'),
    staff: t('plans.fields.goals.staff'),
  };

  const build = (): SupportPlanBody => ({
    ...headBody(head, base ? base.version : null),
    serviceType: serviceType.trim(),
    personWishes: personWishes.trim(),
    overallPolicy: overallPolicy.trim(),
    longTermGoal: longTermGoal.trim(),
    shortTermGoal: shortTermGoal.trim(),
    goals: goals.map(goalBody),
    monitoringMonths: monthsBody(months),
  });

  const area = (
    field: 'personWishes' | 'overallPolicy' | 'longTermGoal' | 'shortTermGoal',
    value: string,
    set: (v: string) => void,
  ) => (
    <TextAreaField
      {...form.field(field)}
      label={labels[field]}
      required
      rows={field === 'personWishes' || field === 'overallPolicy' ? 3 : 2}
      maxLength={2000}
      hint={field === 'personWishes' ? t('plans.form.personWishesHint') : undefined}
      value={value}
      onChange={(e) => set(e.target.value)}
    />
  );

  return (
    <PlanEditorForm
      formId={FORM_ID}
      kind="individual_support"
      personId={personId}
      planId={planId}
      form={form}
      schema={SupportPlanBody}
      labels={labels}
      build={build}
      onSaved={onSaved}
      cancelTo={cancelTo}
    >
      <HeadFields form={form} head={head} onChange={setHead} isRevision={base !== null} />
      <TextField
        {...form.field('serviceType')}
        label={labels.serviceType}
        required
        maxLength={100}
        value={serviceType}
        onChange={(e) => setServiceType(e.target.value)}
      />
      <Fieldset legend={t('plans.form.wishesLegend')} className="stack">
        {area('personWishes', personWishes, setPersonWishes)}
        {area('overallPolicy', overallPolicy, setOverallPolicy)}
      </Fieldset>
      <Fieldset legend={t('plans.form.goalsLegend')} className="stack">
        {area('longTermGoal', longTermGoal, setLongTermGoal)}
        {area('shortTermGoal', shortTermGoal, setShortTermGoal)}
      </Fieldset>
      <Fieldset legend={t('plans.view.goalsTitle')} className="stack">
        <ol className="plan-rows">
          {goals.map((goal, i) => (
            <li key={goal.id ?? `new-${i}`} className="plan-row stack">
              <GoalFields
                form={form}
                index={i}
                goal={goal}
                planDate={head.planDate}
                needs={needs}
                onChange={(g) => setGoals(replaced(goals, i, g))}
                onRemove={goals.length > 1 ? () => setGoals(goals.filter((_, j) => j !== i)) : null}
              />
            </li>
          ))}
        </ol>
        <div>
          <Button onClick={() => setGoals([...goals, emptyGoal()])} disabled={goals.length >= 20}>
            {t('plans.form.addGoal')}
          </Button>
        </div>
      </Fieldset>
      <MonitoringPeriodField form={form} months={months} onChange={setMonths} />
    </PlanEditorForm>
  );
}

function GoalFields({
  form,
  index,
  goal,
  planDate,
  needs,
  onChange,
  onRemove,
}: {
  form: FormProblemsApi;
  index: number;
  goal: GoalDraft;
  planDate: string;
  needs: readonly { id: string; need: string }[];
  onChange: (goal: GoalDraft) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useTranslation();
  const at = `goals.${index}`;
  const number = index + 1;
  const set = (key: keyof GoalDraft, value: string) => onChange({ ...goal, [key]: value });
  const label = (field: Exclude<keyof GoalDraft, 'id'>) => t(`plans.fields.goals.${field}`);
  return (
    <>
      <RowHeader
        title={t('plans.form.goalTitle', { number })}
        removeLabel={t('plans.form.removeGoal', { number })}
        onRemove={onRemove}
      />
      <SelectField
        {...form.field(`${at}.servesNeedId`)}
        label={label('servesNeedId')}
        required={needs.length > 0}
        hint={needs.length ? t('plans.form.servesNeedHint') : t('plans.form.servesNeedNone')}
        placeholder={t('validation.choose', { field: label('servesNeedId') })}
        disabled={needs.length === 0}
        options={needs.map((n, i) => ({
          value: n.id,
          label: `${t('plans.view.needNumber', { number: i + 1 })}: ${n.need}`,
        }))}
        value={goal.servesNeedId}
        onChange={(e) => set('servesNeedId', e.target.value)}
      />
      <TextAreaField
        {...form.field(`${at}.goal`)}
        label={label('goal')}
        required
        rows={2}
        maxLength={1000}
        value={goal.goal}
        onChange={(e) => set('goal', e.target.value)}
      />
      <TextAreaField
        {...form.field(`${at}.support`)}
        label={label('support')}
        required
        rows={3}
        maxLength={1000}
        value={goal.support}
        onChange={(e) => set('support', e.target.value)}
      />
      <TextAreaField
        {...form.field(`${at}.personRole`)}
        label={label('personRole')}
        rows={2}
        maxLength={1000}
        value={goal.personRole}
        onChange={(e) => set('personRole', e.target.value)}
      />
      <div className="grid-2">
        <TextField
          {...form.field(`${at}.achieveBy`)}
          className="field--short"
          type="date"
          required
          min={planDate || undefined}
          label={label('achieveBy')}
          value={goal.achieveBy}
          onChange={(e) => set('achieveBy', e.target.value)}
        />
        <TextField
          {...form.field(`${at}.staff`)}
          label={label('staff')}
          maxLength={100}
          value={goal.staff}
          onChange={(e) => set('staff', e.target.value)}
        />
      </div>
    </>
  );
}
