import type { DirectoryCategory, DirectorySort, Remit, ServiceType } from '@tsunagu/contract';
import {
  directoryCategories,
  directorySorts,
  remits,
  serviceTypes,
} from '@tsunagu/contract/directory-vocabulary';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextField } from '../../../components/ui/field.tsx';
import { timeInTokyo, todayInTokyo, tokyoDateTime } from '../../../lib/format.ts';
import type { RegionChoice } from '../../organisations/components/region-choices.ts';
import type { DirectoryFilters } from '../api/directory.ts';
import { hasOrigin } from '../api/directory-url.ts';

const distances = [1, 3, 5, 10, 20, 50];

/** 'YYYY-MM-DDTHH:MM' in Tokyo, for a datetime-local input. */
const localOf = (iso: string | undefined) =>
  iso ? `${todayInTokyo(new Date(iso))}T${timeInTokyo(iso)}` : '';
/** A datetime-local value read as Tokyo time (whatever the device's zone). */
const isoOf = (local: string) => {
  const [day, time] = local.split('T');
  return day && time ? tokyoDateTime(day, time) : undefined;
};

/**
 * The directory's search: words, what it is, where, open now or at a time, near an area's centre,
 * and the rarer filters folded under 「さらに絞り込む」 so a phone shows the list soon. Applied on
 * submit, so typing never reloads the list.
 */
