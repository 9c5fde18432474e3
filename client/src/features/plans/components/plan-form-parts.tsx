import type { PlanKind } from '@tsunagu/contract';
import { MONITORING_PRESETS } from '@tsunagu/contract/plans';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSchema } from 'typebox';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, type useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { usePrintWarning } from '../../../lib/print-warning.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { translateIfExists } from '../../../lib/i18n/index.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useSavePlan, type PlanBodies } from '../api/plans.ts';
import { periodLabel } from './plan-labels.ts';

export type FormProblemsApi = ReturnType<typeof useFormProblems>;

/** The fields every plan starts with: 計画作成日, 見直し予定日 and (for a new version) why it changed. */
export interface HeadDraft {
  planDate: string;
  reviewOn: string;
  changeNote: string;
}

export function initialHead(v?: { planDate: string; reviewOn: string | null } | null): HeadDraft {
  return { planDate: todayInTokyo(), reviewOn: v?.reviewOn ?? '', changeNote: '' };
}

/** The head as the API takes it. */
export function headBody(head: HeadDraft, baseVersion: number | null) {
  return {
    planDate: head.planDate,
    reviewOn: head.reviewOn || null,
    changeNote: emptyToNull(head.changeNote),
    ...(baseVersion ? { baseVersion } : {}),
  };
}

/** 計画作成日・見直し予定日・変更の内容. */
export function HeadFields({
  form,
  head,
  onChange,
  isRevision,
}: {
  form: FormProblemsApi;
  head: HeadDraft;
  onChange: (head: HeadDraft) => void;
  isRevision: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('plans.form.headLegend')} className="stack">
      <div className="grid-2">
        <TextField
          {...form.field('planDate')}
          className="field--short"
          type="date"
          required
          label={t('plans.fields.head.planDate')}
          hint={t('plans.form.planDateHint')}
          max={todayInTokyo()}
          value={head.planDate}
          onChange={(e) => onChange({ ...head, planDate: e.target.value })}
        />
        <TextField
          {...form.field('reviewOn')}
          className="field--short"
          type="date"
          label={t('plans.fields.head.reviewOn')}
          hint={t('plans.form.reviewOnHint')}
          min={head.planDate || undefined}
          value={head.reviewOn}
          onChange={(e) => onChange({ ...head, reviewOn: e.target.value })}
        />
      </div>
      {isRevision ? (
        <TextAreaField
          {...form.field('changeNote')}
          label={t('plans.fields.head.changeNote')}
          hint={t('plans.form.changeNoteHint')}
          rows={2}
          maxLength={500}
          value={head.changeNote}
          onChange={(e) => onChange({ ...head, changeNote: e.target.value })}
        />
      ) : null}
    </Fieldset>
  );
}

