import type { PlanNeed, PlanService, ServiceUseContent } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { Fieldset } from '../../../components/ui/form.tsx';
import { usePrintWarning } from '../../../lib/print-warning.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { PlanRows, PlanTextArea, RowHeader, type FormProblemsApi } from './plan-form-parts.tsx';

/** One need of a サービス等利用計画 in the editor: every column of the 様式, 優先順位 first. */

export interface ServiceDraft {
  type: string;
  content: string;
  amount: string;
  providerOrganisationId: string;
  providerName: string;
}
export interface NeedDraft {
  id: string | undefined;
  /** 優先順位 as typed ('' keeps the row's place). */
  priority: string;
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
export const emptyNeed = (): NeedDraft => ({
  id: undefined,
  priority: '',
  need: '',
  goal: '',
  achieveBy: '',
  services: [emptyService()],
  personRole: '',
  evaluateOn: '',
  notes: '',
});

export function needDraft(n: ServiceUseContent['needs'][number]): NeedDraft {
  return {
    id: n.id,
    priority: String(n.priority),
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

export function needBody(n: NeedDraft): PlanNeed {
  return {
    ...(n.id ? { id: n.id } : {}),
    // NaN when not a number, so the schema names the field.
    ...(n.priority.trim() ? { priority: Number(n.priority) } : {}),
    need: n.need.trim(),
    goal: n.goal.trim(),
    achieveBy: n.achieveBy,
    services: n.services.map(serviceBody),
    personRole: emptyToNull(n.personRole),
    evaluateOn: n.evaluateOn || null,
    notes: emptyToNull(n.notes),
  };
}

export function NeedFields({
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
      <TextField
        {...form.field(`${at}.priority`)}
        className="field--short"
        type="number"
        inputMode="numeric"
        min={1}
        max={20}
        label={label('priority')}
        hint={t('plans.form.priorityHint')}
        value={need.priority}
        onChange={(e) => set('priority', e.target.value)}
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
