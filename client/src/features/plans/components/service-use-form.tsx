import type { ServiceUseContent } from '@tsunagu/contract';
import { ServiceUsePlanBody } from '@tsunagu/contract/plans';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import { emptyNeed, needBody, needDraft, NeedFields, type NeedDraft } from './need-fields.tsx';
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
  useTexts,
  type PlanBase,
} from './plan-form-parts.tsx';
import {
  headerBody,
  headerDraft,
  headerFields,
  ServiceUseHeaderFields,
  type HeaderDefaults,
} from './service-use-header.tsx';
import { weeklyBody, weeklyDraft, WeeklyScheduleEditor } from './weekly-schedule-editor.tsx';

const FORM_ID = 'service-use-plan';

/**
 * サービス等利用計画: the header of the 様式, 意向, 方針, 目標, one row per need with every column
 * (優先順位 first), モニタリング期間, and the 週間計画表.
 */
export function ServiceUsePlanForm({
  personId,
  planId,
  base,
  providers,
  defaults,
  onSaved,
  cancelTo,
}: {
  personId: string;
  /** Null when creating the plan. */
  planId: string | null;
  /** The version the edit starts from (its content, dates and number). */
  base: PlanBase<ServiceUseContent> | null;
  /** The organisations on the person's team, to name as providers. */
  providers: readonly { id: string; name: string }[];
  /** For a new plan: the 受給者証 and the author's name to start the header from. */
  defaults?: HeaderDefaults | null;
  onSaved: (saved: { id: string; version: number }) => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const c = base?.content;
  const [head, setHead] = useState(() => initialHead(base));
  const [texts, setText] = useTexts(() => ({
    personWishes: c?.personWishes,
    familyWishes: c?.familyWishes,
    overallPolicy: c?.overallPolicy,
    longTermGoal: c?.longTermGoal,
    shortTermGoal: c?.shortTermGoal,
  }));
  const [needs, setNeeds] = useState<NeedDraft[]>(() => (c ? c.needs.map(needDraft) : [emptyNeed()]));
  const [months, setMonths] = useState(String(base?.monitoringMonths ?? 3));
  const [header, setHeader] = useState(() => headerDraft(c, defaults ?? null));
  const [weekly, setWeekly] = useState(() => weeklyDraft(c?.weeklySchedule));

  const labels: Record<string, string> = {
    ...labelsFor('head', ['planDate', 'reviewOn', 'changeNote', 'monitoringMonths']),
    ...labelsFor('service_use', [...Object.keys(texts), ...headerFields]),
    ...labelsFor('needs', ['priority', 'need', 'goal', 'achieveBy', 'personRole', 'evaluateOn', 'notes']),
    ...labelsFor('weekly', [
      'day',
      'start',
      'end',
      'kind',
      'text',
      'time',
      'nonWeeklyServices',
      'lifeOverview',
    ]),
    ...labelsFor('services', ['type', 'content', 'amount', 'providerName']),
  };

  const build = (): ServiceUsePlanBody => ({
    ...headBody(head, base ? base.version : null),
    ...headerBody(header),
    personWishes: texts.personWishes.trim(),
    familyWishes: emptyToNull(texts.familyWishes),
    overallPolicy: texts.overallPolicy.trim(),
    longTermGoal: texts.longTermGoal.trim(),
    shortTermGoal: texts.shortTermGoal.trim(),
    needs: needs.map(needBody),
    monitoringMonths: monthsBody(months),
    weeklySchedule: weeklyBody(weekly),
  });

  const text = (
    field: keyof typeof texts,
    options: { required?: boolean; rows?: number; hint?: string; maxLength?: number } = {},
  ) => (
    <PlanTextArea
      form={form}
      field={field}
      label={labels[field]}
      required={options.required ?? true}
      hint={options.hint}
      rows={options.rows ?? 3}
      maxLength={options.maxLength ?? 2000}
      value={texts[field]}
      onChange={setText(field)}
    />
  );

  return (
    <PlanEditorForm
      formId={FORM_ID}
      kind="service_use"
      personId={personId}
      planId={planId}
      form={form}
      schema={ServiceUsePlanBody}
      labels={labels}
      build={build}
      onSaved={onSaved}
      cancelTo={cancelTo}
    >
      <HeadFields form={form} head={head} onChange={setHead} isRevision={base !== null} />
      <ServiceUseHeaderFields form={form} draft={header} onChange={setHeader} />
      <Fieldset legend={t('plans.form.wishesLegend')} className="stack">
        {text('personWishes', { hint: t('plans.form.personWishesHint') })}
        {text('familyWishes', { required: false, rows: 2 })}
        {text('overallPolicy')}
      </Fieldset>
      <Fieldset legend={t('plans.form.goalsLegend')} className="stack">
        {text('longTermGoal', { rows: 2, maxLength: 1000 })}
        {text('shortTermGoal', { rows: 2, maxLength: 1000 })}
      </Fieldset>
      <Fieldset legend={t('plans.form.needsLegend')} className="stack">
        <PlanRows
          rows={needs}
          onChange={setNeeds}
          keyOf={(need, i) => need.id ?? `new-${i}`}
          newRow={emptyNeed}
          addLabel={t('plans.form.addNeed')}
          max={20}
        >
          {(need, i, edit) => (
            <NeedFields
              form={form}
              index={i}
              need={need}
              planDate={head.planDate}
              providers={providers}
              onChange={edit.set}
              onRemove={edit.remove}
            />
          )}
        </PlanRows>
      </Fieldset>
      <MonitoringPeriodField form={form} months={months} onChange={setMonths} />
      <WeeklyScheduleEditor form={form} draft={weekly} onChange={setWeekly} />
    </PlanEditorForm>
  );
}
