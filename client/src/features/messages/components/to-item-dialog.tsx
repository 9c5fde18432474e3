import type { ItemKind, ItemSource, ItemTopic } from '@tsunagu/contract';
import { itemSources } from '@tsunagu/contract/enums';
import { MessageToItemBody as ToItemSchema } from '@tsunagu/contract/messages';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { kindsFor } from '../../../lib/item-vocabulary.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { TopicField } from '../../information/components/topic-field.tsx';
import { useMessageToItem, type Message } from '../api/messages.ts';

const FORM_ID = 'message-to-item';

/**
 * 情報として記録: the message's text becomes an item of the same category. As when recording
 * any item, its quality is chosen, not defaulted: 情報源, 性質, and the day it was true (the day
 * the message was sent, unless the writer knows better).
 */
export function ToItemDialog({
  message,
  onClose,
  onDone,
}: {
  message: Message;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('');
  const [observedOn, setObservedOn] = useState(() => todayInTokyo(new Date(message.createdAt)));
  const [topic, setTopic] = useState('');
  const form = useFormProblems(FORM_ID);
  const toItem = useMessageToItem(message.personId);
  // 本人の意思 is recorded under a topic (希望する暮らし, 大切にしていること …): the writer picks it.
  const isVoice = message.category === 'voice';
  const labels = {
    source: t('items.sourceLabel'),
    kind: t('items.kindLabel'),
    observedOn: t('items.observedOn'),
    topic: t('items.topic'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      source: source as ItemSource,
      kind: kind as ItemKind,
      observedOn,
      ...(topic ? { topic: topic as ItemTopic } : {}),
    };
    const errors = await validateAgainst(ToItemSchema, body, labels);
    if (isVoice && !topic) errors.topic = t('validation.choose', { field: labels.topic });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    toItem.mutate({ id: message.id, body }, { onSuccess: onDone, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('messages.toItem.title')}
      submitLabel={t('messages.toItem.submit')}
      busy={toItem.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <p>{t('messages.toItem.lead', { category: t(`enums.category.${message.category}`) })}</p>
      <blockquote className="quote">{message.body}</blockquote>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TopicField {...form.field('topic')} category={message.category} value={topic} onChange={setTopic} />
      <RadioGroup
        {...form.field('source')}
        legend={t('items.source')}
        required
        options={itemSources.map((s) => ({
          value: s,
          label: t(`enums.itemSource.${s}`),
          description: t(`items.sourceDescriptions.${s}`),
        }))}
        value={source}
        onChange={setSource}
      />
      <RadioGroup
        {...form.field('kind')}
        legend={t('items.kind')}
        required
        options={kindsFor(message.category).map((k) => ({
          value: k,
          label: t(`enums.itemKind.${k}`),
          description: t(`items.kindDescriptions.${k}`),
        }))}
        value={kind}
        onChange={setKind}
      />
      <TextField
        {...form.field('observedOn')}
        className="field--short"
        label={labels.observedOn}
        hint={t('items.observedOnHint')}
        type="date"
        required
        max={todayInTokyo()}
        value={observedOn}
        onChange={(e) => setObservedOn(e.target.value)}
      />
    </FormDialog>
  );
}