export function DirectorySearchForm({
  value,
  regionChoices,
  nearAreas,
  nearEntryName,
  onApply,
}: {
  value: DirectoryFilters;
  regionChoices: readonly RegionChoice[];
  /** 日常生活圏域 with a centre, as the origin of a search by distance. */
  nearAreas: readonly { id: string; label: string }[];
  /** The entry the search measures from ("この近くを探す"), if any. */
  nearEntryName: string | null;
  onApply: (next: DirectoryFilters) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value.q ?? '');
  const [category, setCategory] = useState<string>(value.category ?? '');
  const [regionId, setRegionId] = useState(value.regionId ?? '');
  const [openNow, setOpenNow] = useState(value.openNow ?? false);
  const [nearRegionId, setNearRegionId] = useState(value.nearRegionId ?? '');
  const [nearOrganisationId, setNearOrganisationId] = useState(value.nearOrganisationId ?? '');
  const [serviceType, setServiceType] = useState<string>(value.serviceType ?? '');
  const [remit, setRemit] = useState<string>(value.remit ?? '');
  const [at, setAt] = useState(localOf(value.at));
  const [withinKm, setWithinKm] = useState(value.withinKm ? String(value.withinKm) : '');
  const [sort, setSort] = useState<string>(value.sort ?? '');
  const [acceptsNewUsers, setAcceptsNewUsers] = useState(value.acceptsNewUsers ?? false);
  const [trialStay, setTrialStay] = useState(value.trialStay ?? false);
  const [onTsunagu, setOnTsunagu] = useState(value.onTsunagu ?? false);
  const moreChosen = Boolean(
    value.serviceType ||
    value.remit ||
    value.at ||
    value.withinKm ||
    value.sort ||
    value.acceptsNewUsers ||
    value.trialStay ||
    value.onTsunagu,
  );
  const origin = hasOrigin({ nearOrganisationId, nearRegionId: nearRegionId || undefined });

  function submit(event: FormEvent) {
    event.preventDefault();
    const measured = Boolean(nearOrganisationId || nearRegionId);
    onApply({
      q: q.trim() || undefined,
      category: (category || undefined) as DirectoryCategory | undefined,
      regionId: regionId || undefined,
      openNow: openNow || undefined,
      // One origin at a time: an area chosen here replaces the entry the search started from.
      nearRegionId: nearRegionId || undefined,
      nearOrganisationId: nearRegionId ? undefined : nearOrganisationId || undefined,
      serviceType: (serviceType || undefined) as ServiceType | undefined,
      remit: (remit || undefined) as Remit | undefined,
      at: isoOf(at),
      withinKm: measured && withinKm ? Number(withinKm) : undefined,
      sort: (sort === 'distance' && !measured ? undefined : sort || undefined) as DirectorySort | undefined,
      acceptsNewUsers: acceptsNewUsers || undefined,
      trialStay: trialStay || undefined,
      onTsunagu: onTsunagu || undefined,
    });
  }

  function clear() {
    for (const set of [setQ, setCategory, setRegionId, setNearRegionId, setNearOrganisationId]) set('');
    for (const set of [setServiceType, setRemit, setAt, setWithinKm, setSort]) set('');
    for (const set of [setOpenNow, setAcceptsNewUsers, setTrialStay, setOnTsunagu]) set(false);
    onApply({});
  }

  return (
    <form
      className="filters directory-filters"
      role="search"
      aria-label={t('directory.search.filters')}
      onSubmit={submit}
    >
      <TextField
        id="directory-q"
        label={t('directory.search.q')}
        hint={t('directory.search.qHint')}
        type="search"
        maxLength={100}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="filters__wide"
      />
      <SelectField
        id="directory-category"
        label={t('directory.search.category')}
        placeholder={t('directory.search.all')}
        options={directoryCategories.map((c) => ({ value: c, label: t(`directory.categories.${c}`) }))}
        value={category}
        onChange={(e) => setCategory(e.target.value)}
      />
      <SelectField
        id="directory-region"
        label={t('directory.search.region')}
        placeholder={t('directory.search.all')}
        options={regionChoices.map((r) => ({
          value: r.id,
          label: `${'\u00a0\u00a0'.repeat(r.depth)}${r.name}`,
        }))}
        value={regionId}
        onChange={(e) => setRegionId(e.target.value)}
      />
      {nearAreas.length ? (
        <SelectField
          id="directory-near-area"
          label={t('directory.search.nearArea')}
          placeholder={t('directory.search.nearAreaNone')}
          options={nearAreas.map((a) => ({ value: a.id, label: a.label }))}
          value={nearRegionId}
          onChange={(e) => setNearRegionId(e.target.value)}
        />
      ) : null}
      <CheckboxField
        id="directory-open-now"
        label={t('directory.search.openNow')}
        checked={openNow}
        onChange={(e) => setOpenNow(e.target.checked)}
        className="directory-filters__check"
      />
      {nearEntryName && nearOrganisationId && !nearRegionId ? (
        <p className="directory-filters__origin filters__actions">
          <span>{t('directory.search.nearEntry', { name: nearEntryName })}</span>{' '}
          <Button small variant="quiet" onClick={() => setNearOrganisationId('')}>
            {t('directory.search.nearEntryClear')}
          </Button>
        </p>
      ) : null}
      <details className="disclosure filters__actions" open={moreChosen || undefined}>
        <summary>{t('directory.search.more')}</summary>
        <div className="directory-filters__more">
          <SelectField
            id="directory-service-type"
            label={t('directory.search.serviceType')}
            placeholder={t('directory.search.all')}
            options={serviceTypes.map((s) => ({ value: s, label: t(`directory.serviceTypes.${s}`) }))}
            value={serviceType}
            onChange={(e) => setServiceType(e.target.value)}
          />
          <SelectField
            id="directory-remit"
            label={t('directory.search.remit')}
            placeholder={t('directory.search.all')}
            options={remits.map((r) => ({ value: r, label: t(`directory.remits.${r}`) }))}
            value={remit}
            onChange={(e) => setRemit(e.target.value)}
          />
          <TextField
            id="directory-at"
            label={t('directory.search.at')}
            hint={t('directory.search.atHint')}
            type="datetime-local"
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
          {origin ? (
            <SelectField
              id="directory-within"
              label={t('directory.search.withinKm')}
              placeholder={t('directory.search.withinAny')}
              options={distances.map((km) => ({
                value: String(km),
                label: t('directory.search.withinValue', { km }),
              }))}
              value={withinKm}
              onChange={(e) => setWithinKm(e.target.value)}
            />
          ) : null}
          <SelectField
            id="directory-sort"
            label={t('directory.search.sort')}
            options={directorySorts
              .filter((s) => s !== 'distance' || origin)
              .map((s) => ({ value: s, label: t(`directory.sorts.${s}`) }))}
            placeholder={t('directory.search.sortDefault')}
            value={sort}
            onChange={(e) => setSort(e.target.value)}
          />
          <CheckboxField
            id="directory-accepts"
            label={t('directory.search.acceptsNewUsers')}
            checked={acceptsNewUsers}
            onChange={(e) => setAcceptsNewUsers(e.target.checked)}
          />
          <CheckboxField
            id="directory-trial"
            label={t('directory.search.trialStay')}
            checked={trialStay}
            onChange={(e) => setTrialStay(e.target.checked)}
          />
          <CheckboxField
            id="directory-on-tsunagu"
            label={t('directory.search.onTsunagu')}
            checked={onTsunagu}
            onChange={(e) => setOnTsunagu(e.target.checked)}
          />
        </div>
      </details>
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
