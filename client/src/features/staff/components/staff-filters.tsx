import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import type { StaffFilters as Filters } from '../api/staff.ts';
import type { OrganisationChoice } from './organisation-choice.ts';

/** Search staff by words and organisation; applied on submit. */
export function StaffFilters({
  value,
  organisations,
  onApply,
}: {
  value: Filters;
  organisations: readonly OrganisationChoice[];
  onApply: (next: Filters) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value.q ?? '');
  const [organisationId, setOrganisationId] = useState(value.organisationId ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ q: q.trim() || undefined, organisationId: organisationId || undefined });
  }

  return (
    <form className="filters" role="search" aria-label={t('organisations.filters')} onSubmit={submit}>
      <TextField
        id="staff-q"
        label={t('staff.searchLabel')}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="filters__wide"
      />
      <SelectField
        id="staff-organisation"
        label={t('staff.filterOrganisation')}
        placeholder={t('common.all')}
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
      />
      <div className="filters__actions button-row">
        <Button type="submit" variant="primary">
          {t('common.search')}
        </Button>
        <Button
          variant="quiet"
          onClick={() => {
            setQ('');
            setOrganisationId('');
            onApply({});
          }}
        >
          {t('common.clear')}
        </Button>
      </div>
    </form>
  );
}
