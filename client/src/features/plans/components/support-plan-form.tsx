import type { SupportGoal, SupportPlanContent } from '@tsunagu/contract';
import { SupportPlanBody } from '@tsunagu/contract/plans';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { usePrintWarning } from '../../../lib/print-warning.ts';
import { emptyToNull } from '../../../lib/text.ts';
import {
  HeadFields,
  headBody,
  initialHead,
  labelsFor,
  monthsBody,
  MonitoringPeriodField,
  PlanEditorForm,
  PlanTextArea,
  PlanRows,
  RowHeader,
  useTexts,
  type FormProblemsApi,
  type PlanBase,
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
  base: PlanBase<SupportPlanContent> | null;
  /** The needs of the person's サービス等利用計画 (none when there is no such plan). */
  needs: readonly { id: string; need: string }[];
  onSaved: (saved: { id: string; version: number }) => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const printWarning = usePrintWarning();
  const form = useFormProblems(FORM_ID);
  const c = base?.content;
  const [head, setHead] = useState(() => initialHead(base));
  const [texts, setText] = useTexts(() => ({
    serviceType: c?.serviceType,
    serviceManager: c?.serviceManager,
    personWishes: c?.personWishes,
    familyWishes: c?.familyWishes,
    overallPolicy: c?.overallPolicy,
    longTermGoal: c?.longTermGoal,
    shortTermGoal: c?.shortTermGoal,
  }));
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
    ...labelsFor('head', ['planDate', 'reviewOn', 'changeNote', 'monitoringMonths']),
    ...labelsFor('individual_support', Object.keys(texts)),
    ...labelsFor('goals', ['servesNeedId', 'goal', 'support', 'personRole', 'achieveBy', 'staff']),
  };

  const build = (): SupportPlanBody => ({
    ...headBody(head, base ? base.version : null),
    serviceType: texts.serviceType.trim(),
    serviceManager: texts.serviceManager.trim(),
    personWishes: texts.personWishes.trim(),
    familyWishes: emptyToNull(texts.familyWishes),
    overallPolicy: texts.overallPolicy.trim(),
    longTermGoal: texts.longTermGoal.trim(),
    shortTermGoal: texts.shortTermGoal.trim(),
    goals: goals.map(goalBody),
    monitoringMonths: monthsBody(months),
  });

  const area = (
    field: 'personWishes' | 'familyWishes' | 'overallPolicy' | 'longTermGoal' | 'shortTermGoal',
  ) => (
    <PlanTextArea
      form={form}
      field={field}
      label={labels[field]}
      required={field !== 'familyWishes'}
      rows={field === 'personWishes' || field === 'overallPolicy' ? 3 : 2}
      maxLength={field === 'longTermGoal' || field === 'shortTermGoal' ? 1000 : 2000}
      hint={field === 'personWishes' ? t('plans.form.personWishesHint') : undefined}
      value={texts[field]}
      onChange={setText(field)}
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
      <div className="grid-2">
        <TextField
          {...form.field('serviceType')}
          label={labels.serviceType}
          required
          maxLength={100}
          value={texts.serviceType}
          warning={printWarning(texts.serviceType)}
          onChange={(e) => setText('serviceType')(e.target.value)}
        />
        <TextField
          {...form.field('serviceManager')}
          label={labels.serviceManager}
          hint={t('plans.form.serviceManagerHint')}
          required
          maxLength={100}
          autoComplete="name"
          value={texts.serviceManager}
          warning={printWarning(texts.serviceManager)}
          onChange={(e) => setText('serviceManager')(e.target.value)}
        />
      </div>
      <Fieldset legend={t('plans.form.supportWishesLegend')} className="stack">
        {area('personWishes')}
        {area('familyWishes')}
        {area('overallPolicy')}
      </Fieldset>
      <Fieldset legend={t('plans.form.goalsLegend')} className="stack">
        {area('longTermGoal')}
        {area('shortTermGoal')}
      </Fieldset>
      <Fieldset legend={t('plans.view.goalsTitle')} className="stack">
        <PlanRows
          rows={goals}
          onChange={setGoals}
          keyOf={(goal, i) => goal.id ?? `new-${i}`}
          newRow={emptyGoal}
          addLabel={t('plans.form.addGoal')}
          max={20}
        >
          {(goal, i, edit) => (
            <GoalFields
              form={form}
              index={i}
              goal={goal}
              planDate={head.planDate}
              needs={needs}
              onChange={edit.set}
              onRemove={edit.remove}
            />
          )}
        </PlanRows>
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
  const printWarning = usePrintWarning();
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
      <PlanTextArea
        form={form}
        field={`${at}.goal`}
        label={label('goal')}
        required
        rows={2}
        maxLength={1000}
        value={goal.goal}
        onChange={(v) => set('goal', v)}
      />
      <PlanTextArea
        form={form}
        field={`${at}.support`}
        label={label('support')}
        required
        rows={3}
        maxLength={1000}
        value={goal.support}
        onChange={(v) => set('support', v)}
      />
      <PlanTextArea
        form={form}
        field={`${at}.personRole`}
        label={label('personRole')}
        rows={2}
        maxLength={1000}
        value={goal.personRole}
        onChange={(v) => set('personRole', v)}
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
          warning={printWarning(goal.staff)}
          onChange={(e) => set('staff', e.target.value)}
        />
      </div>
    </>
  );
}
