import type { CorrectItemBody, Item, ItemKind, ItemSource } from '@tsunagu/contract';
import { CorrectItemBody as CorrectItemSchema, ITEM_CONTENT_MAX } from '@tsunagu/contract/persons';
import { itemSources } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { kindsFor } from '../../../lib/item-vocabulary.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useCorrectItem } from '../api/items.ts';

const FORM_ID = 'correct-item';

/** 訂正: a new version with its reason; source, kind and the day it was true may change too. */
export function CorrectItemDialog({
  item,
  onClose,
  onCorrected,
}: {
  item: Item;
  onClose: () => void;
  onCorrected: () => void;
}) {
  const { t } = useTranslation();
  const [content, setContent] = useState(item.content);
  const [source, setSource] = useState<string>(item.source);
  const [kind, setKind] = useState<string>(item.kind);
  const [observedOn, setObservedOn] = useState(item.observedOn);
  const [reason, setReason] = useState('');
  const form = useFormProblems(FORM_ID);
  const correct = useCorrectItem();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: CorrectItemBody = {
      content: content.trim(),
      reason: reason.trim(),
      ...(source !== item.source ? { source: source as ItemSource } : {}),
      ...(kind !== item.kind ? { kind: kind as ItemKind } : {}),
      ...(observedOn !== item.observedOn ? { observedOn } : {}),
    };
    const errors = await validateAgainst(CorrectItemSchema, body, {
      content: t('items.content'),
      reason: t('items.reason'),
      observedOn: t('items.observedOn'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    correct.mutate({ itemId: item.id, body }, { onSuccess: onCorrected, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('items.correctTitle')}
      submitLabel={t('items.correctSubmit')}
      busy={correct.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <p>{t('items.correctLead')}</p>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextAreaField
        {...form.field('content')}
        label={t('items.content')}
        required
        rows={5}
        maxLength={ITEM_CONTENT_MAX}
        value={content}
        onChange={(e) => setContent(e.target.value)}
      />
      <RadioGroup
        {...form.field('source')}
        legend={t('items.source')}
        options={itemSources.map((s) => ({ value: s, label: t(`enums.itemSource.${s}`) }))}
        value={source}
        onChange={setSource}
      />
      <RadioGroup
        {...form.field('kind')}
        legend={t('items.kind')}
        options={kindsFor(item.category).map((k) => ({ value: k, label: t(`enums.itemKind.${k}`) }))}
        value={kind}
        onChange={setKind}
      />
      <TextField
        {...form.field('observedOn')}
        className="field--short"
        label={t('items.observedOn')}
        type="date"
        max={todayInTokyo()}
        required
        value={observedOn}
        onChange={(e) => setObservedOn(e.target.value)}
      />
      <TextField
        {...form.field('reason')}
        label={t('items.reason')}
        hint={t('items.reasonHint')}
        required
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </FormDialog>
  );
}
