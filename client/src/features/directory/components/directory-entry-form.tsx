import type {
  AccessibilityFeature,
  CreateDirectoryEntryBody,
  DirectoryCategory,
  DirectoryEntry,
  DirectoryLanguage,
  LiaisonChannel,
  OrganisationKind,
  Remit,
  ServiceType,
  UpdateDirectoryEntryBody,
} from '@tsunagu/contract';
import { CreateDirectoryEntryBody as CreateSchema } from '@tsunagu/contract/directory';
import {
  accessibilityFeatures,
  directoryCategories,
  directoryLanguages,
  remits,
  serviceTypes,
} from '@tsunagu/contract/directory-vocabulary';
import { organisationKinds } from '@tsunagu/contract/enums';
import { liaisonChannels } from '@tsunagu/contract/liaison';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, fieldId, useFormProblems } from '../../../components/ui/form.tsx';
import { CheckboxGroup, RadioGroup } from '../../../components/ui/radio-group.tsx';
import { coordinateProblem, numberOrNull, textOfNumber } from '../../../lib/coordinates.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import {
  BusinessHoursEditor,
  fromEditable,
  rangeOrderErrors,
  toEditable,
  type EditableRange,
} from '../../organisations/components/business-hours-editor.tsx';
import { RegionChecklist } from '../../organisations/components/region-checklist.tsx';
import type { RegionChoice } from '../../organisations/components/region-choices.ts';
import { useCreateDirectoryEntry, useUpdateDirectoryEntry } from '../api/directory.ts';

const FORM_ID = 'directory-entry';

