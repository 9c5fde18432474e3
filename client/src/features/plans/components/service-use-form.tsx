import type { PlanNeed, PlanService, ServiceUseContent } from '@tsunagu/contract';
import { ServiceUsePlanBody } from '@tsunagu/contract/plans';
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

const FORM_ID = 'service-use-plan';

interface ServiceDraft {
  type: string;
  content: string;
  amount: string;
  providerOrganisationId: string;
  providerName: string;
}
interface NeedDraft {
  id: string | undefined;
  need: string;
  goal: string;
  achieveBy: string;
  services: ServiceDraft[];
  personRole: string;
  evaluateOn: string;
  notes: string;
}

const emptyService = (): ServiceDraft => ({
  type: '',
  content: '',
  amount: '',
  providerOrganisationId: '',
  providerName: '',
});
const emptyNeed = (): NeedDraft => ({
  id: undefined,
  need: '',
  goal: '',
  achieveBy: '',
  services: [emptyService()],
  personRole: '',
  evaluateOn: '',
  notes: '',
});

function needDraft(n: ServiceUseContent['needs'][number]): NeedDraft {
  return {
    id: n.id,
    need: n.need,
    goal: n.goal,
    achieveBy: n.achieveBy,
    services: n.services.map((s) => ({
      type: s.type,
      content: s.content ?? '',
      amount: s.amount ?? '',
      providerOrganisationId: s.providerOrganisationId ?? '',
      providerName: s.providerName ?? '',
    })),
    personRole: n.personRole ?? '',
    evaluateOn: n.evaluateOn ?? '',
    notes: n.notes ?? '',
  };
}

function serviceBody(s: ServiceDraft): PlanService {
  return {
    type: s.type.trim(),
    content: emptyToNull(s.content),
    amount: emptyToNull(s.amount),
    providerOrganisationId: s.providerOrganisationId || null,
    providerName: emptyToNull(s.providerName),
  };
}

function needBody(n: NeedDraft): PlanNeed {
  return {
    ...(n.id ? { id: n.id } : {}),
    need: n.need.trim(),
    goal: n.goal.trim(),
    achieveBy: n.achieveBy,
    services: n.services.map(serviceBody),
    personRole: emptyToNull(n.personRole),
    evaluateOn: n.evaluateOn || null,
    notes: emptyToNull(n.notes),
  };
}