/** モニタリング期間: 毎月 / 3か月ごと / 6か月ごと, or any number of months (1–12). */
export function MonitoringPeriodField({
  form,
  months,
  onChange,
}: {
  form: FormProblemsApi;
  months: string;
  onChange: (months: string) => void;
}) {
  const { t } = useTranslation();
  const isPreset = (MONITORING_PRESETS as readonly number[]).includes(Number(months));
  const [custom, setCustom] = useState(months !== '' && !isPreset);
  const choice = custom ? 'custom' : months;
  return (
    <div className="stack">
      <RadioGroup
        {...form.field('monitoringMonths')}
        legend={t('plans.form.monitoringLegend')}
        hint={t('plans.form.monitoringHint')}
        required
        inline
        options={[
          ...MONITORING_PRESETS.map((m) => ({ value: String(m), label: periodLabel(m) })),
          { value: 'custom', label: t('plans.form.monitoringCustom') },
        ]}
        value={choice}
        onChange={(v) => {
          setCustom(v === 'custom');
          onChange(v === 'custom' ? '' : v);
        }}
      />
      {custom ? (
        <TextField
          id={`${form.field('monitoringMonths').id}-custom`}
          className="field--short"
          type="number"
          inputMode="numeric"
          min={1}
          max={12}
          label={t('plans.form.monitoringCustomMonths')}
          value={months}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : null}
    </div>
  );
}

/** The number of months as the API takes it (NaN when empty, so the schema names the field). */
export function monthsBody(months: string): number {
  return months.trim() === '' ? Number.NaN : Number(months);
}

/** The heading of a repeated row (a need, a goal, a contact) with the button that removes it. */
export function RowHeader({
  title,
  removeLabel,
  onRemove,
  children,
}: {
  title: string;
  removeLabel: string;
  onRemove: (() => void) | null;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="plan-row__header">
      <h3 className="plan-row__title">{title}</h3>
      <div className="button-row">
        {children}
        {onRemove ? (
          <Button small variant="quiet" onClick={onRemove} aria-label={removeLabel}>
            {t('common.remove')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** Moves one element of a list by `by` places (for the order of crisis contacts). */
export function moved<T>(list: readonly T[], index: number, by: number): T[] {
  const next = [...list];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(index + by, 0, item);
  return next;
}

/** Replaces one element of a list. */
export function replaced<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

/** What a row of PlanRows may do to itself: null where it cannot (the only row, the first, the last). */
export interface RowEdit<T> {
  set: (row: T) => void;
  remove: (() => void) | null;
  moveUp: (() => void) | null;
  moveDown: (() => void) | null;
}

/**
 * The repeated rows of a plan (needs, goals, crisis contacts; a need's services, nested): each
 * drawn by the caller with what it may do to itself, then the button that adds one, up to `max`.
 * At least one row stays, except in a nested list, which may be empty.
 */
export function PlanRows<T>({
  rows,
  onChange,
  keyOf,
  newRow,
  addLabel,
  max,
  nested = false,
  children,
}: {
  rows: readonly T[];
  onChange: (rows: T[]) => void;
  keyOf: (row: T, index: number) => string | number;
  newRow: () => T;
  addLabel: string;
  max: number;
  nested?: boolean;
  children: (row: T, index: number, edit: RowEdit<T>) => ReactNode;
}) {
  return (
    <>
      <ol className={nested ? 'plan-rows plan-rows--nested' : 'plan-rows'}>
        {rows.map((row, i) => (
          <li key={keyOf(row, i)} className={nested ? 'plan-subrow stack' : 'plan-row stack'}>
            {children(row, i, {
              set: (next) => onChange(replaced(rows, i, next)),
              remove: nested || rows.length > 1 ? () => onChange(rows.filter((_, j) => j !== i)) : null,
              moveUp: i > 0 ? () => onChange(moved(rows, i, -1)) : null,
              moveDown: i < rows.length - 1 ? () => onChange(moved(rows, i, 1)) : null,
            })}
          </li>
        ))}
      </ol>
      <div>
        <Button small={nested} onClick={() => onChange([...rows, newRow()])} disabled={rows.length >= max}>
          {addLabel}
        </Button>
      </div>
    </>
  );
}

/**
 * The frame of every plan editor: checks the body against the contract's schema, shows problems
 * beside their fields (the server's too, e.g. 「達成時期」 before the plan date), saves a 計画案.
 */
export function PlanEditorForm<K extends PlanKind>({
  formId,
  kind,
  personId,
  planId,
  form,
  schema,
  labels,
  build,
  onSaved,
  cancelTo,
  children,
}: {
  formId: string;
  kind: K;
  personId: string;
  planId: string | null;
  form: FormProblemsApi;
  schema: TSchema;
  labels: Record<string, string>;
  build: () => PlanBodies[K];
  onSaved: (saved: { id: string; version: number }) => void;
  cancelTo: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const save = useSavePlan(kind, personId, planId);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = build();
    const errors = await validateAgainst(schema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    save.mutate(body, { onSuccess: onSaved, onError: form.failRequest });
  }
  return (
    <form id={formId} onSubmit={(e) => void submit(e)} noValidate className="stack stack--large plan-form">
      <ErrorSummary formId={formId} problems={form.problems} />
      {children}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel={t('common.saving')}>
          {planId ? t('plans.form.submitRevise') : t('plans.form.submitCreate')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}

/** The version an edit starts from: its number, dates and content. */
export interface PlanBase<C> {
  version: number;
  planDate: string;
  reviewOn: string | null;
  monitoringMonths: number | null;
  content: C;
}

/** The labels of a group of fields (plans.fields.<group>.<key>), for validation messages. */
export function labelsFor(group: string, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, translateIfExists(`plans.fields.${group}.${k}`) ?? k]));
}

/** A plan's free-text fields as one piece of state ('' for what is not written yet). */
export function useTexts<K extends string>(initial: () => Record<K, string | null | undefined>) {
  const [texts, setTexts] = useState(
    () => Object.fromEntries(Object.entries(initial()).map(([k, v]) => [k, v ?? ''])) as Record<K, string>,
  );
  const setText = (field: K) => (value: string) => setTexts((prev) => ({ ...prev, [field]: value }));
  return [texts, setText] as const;
}

/** A multi-line field of a plan, its error beside it, and a warning of what will not print. */
export function PlanTextArea({
  form,
  field,
  label,
  value,
  onChange,
  required = false,
  rows = 3,
  maxLength = 2000,
  hint,
}: {
  form: FormProblemsApi;
  field: string;
  label: string | undefined;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  hint?: string | undefined;
}) {
  const printWarning = usePrintWarning();
  return (
    <TextAreaField
      {...form.field(field)}
      label={label ?? field}
      required={required}
      hint={hint}
      warning={printWarning(value)}
      rows={rows}
      maxLength={maxLength}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
