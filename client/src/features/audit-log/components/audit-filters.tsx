import { auditOutcomes } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField, type Option } from '../../../components/ui/field.tsx';
import { auditActionLabel, knownAuditActions } from './audit-actions.ts';

/** The filters as the screen keeps them (dates as YYYY-MM-DD in Tokyo). */
export interface AuditFilterValues {
  from?: string | undefined;
  to?: string | undefined;
  actorUserId?: string | undefined;
  organisationId?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  targetId?: string | undefined;
}

const keys = ['from', 'to', 'actorUserId', 'organisationId', 'action', 'outcome', 'targetId'] as const;

/** Filters of the audit log; applied on submit. */
export function AuditFilters({
  value,
  actors,
  organisations,
  onApply,
}: {
  value: AuditFilterValues;
  actors: readonly Option[];
  organisations: readonly Option[];
  onApply: (next: AuditFilterValues) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilterValues>(value);
  const set = (key: keyof AuditFilterValues) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value || undefined }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: AuditFilterValues = {};
    for (const k of keys) {
      const v = draft[k]?.trim();
      if (v) next[k] = v;
    }
    onApply(next);
  }

  const actionOptions = knownAuditActions.map((a) => ({
    value: a,
    label: auditActionLabel(a) + t('common.paren', { text: a }),
  }));
  // A code typed in the address bar that we have no label for is still selectable.
  if (draft.action && !knownAuditActions.includes(draft.action))
    actionOptions.unshift({ value: draft.action, label: draft.action });

  return (
    <form className="filters filters--audit" role="search" aria-label={t('audit.filters')} onSubmit={submit}>
      <TextField
        id="audit-from"
        label={t('audit.from')}
        type="date"
        value={draft.from ?? ''}
        onChange={set('from')}
      />
      <TextField
        id="audit-to"
        label={t('audit.to')}
        type="date"
        value={draft.to ?? ''}
        onChange={set('to')}
      />
      <SelectField
        id="audit-actor"
        label={t('audit.actor')}
        placeholder={t('common.all')}
        options={actors}
        value={draft.actorUserId ?? ''}
        onChange={set('actorUserId')}
      />
      <SelectField
        id="audit-organisation"
        label={t('audit.organisation')}
        placeholder={t('common.all')}
        options={organisations}
        value={draft.organisationId ?? ''}
        onChange={set('organisationId')}
      />
      <SelectField
        id="audit-action"
        label={t('audit.action')}
        placeholder={t('common.all')}
        options={actionOptions}
        value={draft.action ?? ''}
        onChange={set('action')}
      />
      <SelectField
        id="audit-outcome"
        label={t('audit.outcome')}
        placeholder={t('common.all')}
        options={auditOutcomes.map((o) => ({ value: o, label: t(`enums.outcome.${o}`) }))}
        value={draft.outcome ?? ''}
        onChange={set('outcome')}
      />
      <TextField
        id="audit-target"
        label={t('audit.targetId')}
        value={draft.targetId ?? ''}
        onChange={set('targetId')}
        spellCheck={false}
        maxLength={100}
      />
      <div className="filters__actions button-row">
        <Button type="submit" variant="primary">
          {t('audit.apply')}
        </Button>
        <Button
          variant="quiet"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t('common.clear')}
        </Button>
      </div>
    </form>
  );
}
