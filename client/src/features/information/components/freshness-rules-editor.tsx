import type { InformationCategory } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { normaliseDigits } from '../../../lib/text.ts';
import { messageOf } from '../../../lib/validation.ts';
import { freshnessRulesQueryOptions, useSetFreshnessRule } from '../api/items.ts';

function RuleRow({
  regionId,
  category,
  reviewDays,
  isDefault,
  onSaved,
}: {
  regionId: string | null;
  category: InformationCategory;
  reviewDays: number;
  isDefault: boolean;
  onSaved: (message: string, tone: 'success' | 'error') => void;
}) {
  const { t } = useTranslation();
  const [days, setDays] = useState(String(reviewDays));
  const save = useSetFreshnessRule();
  const label = t(`enums.category.${category}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { regionId, category, reviewDays: Number(normaliseDigits(days)) },
      {
        onSuccess: () => onSaved(t('freshnessRules.saved', { category: label }), 'success'),
        onError: (err) => onSaved(messageOf(err), 'error'),
      },
    );
  };
  return (
    <tr>
      <th scope="row" data-label={t('items.category')}>
        {label}
        {regionId ? (
          <span className="table__sub">
            <Badge tone={isDefault ? 'neutral' : 'info'}>
              {isDefault ? t('freshnessRules.inherited') : t('freshnessRules.custom')}
            </Badge>
          </span>
        ) : null}
      </th>
      <td data-label={t('freshnessRules.reviewDays')}>
        <form className="rule-form" onSubmit={submit}>
          <TextField
            id={`rule-${category}`}
            className="field--days"
            label={t('freshnessRules.reviewDaysFor', { category: label })}
            labelHidden
            inputMode="numeric"
            maxLength={4}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
          <Button type="submit" small busy={save.isPending} busyLabel={t('common.saving')}>
            {t('common.save')}
          </Button>
        </form>
      </td>
    </tr>
  );
}

/** 見直しの間隔: the system administrator's table of review intervals, per area or everywhere. */
export function FreshnessRulesEditor({ regions }: { regions: readonly { id: string; label: string }[] }) {
  const { t } = useTranslation();
  const [regionId, setRegionId] = useState('');
  const [status, setStatus] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const rules = useQuery(freshnessRulesQueryOptions(regionId || null));
  return (
    <div className="stack">
      <SelectField
        id="rules-region"
        className="form-medium"
        label={t('freshnessRules.region')}
        options={[
          { value: '', label: t('freshnessRules.defaults') },
          ...regions.map((r) => ({ value: r.id, label: r.label })),
        ]}
        value={regionId}
        onChange={(e) => {
          setStatus(null);
          setRegionId(e.target.value);
        }}
      />
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      {rules.isPending ? <Loading /> : null}
      {rules.isError ? <LoadError error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      {rules.data ? (
        <div className="table-wrap">
          <table className="table table--cards rules-table" key={regionId}>
            <caption className="visually-hidden">{t('freshnessRules.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('items.category')}</th>
                <th scope="col">{t('freshnessRules.reviewDays')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.rules.map((r) => (
                <RuleRow
                  key={`${r.category}-${r.reviewDays}`}
                  regionId={regionId || null}
                  category={r.category}
                  reviewDays={r.reviewDays}
                  isDefault={r.isDefault}
                  onSaved={(text, tone) => setStatus({ text, tone })}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