/** サービス等利用計画: 意向, 方針, 目標, one row per need with every column of the 様式, モニタリング期間. */
export function ServiceUsePlanForm({
  personId,
  planId,
  base,
  providers,
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

  const labels: Record<string, string> = {
    ...labelsFor('head', ['planDate', 'reviewOn', 'changeNote', 'monitoringMonths']),
    ...labelsFor('service_use', Object.keys(texts)),
    ...labelsFor('needs', ['need', 'goal', 'achieveBy', 'personRole', 'evaluateOn', 'notes']),
    ...labelsFor('services', ['type', 'content', 'amount', 'providerName']),
  };

  const build = (): ServiceUsePlanBody => ({
    ...headBody(head, base ? base.version : null),
    personWishes: texts.personWishes.trim(),
    familyWishes: emptyToNull(texts.familyWishes),
    overallPolicy: texts.overallPolicy.trim(),
    longTermGoal: texts.longTermGoal.trim(),
    shortTermGoal: texts.shortTermGoal.trim(),
    needs: needs.map(needBody),
    monitoringMonths: monthsBody(months),
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
    </PlanEditorForm>
  );
}

function NeedFields({
  form,
  index,
  need,
  planDate,
  providers,
  onChange,
  onRemove,
}: {
  form: FormProblemsApi;
  index: number;
  need: NeedDraft;
  planDate: string;
  providers: readonly { id: string; name: string }[];
  onChange: (need: NeedDraft) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useTranslation();
  const at = `needs.${index}`;
  const number = index + 1;
  const set = <K extends keyof NeedDraft>(key: K, value: NeedDraft[K]) => onChange({ ...need, [key]: value });
  const label = (field: string) => t(`plans.fields.needs.${field}` as 'plans.fields.needs.need');
  const area = (field: 'need' | 'goal' | 'personRole' | 'notes', required: boolean) => (
    <PlanTextArea
      form={form}
      field={`${at}.${field}`}
      label={label(field)}
      required={required}
      rows={2}
      maxLength={1000}
      value={need[field]}
      onChange={(v) => set(field, v)}
    />
  );
  return (
    <>
      <RowHeader
        title={t('plans.form.needTitle', { number })}
        removeLabel={t('plans.form.removeNeed', { number })}
        onRemove={onRemove}
      />
      {area('need', true)}
      {area('goal', true)}
      <div className="grid-2">
        <TextField
          {...form.field(`${at}.achieveBy`)}
          className="field--short"
          type="date"
          required
          min={planDate || undefined}
          label={label('achieveBy')}
          value={need.achieveBy}
          onChange={(e) => set('achieveBy', e.target.value)}
        />
        <TextField
          {...form.field(`${at}.evaluateOn`)}
          className="field--short"
          type="date"
          min={planDate || undefined}
          label={label('evaluateOn')}
          value={need.evaluateOn}
          onChange={(e) => set('evaluateOn', e.target.value)}
        />
      </div>
      <Fieldset legend={label('services')} className="stack">
        <p className="field__hint">{t('plans.form.providerHint')}</p>
        <PlanRows
          rows={need.services}
          onChange={(services) => set('services', services)}
          keyOf={(_, j) => j}
          newRow={emptyService}
          addLabel={t('plans.form.addService')}
          max={10}
          nested
        >
          {(s, j, edit) => (
            <ServiceFields
              form={form}
              at={`${at}.services.${j}`}
              number={j + 1}
              service={s}
              providers={providers}
              onChange={edit.set}
              onRemove={edit.remove}
            />
          )}
        </PlanRows>
      </Fieldset>
      {area('personRole', false)}
      {area('notes', false)}
    </>
  );
}

function ServiceFields({
  form,
  at,
  number,
  service,
  providers,
  onChange,
  onRemove,
}: {
  form: FormProblemsApi;
  at: string;
  number: number;
  service: ServiceDraft;
  providers: readonly { id: string; name: string }[];
  onChange: (service: ServiceDraft) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useTranslation();
  const printWarning = usePrintWarning();
  const set = (key: keyof ServiceDraft, value: string) => onChange({ ...service, [key]: value });
  const label = (field: keyof ServiceDraft) => t(`plans.fields.services.${field}`);
  return (
    <>
      <RowHeader
        title={t('plans.form.serviceTitle', { number })}
        removeLabel={t('plans.form.removeService', { number })}
        onRemove={onRemove}
      />
      <TextField
        {...form.field(`${at}.type`)}
        label={label('type')}
        required
        maxLength={100}
        value={service.type}
        warning={printWarning(service.type)}
        onChange={(e) => set('type', e.target.value)}
      />
      <PlanTextArea
        form={form}
        field={`${at}.content`}
        label={label('content')}
        rows={2}
        maxLength={1000}
        value={service.content}
        onChange={(v) => set('content', v)}
      />
      <TextField
        {...form.field(`${at}.amount`)}
        label={label('amount')}
        maxLength={200}
        value={service.amount}
        warning={printWarning(service.amount)}
        onChange={(e) => set('amount', e.target.value)}
      />
      <div className="grid-2">
        <SelectField
          {...form.field(`${at}.providerOrganisationId`)}
          label={label('providerOrganisationId')}
          placeholder={t('plans.form.providerNone')}
          options={providers.map((p) => ({ value: p.id, label: p.name }))}
          value={service.providerOrganisationId}
          onChange={(e) => set('providerOrganisationId', e.target.value)}
        />
        <TextField
          {...form.field(`${at}.providerName`)}
          label={label('providerName')}
          maxLength={100}
          value={service.providerName}
          warning={printWarning(service.providerName)}
          onChange={(e) => set('providerName', e.target.value)}
        />
      </div>
    </>
  );
}
