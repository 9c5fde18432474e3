import type { Organisation, OrganisationKind, Sector } from '@tsunagu/contract';
import { CreateOrganisationBody } from '@tsunagu/contract/organisations';
import { organisationKinds, sectors } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, fieldId, useFormProblems } from '../../../components/ui/form.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useCreateOrganisation, useUpdateOrganisation } from '../api/organisations.ts';
import {
  BusinessHoursEditor,
  fromEditable,
  rangeOrderErrors,
  toEditable,
  type EditableRange,
} from './business-hours-editor.tsx';
import { RegionChecklist } from './region-checklist.tsx';
import type { RegionChoice } from './region-choices.ts';

const FORM_ID = 'organisation';

interface Props {
  /** The organisation to edit; absent to register a new one. */
  organisation?: Organisation;
  regionChoices: readonly RegionChoice[];
  onSaved: (organisation: Organisation) => void;
  cancelTo: string;
}

/** Registers or edits an organisation: identity, areas served, contact and business hours. */
export function OrganisationForm({ organisation, regionChoices, onSaved, cancelTo }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(organisation?.name ?? '');
  const [kana, setKana] = useState(organisation?.kana ?? '');
  const [sector, setSector] = useState<string>(organisation?.sector ?? '');
  const [kind, setKind] = useState<string>(organisation?.kind ?? '');
  const [regionIds, setRegionIds] = useState<string[]>(organisation?.regionIds ?? []);
  const [postalCode, setPostalCode] = useState(organisation?.postalCode ?? '');
  const [address, setAddress] = useState(organisation?.address ?? '');
  const [phone, setPhone] = useState(organisation?.phone ?? '');
  const [fax, setFax] = useState(organisation?.fax ?? '');
  const [hours, setHours] = useState<EditableRange[]>(() => toEditable(organisation?.businessHours ?? []));
  const form = useFormProblems(FORM_ID);
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation(organisation?.id ?? '');

  const labels = {
    name: t('organisations.name'),
    kana: t('organisations.kana'),
    sector: t('organisations.sector'),
    kind: t('organisations.kind'),
    regionIds: t('organisations.regions'),
    postalCode: t('organisations.postalCode'),
    address: t('organisations.address'),
    phone: t('organisations.phone'),
    fax: t('organisations.fax'),
    opensAt: t('organisations.opensAt'),
    closesAt: t('organisations.closesAt'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      name: name.trim(),
      kana: kana.trim(),
      sector: sector as Sector,
      kind: kind as OrganisationKind,
      regionIds,
      postalCode: emptyToNull(postalCode),
      address: emptyToNull(address),
      phone: emptyToNull(phone),
      fax: emptyToNull(fax),
      businessHours: fromEditable(hours),
    };
    const errors = {
      ...(await validateAgainst(CreateOrganisationBody, body, labels)),
      ...rangeOrderErrors(hours, t('validation.timeOrder')),
    };
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    const options = { onSuccess: onSaved, onError: form.failRequest };
    if (organisation) update.mutate(body, options);
    else create.mutate(body, options);
  }

  const regionsError = Object.entries(form.problems.fields).find(
    ([f]) => f === 'regionIds' || f.startsWith('regionIds.'),
  )?.[1];

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack stack--large">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <Fieldset legend={t('organisations.basics')}>
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
              {...form.field('sector')}
              label={labels.sector}
              required
              placeholder={t('validation.choose', { field: labels.sector })}
              options={sectors.map((s) => ({ value: s, label: t(`enums.sector.${s}`) }))}
              value={sector}
              onChange={(e) => setSector(e.target.value)}
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

      <Fieldset legend={labels.regionIds}>
        <p className="field__hint">{t('organisations.regionsHint')}</p>
        <RegionChecklist
          id={fieldId(FORM_ID, 'regionIds')}
          idPrefix={FORM_ID}
          choices={regionChoices}
          value={regionIds}
          onChange={setRegionIds}
          error={regionsError}
        />
      </Fieldset>

      <Fieldset legend={t('organisations.contact')}>
        <div className="stack">
          <TextField
            {...form.field('postalCode')}
            label={labels.postalCode}
            hint={t('organisations.postalCodeHint')}
            inputMode="numeric"
            autoComplete="postal-code"
            className="field--short"
            maxLength={8}
            value={postalCode}
            onChange={(e) => setPostalCode(e.target.value)}
          />
          <TextField
            {...form.field('address')}
            label={labels.address}
            maxLength={300}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
          <div className="grid-2">
            <TextField
              {...form.field('phone')}
              label={labels.phone}
              hint={t('organisations.phoneHint')}
              type="tel"
              maxLength={20}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
            <TextField
              {...form.field('fax')}
              label={labels.fax}
              hint={t('organisations.phoneHint')}
              type="tel"
              maxLength={20}
              value={fax}
              onChange={(e) => setFax(e.target.value)}
            />
          </div>
        </div>
      </Fieldset>

      <Fieldset legend={t('organisations.businessHours')}>
        <BusinessHoursEditor formId={FORM_ID} value={hours} onChange={setHours} errorOf={form.errorOf} />
      </Fieldset>

      <div className="button-row">
        <Button
          type="submit"
          variant="primary"
          busy={create.isPending || update.isPending}
          busyLabel={t('common.saving')}
        >
          {organisation ? t('common.save') : t('organisations.create')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}
