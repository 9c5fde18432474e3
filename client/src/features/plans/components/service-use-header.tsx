import type { Certificate, ServiceUseContent, ServiceUsePlanBody, SupportCategory } from '@tsunagu/contract';
import { supportCategories } from '@tsunagu/contract/enums';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { Fieldset } from '../../../components/ui/form.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import type { FormProblemsApi } from './plan-form-parts.tsx';

/**
 * The header of the サービス等利用計画 (MHLW 参考様式): 障害支援区分, the 受給者証 numbers, 利用者負担上限額,
 * 計画作成担当者, モニタリング期間（開始年月） and 支給決定日. 相談支援事業者名 is the plan's office.
 */
export interface HeaderDraft {
  supportCategory: string;
  recipientNumber: string;
  communityRecipientNumber: string;
  dayServiceRecipientNumber: string;
  copaymentLimit: string;
  planAuthorName: string;
  monitoringStartMonth: string;
  benefitDecisionOn: string;
}

/** What a new plan starts from: the person's 受給者証 (when the caller may see it) and who is writing. */
export interface HeaderDefaults {
  certificate: Pick<Certificate, 'supportCategory' | 'number'> | null;
  authorName: string | null;
}

/** The 障害福祉サービス受給者証 that runs longest: the one a new plan goes by. */
export function recipientCertificate(certificates: readonly Certificate[] | null | undefined) {
  return (
    [...(certificates ?? [])]
      .filter((c) => c.kind === 'service_recipient')
      .sort((a, b) => (b.validUntil ?? '').localeCompare(a.validUntil ?? ''))[0] ?? null
  );
}

export function headerDraft(c: ServiceUseContent | undefined, defaults: HeaderDefaults | null): HeaderDraft {
  const certificate = c ? null : (defaults?.certificate ?? null);
  return {
    supportCategory: c?.supportCategory ?? certificate?.supportCategory ?? '',
    recipientNumber: c?.recipientNumber ?? certificate?.number ?? '',
    communityRecipientNumber: c?.communityRecipientNumber ?? '',
    dayServiceRecipientNumber: c?.dayServiceRecipientNumber ?? '',
    copaymentLimit:
      c?.copaymentLimit === null || c?.copaymentLimit === undefined ? '' : String(c.copaymentLimit),
    planAuthorName: c?.planAuthorName ?? (c ? '' : (defaults?.authorName ?? '')),
    monitoringStartMonth: c?.monitoringStartMonth ?? '',
    benefitDecisionOn: c?.benefitDecisionOn ?? '',
  };
}

type HeaderBody = Pick<
  ServiceUsePlanBody,
  | 'supportCategory'
  | 'recipientNumber'
  | 'communityRecipientNumber'
  | 'dayServiceRecipientNumber'
  | 'copaymentLimit'
  | 'planAuthorName'
  | 'monitoringStartMonth'
  | 'benefitDecisionOn'
>;

/** The header as the API takes it (a number field that is not a number stays NaN, for the schema to name). */
export function headerBody(d: HeaderDraft): HeaderBody {
  return {
    supportCategory: supportCategories.find((s): s is SupportCategory => s === d.supportCategory) ?? null,
    recipientNumber: emptyToNull(d.recipientNumber),
    communityRecipientNumber: emptyToNull(d.communityRecipientNumber),
    dayServiceRecipientNumber: emptyToNull(d.dayServiceRecipientNumber),
    copaymentLimit: d.copaymentLimit.trim() === '' ? null : Number(d.copaymentLimit),
    planAuthorName: emptyToNull(d.planAuthorName),
    monitoringStartMonth: d.monitoringStartMonth || null,
    benefitDecisionOn: d.benefitDecisionOn || null,
  };
}

export const headerFields = [
  'supportCategory',
  'recipientNumber',
  'communityRecipientNumber',
  'dayServiceRecipientNumber',
  'copaymentLimit',
  'planAuthorName',
  'monitoringStartMonth',
  'benefitDecisionOn',
] as const;

export function ServiceUseHeaderFields({
  form,
  draft,
  onChange,
}: {
  form: FormProblemsApi;
  draft: HeaderDraft;
  onChange: (draft: HeaderDraft) => void;
}) {
  const { t } = useTranslation();
  const label = (field: (typeof headerFields)[number]) => t(`plans.fields.service_use.${field}`);
  const text = (field: (typeof headerFields)[number], extra: Record<string, unknown> = {}) => (
    <TextField
      {...form.field(field)}
      label={label(field)}
      value={draft[field]}
      onChange={(e) => onChange({ ...draft, [field]: e.target.value })}
      {...extra}
    />
  );
  return (
    <Fieldset legend={t('plans.form.headerLegend')} className="stack">
      <p className="field__hint">{t('plans.form.headerHint')}</p>
      <div className="grid-2">
        <SelectField
          {...form.field('supportCategory')}
          label={label('supportCategory')}
          placeholder={t('plans.form.notChosen')}
          options={supportCategories.map((c) => ({ value: c, label: t(`enums.supportCategory.${c}`) }))}
          value={draft.supportCategory}
          onChange={(e) => onChange({ ...draft, supportCategory: e.target.value })}
        />
        {text('copaymentLimit', {
          type: 'number',
          inputMode: 'numeric',
          min: 0,
          step: 100,
          hint: t('plans.form.copaymentHint'),
        })}
      </div>
      <div className="grid-2">
        {text('recipientNumber', { inputMode: 'numeric', maxLength: 30, autoComplete: 'off' })}
        {text('communityRecipientNumber', { inputMode: 'numeric', maxLength: 30, autoComplete: 'off' })}
        {text('dayServiceRecipientNumber', { inputMode: 'numeric', maxLength: 30, autoComplete: 'off' })}
        {text('planAuthorName', { maxLength: 100 })}
      </div>
      <div className="grid-2">
        {text('monitoringStartMonth', { type: 'month', hint: t('plans.form.monitoringStartHint') })}
        {text('benefitDecisionOn', { type: 'date', hint: t('plans.form.benefitDecisionHint') })}
      </div>
    </Fieldset>
  );
}
