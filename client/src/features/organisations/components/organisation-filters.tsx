import type { OrganisationKind, Sector } from '@tsunagu/contract';
import { organisationKinds, sectors } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import type { OrganisationFilters as Filters } from '../api/organisations.ts';
import type { RegionChoice } from './region-choices.ts';

/** Search by words, sector, kind and area served. Applied on submit, so typing never reloads the list. */
export function OrganisationFilters({
  value,
  regionChoices,
  onApply,
}: {
  value: Filters;
  regionChoices: readonly RegionChoice[];
  onApply: (next: Filters) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value.q ?? '');
  const [sector, setSector] = useState<string>(value.sector ?? '');
  const [kind, setKind] = useState<string>(value.kind ?? '');
  const [regionId, setRegionId] = useState(value.regionId ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({
      q: q.trim() || undefined,
      sector: (sector || undefined) as Sector | undefined,
      kind: (kind || undefined) as OrganisationKind | undefined,
      regionId: regionId || undefined,
    });
  }

  function clear() {
    setQ('');
    setSector('');
    setKind('');
    setRegionId('');
    onApply({});
  }

  return (
    <form className="filters" role="search" aria-label={t('organisations.filters')} onSubmit={submit}>
      <TextField
        id="org-q"
        label={t('organisations.searchLabel')}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="filters__wide"
      />
      <SelectField
        id="org-sector"
        label={t('organisations.filterSector')}
        placeholder={t('organisations.filterAll')}
        options={sectors.map((s) => ({ value: s, label: t(`enums.sector.${s}`) }))}
        value={sector}
        onChange={(e) => setSector(e.target.value)}
      />
      <SelectField
        id="org-kind"
        label={t('organisations.filterKind')}
        placeholder={t('organisations.filterAll')}
        options={organisationKinds.map((k) => ({ value: k, label: t(`enums.organisationKind.${k}`) }))}
        value={kind}
        onChange={(e) => setKind(e.target.value)}
      />
      <SelectField
        id="org-region"
        label={t('organisations.filterRegion')}
        placeholder={t('organisations.filterAll')}
        // Non-breaking spaces indent the tree inside a native select.
        options={regionChoices.map((r) => ({
          value: r.id,
          label: `${'\u00a0\u00a0'.repeat(r.depth)}${r.name}`,
        }))}
        value={regionId}
        onChange={(e) => setRegionId(e.target.value)}
      />
      <div className="filters__actions button-row">
        <Button type="submit" variant="primary">
          {t('common.search')}
        </Button>
        <Button onClick={clear} variant="quiet">
          {t('common.clear')}
        </Button>
      </div>
    </form>
  );
}
