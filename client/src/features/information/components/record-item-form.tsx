import type { InformationCategory, ItemKind, ItemSource, ItemTopic, RecordItemBody } from '@tsunagu/contract';
import { ITEM_CONTENT_MAX, RecordItemBody as RecordItemSchema } from '@tsunagu/contract/persons';
import { informationCategories, itemSources } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { kindsFor } from '../../../lib/item-vocabulary.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordItem } from '../api/items.ts';
import { topicsFor } from './item-labels.ts';
import { TopicField } from './topic-field.tsx';

const FORM_ID = 'record-item';

/**
 * 情報を記録. Quality is asked for, not defaulted: whose words (情報源), what kind of
 * information (性質) and the day it was true (確かだった日) must each be chosen.
 */
export function RecordItemForm({
  personId,
  initialCategory,
  onCancel,
}: {
  personId: string;
  initialCategory?: InformationCategory | undefined;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<string>(initialCategory ?? '');
  const [topic, setTopic] = useState('');
  const [content, setContent] = useState('');
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('');
  const [observedOn, setObservedOn] = useState(todayInTokyo);
  const [done, setDone] = useState(false);
  const form = useFormProblems(FORM_ID);
  const record = useRecordItem(personId);

  const kinds = kindsFor(category);
  const labels = {
    category: t('items.category'),
    topic: t('items.topic'),
    content: t('items.content'),
    source: t('items.sourceLabel'),
    kind: t('items.kindLabel'),
    observedOn: t('items.observedOn'),
  };

  function changeCategory(next: string) {
    setCategory(next);
    if (!topicsFor(next).includes(topic)) setTopic('');
    if (kind && !(kindsFor(next) as readonly string[]).includes(kind)) setKind('');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const body = {
      category: category as InformationCategory,
      topic: topic ? (topic as ItemTopic) : null,
      content: content.trim(),
      source: source as ItemSource,
      kind: kind as ItemKind,
      observedOn,
    } satisfies RecordItemBody;
    const errors = await validateAgainst(RecordItemSchema, body, labels);
    // 本人の意思 is always about something: its topic is required (the server says so too).
    if (category === 'voice' && !topic) errors.topic = t('validation.choose', { field: labels.topic });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, {
      onSuccess: () => {
        setDone(true);
        setTopic('');
        setContent('');
        setSource('');
        setKind('');
        setObservedOn(todayInTokyo());
      },
      onError: form.failRequest,
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <p>{t('items.recordLead')}</p>
      {done ? <Notice tone="success">{t('items.recorded')}</Notice> : null}
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <SelectField
        {...form.field('category')}
        label={labels.category}
        required
        placeholder={t('validation.choose', { field: labels.category })}
        options={informationCategories.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))}
        value={category}
        onChange={(e) => changeCategory(e.target.value)}
      />
      <TopicField {...form.field('topic')} category={category} value={topic} onChange={setTopic} />
      <TextAreaField
        {...form.field('content')}
        label={labels.content}
        hint={t('items.contentCount', { count: content.length, max: ITEM_CONTENT_MAX })}
        required
        rows={5}
        maxLength={ITEM_CONTENT_MAX}
        value={content}
        onChange={(e) => setContent(e.target.value)}
      />
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
        options={kinds.map((k) => ({
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
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('items.recordSubmit')}
        </Button>
        <Button onClick={onCancel}>{t('items.recordClose')}</Button>
      </div>
    </form>
  );
}
