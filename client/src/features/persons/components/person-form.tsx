import type { PersonIdentity, PersonOverview, TeamRole } from '@tsunagu/contract';
import { RegisterPersonBody, UpdatePersonBody } from '@tsunagu/contract/persons';
import { teamRoles } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRegisterPerson, useUpdatePerson } from '../api/persons.ts';

/** A daily-life area as the form offers it, with the municipality it belongs to. */
export interface AreaChoice {
  id: string;
  label: string;
  municipalityId: string | null;
}

export interface MunicipalityChoice {
  id: string;
  label: string;
}

const FORM_ID = 'person';

/** 本人の登録 (no `person`) or 基本情報の変更. */
export function PersonForm({
  person,
  areas,
  municipalities,
  onSaved,
  cancelTo,
}: {
  person?: { id: string; identity: PersonIdentity };
  areas: readonly AreaChoice[];
  municipalities: readonly MunicipalityChoice[];
  onSaved: (overview: PersonOverview) => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const identity = person?.identity;
  const [name, setName] = useState(identity?.name ?? '');
  const [kana, setKana] = useState(identity?.kana ?? '');
  const [birthDate, setBirthDate] = useState(identity?.birthDate ?? '');
  const [phone, setPhone] = useState(identity?.phone ?? '');
  const [email, setEmail] = useState(identity?.email ?? '');
  const [address, setAddress] = useState(identity?.address ?? '');
  const [areaId, setAreaId] = useState(identity?.dailyLifeAreaId ?? '');
  const [municipalityId, setMunicipalityId] = useState(identity?.responsibleMunicipalityId ?? '');
  const [uses, setUses] = useState(identity ? String(identity.usesWelfareServices) : '');
  const [teamRole, setTeamRole] = useState('');
  const form = useFormProblems(FORM_ID);
  const register = useRegisterPerson();
  const update = useUpdatePerson(person?.id ?? '');
  const saving = register.isPending || update.isPending;

  const labels = {
    name: t('persons.name'),
    kana: t('persons.kana'),
    birthDate: t('persons.birthDate'),
    phone: t('persons.phone'),
    email: t('persons.email'),
    address: t('persons.address'),
    dailyLifeAreaId: t('persons.dailyLifeArea'),
    responsibleMunicipalityId: t('persons.municipality'),
    usesWelfareServices: t('persons.usesWelfareServices'),
    teamRole: t('persons.teamRole'),
  };

  function chooseArea(id: string) {
    setAreaId(id);
    // The area's municipality is usually the one responsible; suggest it when none is chosen yet.
    const municipality = areas.find((a) => a.id === id)?.municipalityId;
    if (municipality && !municipalityId) setMunicipalityId(municipality);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name: name.trim(),
      kana: kana.trim(),
      birthDate,
      phone: emptyToNull(phone),
      email: emptyToNull(email),
      address: emptyToNull(address),
      dailyLifeAreaId: areaId || null,
      responsibleMunicipalityId: municipalityId || null,
      ...(uses ? { usesWelfareServices: uses === 'true' } : {}),
    };
    if (person) {
      const errors = await validateAgainst(UpdatePersonBody, fields, labels);
      if (Object.keys(errors).length) return form.failFields(errors);
      form.clear();
      update.mutate(fields, { onSuccess: onSaved, onError: form.failRequest });
      return;
    }
    const body = { ...fields, teamRole: teamRole as TeamRole };
    const errors = await validateAgainst(RegisterPersonBody, body, labels);
    if (!uses) errors.usesWelfareServices = t('validation.choose', { field: labels.usesWelfareServices });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    register.mutate(body as RegisterPersonBody, { onSuccess: onSaved, onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('name')}
        label={labels.name}
        required
        maxLength={100}
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        {...form.field('kana')}
        label={labels.kana}
        hint={t('persons.kanaHint')}
        required
        maxLength={200}
        autoComplete="off"
        value={kana}
        onChange={(e) => setKana(e.target.value)}
      />
      <TextField
        {...form.field('birthDate')}
        className="field--short"
        label={labels.birthDate}
        type="date"
        required
        min="1900-01-01"
        max={todayInTokyo()}
        value={birthDate}
        onChange={(e) => setBirthDate(e.target.value)}
      />
      <Fieldset legend={t('persons.contact')} className="stack">
        <TextField
          {...form.field('phone')}
          label={labels.phone}
          hint={t('persons.phoneHint')}
          type="tel"
          inputMode="tel"
          maxLength={20}
          autoComplete="off"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <TextField
          {...form.field('email')}
          label={labels.email}
          type="email"
          inputMode="email"
          spellCheck={false}
          maxLength={254}
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          {...form.field('address')}
          label={labels.address}
          maxLength={300}
          autoComplete="off"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
      </Fieldset>
      <div className="grid-2">
        <SelectField
          {...form.field('dailyLifeAreaId')}
          label={labels.dailyLifeAreaId}
          hint={t('persons.dailyLifeAreaHint')}
          placeholder={t('common.notSet')}
          options={areas.map((a) => ({ value: a.id, label: a.label }))}
          value={areaId}
          onChange={(e) => chooseArea(e.target.value)}
        />
        <SelectField
          {...form.field('responsibleMunicipalityId')}
          label={labels.responsibleMunicipalityId}
          hint={t('persons.municipalityHint')}
          placeholder={t('common.notSet')}
          options={municipalities.map((m) => ({ value: m.id, label: m.label }))}
          value={municipalityId}
          onChange={(e) => setMunicipalityId(e.target.value)}
        />
      </div>
      <RadioGroup
        {...form.field('usesWelfareServices')}
        legend={labels.usesWelfareServices}
        required
        inline
        options={[
          { value: 'true', label: t('persons.usesYes') },
          { value: 'false', label: t('persons.usesNo') },
        ]}
        value={uses}
        onChange={setUses}
      />
      {person ? null : (
        <SelectField
          {...form.field('teamRole')}
          label={labels.teamRole}
          required
          placeholder={t('validation.choose', { field: labels.teamRole })}
          options={teamRoles.map((r) => ({ value: r, label: t(`enums.teamRole.${r}`) }))}
          value={teamRole}
          onChange={(e) => setTeamRole(e.target.value)}
        />
      )}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={saving} busyLabel={t('common.saving')}>
          {person ? t('common.save') : t('persons.registerSubmit')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}
