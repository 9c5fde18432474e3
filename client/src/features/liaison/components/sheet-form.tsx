import type { CreateSheetBody, InformationCategory, LiaisonRecipient, LiaisonSheet } from '@tsunagu/contract';
import { CreateSheetBody as CreateSheetSchema } from '@tsunagu/contract/liaison';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { addDaysTo, todayInTokyo } from '../../../lib/format.ts';
import { forgetDrafts, useKeptDraft } from '../../../lib/kept-drafts.ts';
import { usePrintWarning } from '../../../lib/print-warning.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { planListQueryOptions } from '../../plans/api/plans.ts';
import { useCreateSheet } from '../api/liaison.ts';
import { ExclusionFlag, useExclusionFlag } from '../../persons/components/exclusion-flag.tsx';

const FORM_ID = 'liaison-sheet';

/** A message of the person's team that a sheet can carry (its text is read on the server). */
export interface SheetMessageChoice {
  id: string;
  category: InformationCategory;
  excerpt: string;
}

/**
 * 連携シートを作る: to an organisation of the team that works by FAX, from a 要確認 message still
 * awaiting them or from a request written here; what is asked, by when, and how the PIN goes.
 */
export function SheetForm({
  personId,
  recipients,
  messages,
  initialMessageId,
  onCreated,
}: {
  personId: string;
  recipients: readonly LiaisonRecipient[];
  messages: readonly SheetMessageChoice[];
  initialMessageId?: string | undefined;
  onCreated: (sheet: LiaisonSheet) => void;
}) {
  const { t } = useTranslation();
  const printWarning = usePrintWarning();
  const form = useFormProblems(FORM_ID);
  const create = useCreateSheet(personId);
  const [recipientId, setRecipientId] = useState(
    recipients.length === 1 ? recipients[0]!.organisationId : '',
  );
  const [source, setSource] = useState('message');
  const [messageId, setMessageId] = useState(initialMessageId ?? '');
  const [planId, setPlanId] = useState('');
  // Plans in force (確定) the caller may see: an excerpt of one can go on the sheet.
  const plans = useQuery(planListQueryOptions(personId));
  const plansInForce = (plans.data?.plans ?? []).filter((p) => p.currentVersion !== null);
  const [category, setCategory] = useState('');
  // What is typed outlives a session that ends meanwhile (signing in again as the same user).
  const draft = `liaison-sheet:${personId}:new:`;
  const [body, setBody] = useKeptDraft(`${draft}body`, '');
  const [request, setRequest] = useKeptDraft(
    `${draft}request`,
    String(t('liaison.sheets.requestHint')).replace(/^例: /, ''),
  );
  const [replyBy, setReplyBy] = useState(() => addDaysTo(todayInTokyo(), 3));
  const [pinDelivery, setPinDelivery] = useState<'sheet' | 'sms'>('sheet');
  const [smsPhone, setSmsPhone] = useState('');
  // The recipient or the PIN's number may be someone the person must never be told of.
  const flag = useExclusionFlag(personId);
  const recipient = recipients.find((r) => r.organisationId === recipientId);
  const labels = {
    recipientOrganisationId: t('liaison.sheets.recipient'),
    messageId: t('liaison.sheets.message'),
    planId: t('liaison.sheets.plan'),
    category: t('liaison.sheets.category'),
    body: t('liaison.sheets.body'),
    request: t('liaison.sheets.request'),
    replyBy: t('liaison.sheets.replyBy'),
    smsPhone: t('liaison.sheets.smsPhone'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const payload: CreateSheetBody = {
      recipientOrganisationId: recipientId,
      request: request.trim(),
      replyBy,
      pinDelivery,
      ...(source === 'message'
        ? { messageId }
        : source === 'plan'
          ? { planId }
          : { category: category as InformationCategory, body: body.trim() }),
      ...(pinDelivery === 'sms' ? { smsPhone: smsPhone.trim() } : {}),
      ...(flag.confirmed ? { excludedContactConfirmed: true } : {}),
    };
    const errors = await validateAgainst(CreateSheetSchema, payload, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    create.mutate(payload, {
      onSuccess: (sheet) => {
        forgetDrafts(draft);
        onCreated(sheet);
      },
      onError: (error) => {
        flag.caught(error);
        form.failRequest(error);
      },
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <SelectField
        {...form.field('recipientOrganisationId')}
        label={labels.recipientOrganisationId}
        required
        placeholder={t('validation.choose', { field: labels.recipientOrganisationId })}
        options={recipients.map((r) => ({ value: r.organisationId, label: r.name }))}
        value={recipientId}
        hint={
          recipient
            ? t('liaison.sheets.consentCovers', {
                categories: recipient.categories.map((c) => t(`enums.category.${c}`)).join('・'),
              })
            : undefined
        }
        onChange={(e) => setRecipientId(e.target.value)}
      />
      <RadioGroup
        id={`${FORM_ID}-source`}
        legend={t('liaison.sheets.source')}
        inline
        options={[
          { value: 'message', label: t('liaison.sheets.fromMessage') },
          { value: 'request', label: t('liaison.sheets.fromRequest') },
          ...(plansInForce.length ? [{ value: 'plan', label: t('liaison.sheets.fromPlan') }] : []),
        ]}
        value={source}
        onChange={setSource}
      />
      {source === 'plan' ? (
        <SelectField
          {...form.field('planId')}
          label={labels.planId}
          required
          hint={t('liaison.sheets.planHint')}
          placeholder={t('validation.choose', { field: labels.planId })}
          options={plansInForce.map((p) => ({
            value: p.id,
            label: t('liaison.sheets.planChoice', {
              kind: t(`plans.kind.${p.kind}`),
              organisation: p.organisationName,
              version: p.currentVersion ?? 0,
            }),
          }))}
          value={planId}
          onChange={(e) => setPlanId(e.target.value)}
        />
      ) : source === 'message' ? (
        <SelectField
          {...form.field('messageId')}
          label={labels.messageId}
          required
          placeholder={
            messages.length
              ? t('validation.choose', { field: labels.messageId })
              : t('liaison.sheets.noMessages')
          }
          options={messages.map((m) => ({
            value: m.id,
            label: `［${t(`enums.category.${m.category}`)}］${m.excerpt}`,
          }))}
          value={messageId}
          onChange={(e) => setMessageId(e.target.value)}
        />
      ) : (
        <>
          <SelectField
            {...form.field('category')}
            label={labels.category}
            required
            placeholder={t('validation.choose', { field: labels.category })}
            options={(recipient?.categories ?? []).map((c) => ({
              value: c,
              label: t(`enums.category.${c}`),
            }))}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          />
          <TextAreaField
            {...form.field('body')}
            label={labels.body}
            required
            rows={5}
            maxLength={1500}
            value={body}
            warning={printWarning(body)}
            onChange={(e) => setBody(e.target.value)}
          />
        </>
      )}
      <TextField
        {...form.field('request')}
        label={labels.request}
        hint={t('liaison.sheets.requestHint')}
        required
        maxLength={200}
        value={request}
        warning={printWarning(request)}
        onChange={(e) => setRequest(e.target.value)}
      />
      <TextField
        {...form.field('replyBy')}
        className="field--short"
        label={labels.replyBy}
        type="date"
        required
        min={todayInTokyo()}
        value={replyBy}
        onChange={(e) => setReplyBy(e.target.value)}
      />
      <RadioGroup
        {...form.field('pinDelivery')}
        legend={t('liaison.sheets.pinDelivery')}
        inline
        options={[
          { value: 'sheet', label: t('liaison.sheets.pinOnSheet') },
          { value: 'sms', label: t('liaison.sheets.pinBySms') },
        ]}
        value={pinDelivery}
        onChange={(v) => setPinDelivery(v === 'sms' ? 'sms' : 'sheet')}
      />
      {pinDelivery === 'sms' ? (
        <TextField
          {...form.field('smsPhone')}
          className="field--short"
          label={labels.smsPhone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          value={smsPhone}
          onChange={(e) => setSmsPhone(e.target.value)}
          onBlur={() => flag.check(smsPhone.trim() ? { phone: smsPhone.trim() } : {})}
        />
      ) : null}
      <ExclusionFlag id={`${FORM_ID}-excludedContactConfirmed`} flag={flag} />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={create.isPending} busyLabel={t('common.saving')}>
          {t('liaison.sheets.submit')}
        </Button>
      </div>
    </form>
  );
}