/** The fields of a correction that differ from the entry as it stands (the audit names them). */
function changedFields(body: CreateDirectoryEntryBody, entry: DirectoryEntry): UpdateDirectoryEntryBody {
  const current: Record<string, unknown> = entry;
  return Object.fromEntries(
    Object.entries(body).filter(([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify(current[k] ?? null)),
  );
}

/**
 * Enters an entry by hand (system admins) or corrects one (its organisation, system admins): what
 * it is, what it offers and handles, where, how to reach it, using it, and its weekly hours.
 * Saving a correction also confirms the entry in the saver's name.
 */
export function DirectoryEntryForm({
  entry,
  regionChoices,
  cancelTo,
  onSaved,
}: {
  entry?: DirectoryEntry;
  regionChoices: readonly RegionChoice[];
  cancelTo: string;
  onSaved: (entry: DirectoryEntry) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(entry?.name ?? '');
  const [kana, setKana] = useState(entry?.kana ?? '');
  const [category, setCategory] = useState<string>(entry?.category ?? '');
  const [kind, setKind] = useState<string>(entry?.kind ?? '');
  const [services, setServices] = useState<string[]>(entry?.serviceTypes ?? []);
  const [remitValues, setRemitValues] = useState<string[]>(entry?.remits ?? []);
  const [regionIds, setRegionIds] = useState<string[]>(entry?.regionIds ?? []);
  const [address, setAddress] = useState(entry?.address ?? '');
  const [latitude, setLatitude] = useState(textOfNumber(entry?.latitude));
  const [longitude, setLongitude] = useState(textOfNumber(entry?.longitude));
  const [phone, setPhone] = useState(entry?.phone ?? '');
  const [fax, setFax] = useState(entry?.fax ?? '');
  const [url, setUrl] = useState(entry?.url ?? '');
  const [channel, setChannel] = useState<string>(entry?.preferredChannel ?? '');
  const [capacity, setCapacity] = useState(textOfNumber(entry?.capacity));
  const [accepts, setAccepts] = useState(
    entry?.acceptsNewUsers === true ? 'yes' : entry?.acceptsNewUsers === false ? 'no' : 'unknown',
  );
  const [trialStay, setTrialStay] = useState(entry?.offersTrialStay ?? false);
  const [accessibility, setAccessibility] = useState<string[]>(entry?.accessibility ?? []);
  const [languages, setLanguages] = useState<string[]>(entry?.languages ?? ['ja']);
  const [referralNote, setReferralNote] = useState(entry?.referralNote ?? '');
  const [notes, setNotes] = useState(entry?.notes ?? '');
  const [hours, setHours] = useState<EditableRange[]>(() => toEditable(entry?.businessHours ?? []));
  const [closesOnHolidays, setClosesOnHolidays] = useState(entry?.closesOnHolidays ?? true);
  const form = useFormProblems(FORM_ID);
  const create = useCreateDirectoryEntry();
  const update = useUpdateDirectoryEntry(entry?.id ?? '');
  const f = (key: 'name' | 'kana' | 'category' | 'kind' | 'address' | 'latitude' | 'longitude') =>
    t(`directory.form.${key}`);
  const labels = {
    name: f('name'),
    kana: f('kana'),
    category: f('category'),
    kind: f('kind'),
    address: f('address'),
    latitude: f('latitude'),
    longitude: f('longitude'),
    phone: t('directory.form.phone'),
    fax: t('directory.form.fax'),
    url: t('directory.form.url'),
    capacity: t('directory.form.capacity'),
    referralNote: t('directory.form.referralNote'),
    notes: t('directory.form.notes'),
    opensAt: t('organisations.opensAt'),
    closesAt: t('organisations.closesAt'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: CreateDirectoryEntryBody = {
      name: name.trim(),
      kana: kana.trim(),
      category: category as DirectoryCategory,
      kind: kind as OrganisationKind,
      serviceTypes: services as ServiceType[],
      remits: remitValues as Remit[],
      regionIds,
      address: emptyToNull(address),
      latitude: numberOrNull(latitude),
      longitude: numberOrNull(longitude),
      phone: emptyToNull(phone),
      fax: emptyToNull(fax),
      url: emptyToNull(url),
      preferredChannel: (channel || null) as LiaisonChannel | null,
      capacity: numberOrNull(capacity),
      acceptsNewUsers: accepts === 'unknown' ? null : accepts === 'yes',
      offersTrialStay: trialStay,
      accessibility: accessibility as AccessibilityFeature[],
      languages: languages as DirectoryLanguage[],
      referralNote: emptyToNull(referralNote),
      notes: emptyToNull(notes),
      businessHours: fromEditable(hours),
      closesOnHolidays,
    };
    const errors = {
      ...(await validateAgainst(CreateSchema, body, labels)),
      ...rangeOrderErrors(hours, t('validation.timeOrder')),
    };
    const problem =
      errors.latitude || errors.longitude ? null : coordinateProblem(body.latitude, body.longitude);
    if (problem === 'outside_japan') errors.latitude = t('directory.form.coordinatesOutsideJapan');
    else if (problem === 'latitude_missing')
      errors.latitude = t('validation.empty', { field: labels.latitude });
    else if (problem === 'longitude_missing')
      errors.longitude = t('validation.empty', { field: labels.longitude });
    if (channel === 'fax' && !body.fax) errors.fax = t('directory.form.faxRequired');
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    const options = { onSuccess: onSaved, onError: form.failRequest };
    if (entry) update.mutate(changedFields(body, entry), options);
    else create.mutate(body, options);
  }

  const regionsError = Object.entries(form.problems.fields).find(
    ([k]) => k === 'regionIds' || k.startsWith('regionIds.'),
  )?.[1];
  const errorUnder = (prefix: string) =>
    Object.entries(form.problems.fields).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack stack--large">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <Fieldset legend={t('directory.form.basics')}>
        <div className="stack">
          <TextField
            {...form.field('name')}
            label={labels.name}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <TextField
            {...form.field('kana')}
            label={labels.kana}
            required
            maxLength={300}
            value={kana}
            onChange={(e) => setKana(e.target.value)}
          />
          <div className="grid-2">
            <SelectField
              {...form.field('category')}
              label={labels.category}
              required
              placeholder={t('validation.choose', { field: labels.category })}
              options={directoryCategories.map((c) => ({ value: c, label: t(`directory.categories.${c}`) }))}
              value={category}
              onChange={(e) => setCategory(e.target.value)}
            />
            <SelectField
              {...form.field('kind')}
              label={labels.kind}
              required
              placeholder={t('validation.choose', { field: labels.kind })}
              options={organisationKinds.map((k) => ({ value: k, label: t(`enums.organisationKind.${k}`) }))}
              value={kind}
              onChange={(e) => setKind(e.target.value)}
            />
          </div>
        </div>
      </Fieldset>

      <Fieldset legend={t('directory.form.services')}>
        <div className="stack">
          <details className="disclosure" open={services.length > 0 || undefined}>
            <summary>
              {t('directory.form.serviceTypes')}
              {services.length ? t('common.paren', { text: String(services.length) }) : null}
            </summary>
            <CheckboxGroup
              id={fieldId(FORM_ID, 'serviceTypes')}
              legend={t('directory.form.serviceTypes')}
              hint={t('directory.form.serviceTypesHint')}
              error={errorUnder('serviceTypes')}
              options={serviceTypes.map((s) => ({ value: s, label: t(`directory.serviceTypes.${s}`) }))}
              values={services}
              onChange={setServices}
              columns
            />
          </details>
          <CheckboxGroup
            id={fieldId(FORM_ID, 'remits')}
            legend={t('directory.form.remits')}
            error={errorUnder('remits')}
            options={remits.map((r) => ({ value: r, label: t(`directory.remits.${r}`) }))}
            values={remitValues}
            onChange={setRemitValues}
            columns
          />
        </div>
      </Fieldset>

      <Fieldset legend={t('directory.form.regions')}>
        <p className="field__hint">{t('directory.form.regionsHint')}</p>
        <RegionChecklist
          id={fieldId(FORM_ID, 'regionIds')}
          idPrefix={FORM_ID}
          choices={regionChoices}
          value={regionIds}
          onChange={setRegionIds}
          error={regionsError}
        />
      </Fieldset>

      <Fieldset legend={t('directory.form.contact')}>
        <div className="stack">
          <TextField
            {...form.field('address')}
            label={labels.address}
            maxLength={300}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
          <div className="grid-2">
            <TextField
              {...form.field('latitude')}
              label={labels.latitude}
              hint={t('directory.form.coordinatesHint')}
              inputMode="decimal"
              value={latitude}
              onChange={(e) => setLatitude(e.target.value)}
            />
            <TextField
              {...form.field('longitude')}
              label={labels.longitude}
              inputMode="decimal"
              value={longitude}
              onChange={(e) => setLongitude(e.target.value)}
            />
          </div>
          <div className="grid-2">
            <TextField
              {...form.field('phone')}
              label={labels.phone}
              hint={t('directory.form.phoneHint')}
              type="tel"
              maxLength={20}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
            <TextField
              {...form.field('fax')}
              label={labels.fax}
              hint={t('directory.form.phoneHint')}
              type="tel"
              maxLength={20}
              value={fax}
              onChange={(e) => setFax(e.target.value)}
            />
          </div>
          <TextField
            {...form.field('url')}
            label={labels.url}
            type="url"
            maxLength={500}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <SelectField
            {...form.field('preferredChannel')}
            label={t('directory.form.preferredChannel')}
            placeholder={t('directory.form.preferredChannelNone')}
            options={liaisonChannels.map((c) => ({ value: c, label: t(`directory.channels.${c}`) }))}
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
          />
        </div>
      </Fieldset>

      <Fieldset legend={t('directory.form.use')}>
        <div className="stack">
          <TextField
            {...form.field('capacity')}
            label={labels.capacity}
            inputMode="numeric"
            className="field--short"
            value={capacity}
            onChange={(e) => setCapacity(e.target.value)}
          />
          <RadioGroup
            id={fieldId(FORM_ID, 'acceptsNewUsers')}
            legend={t('directory.form.acceptsNewUsers')}
            inline
            options={[
              { value: 'yes', label: t('directory.entry.acceptsYes') },
              { value: 'no', label: t('directory.entry.acceptsNo') },
              { value: 'unknown', label: t('directory.form.acceptsUnknown') },
            ]}
            value={accepts}
            onChange={setAccepts}
          />
          <CheckboxField
            {...form.field('offersTrialStay')}
            label={t('directory.form.offersTrialStay')}
            checked={trialStay}
            onChange={(e) => setTrialStay(e.target.checked)}
          />
          <CheckboxGroup
            id={fieldId(FORM_ID, 'accessibility')}
            legend={t('directory.form.accessibility')}
            options={accessibilityFeatures.map((a) => ({
              value: a,
              label: t(`directory.accessibility.${a}`),
            }))}
            values={accessibility}
            onChange={setAccessibility}
            columns
          />
          <CheckboxGroup
            id={fieldId(FORM_ID, 'languages')}
            legend={t('directory.form.languages')}
            options={directoryLanguages.map((l) => ({ value: l, label: t(`directory.languages.${l}`) }))}
            values={languages}
            onChange={setLanguages}
            columns
          />
          <TextAreaField
            {...form.field('referralNote')}
            label={labels.referralNote}
            rows={3}
            maxLength={1000}
            value={referralNote}
            onChange={(e) => setReferralNote(e.target.value)}
          />
          <TextAreaField
            {...form.field('notes')}
            label={labels.notes}
            rows={3}
            maxLength={2000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </div>
      </Fieldset>

      <Fieldset legend={t('directory.form.hours')}>
        <div className="stack">
          <BusinessHoursEditor formId={FORM_ID} value={hours} onChange={setHours} errorOf={form.errorOf} />
          <CheckboxField
            {...form.field('closesOnHolidays')}
            label={t('directory.form.closesOnHolidays')}
            checked={closesOnHolidays}
            onChange={(e) => setClosesOnHolidays(e.target.checked)}
          />
        </div>
      </Fieldset>

      {entry ? <p className="muted">{t('directory.form.confirmNote')}</p> : null}
      <div className="button-row">
        <Button
          type="submit"
          variant="primary"
          busy={create.isPending || update.isPending}
          busyLabel={t('common.saving')}
        >
          {entry ? t('common.save') : t('directory.form.create')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}
