import type { ItemTopic } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/ui/field.tsx';
import { topicsFor } from './item-labels.ts';

/**
 * 項目: the topic of an item — required for 本人の意思 (希望する暮らし, 大切にしていること …),
 * optional for the life categories, absent for the others. One field for every form that records
 * an item (the record form, a message turned into an item).
 */
export function TopicField({
  id,
  error,
  category,
  value,
  onChange,
}: {
  id: string;
  error: string | undefined;
  category: string;
  value: string;
  onChange: (topic: string) => void;
}) {
  const { t } = useTranslation();
  const topics = topicsFor(category);
  if (!topics.length) return null;
  const isVoice = category === 'voice';
  const label = t('items.topic');
  return (
    <SelectField
      id={id}
      error={error}
      label={isVoice ? label : t('items.topicOptional')}
      required={isVoice}
      placeholder={isVoice ? t('validation.choose', { field: label }) : t('common.none')}
      options={topics.map((p) => ({ value: p, label: t(`enums.topic.${p as ItemTopic}`) }))}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
