import type { CreatedStaff, MembershipRole, Profession } from '@tsunagu/contract';
import { CreateStaffBody } from '@tsunagu/contract/staff';
import { membershipRoles, professions } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useCreateStaff } from '../api/staff.ts';
import type { OrganisationChoice } from './organisation-choice.ts';

const FORM_ID = 'staff-create';

/** Creates a staff account in one of the organisations whose staff the caller manages. */
export function StaffCreateForm({
  organisations,
  defaultOrganisationId,
  onCreated,
  cancelTo,
}: {
  organisations: readonly OrganisationChoice[];
  defaultOrganisationId: string | null;
  onCreated: (created: CreatedStaff) => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const manageable = organisations.filter((o) => o.canManageStaff);
  const initialOrg =
    manageable.find((o) => o.id === defaultOrganisationId)?.id ??
    (manageable.length === 1 ? (manageable[0]?.id ?? '') : '');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [kana, setKana] = useState('');
  const [organisationId, setOrganisationId] = useState(initialOrg);
  const [profession, setProfession] = useState('');
  const [role, setRole] = useState<string>('staff');
  const [initialPassword, setInitialPassword] = useState('');
  const form = useFormProblems(FORM_ID);
  const create = useCreateStaff();

  const labels = {
    email: t('staff.email'),
    displayName: t('staff.displayName'),
    kana: t('staff.kana'),
    organisationId: t('staff.organisation'),
    profession: t('staff.profession'),
    role: t('staff.role'),
    initialPassword: t('staff.initialPassword'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      email: email.trim(),
      displayName: displayName.trim(),
      kana: kana.trim(),
      organisationId,
      profession: profession as Profession,
      role: role as MembershipRole,
      ...(initialPassword ? { initialPassword } : {}),
    };
    const errors = await validateAgainst(CreateStaffBody, body, labels);
    // An unchosen organisation is "choose one", not "not a UUID".
    if (!organisationId) errors.organisationId = t('validation.choose', { field: labels.organisationId });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    create.mutate(body, { onSuccess: onCreated, onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('displayName')}
        label={labels.displayName}
        required
        maxLength={100}
        autoComplete="off"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      <TextField
        {...form.field('kana')}
        label={labels.kana}
        required
        maxLength={200}
        autoComplete="off"
        value={kana}
        onChange={(e) => setKana(e.target.value)}
      />
      <TextField
        {...form.field('email')}
        label={labels.email}
        type="email"
        inputMode="email"
        autoComplete="off"
        spellCheck={false}
        required
        maxLength={254}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <SelectField
        {...form.field('organisationId')}
        label={labels.organisationId}
        required
        placeholder={t('validation.choose', { field: labels.organisationId })}
        options={manageable.map((o) => ({ value: o.id, label: o.name }))}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
      />
      <div className="grid-2">
        <SelectField
          {...form.field('profession')}
          label={labels.profession}
          required
          placeholder={t('validation.choose', { field: labels.profession })}
          options={professions.map((p) => ({ value: p, label: t(`enums.profession.${p}`) }))}
          value={profession}
          onChange={(e) => setProfession(e.target.value)}
        />
        <SelectField
          {...form.field('role')}
          label={labels.role}
          required
          options={membershipRoles.map((r) => ({ value: r, label: t(`enums.membershipRole.${r}`) }))}
          value={role}
          onChange={(e) => setRole(e.target.value)}
        />
      </div>
      <TextField
        {...form.field('initialPassword')}
        label={labels.initialPassword}
        hint={t('staff.initialPasswordHint')}
        type="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={128}
        value={initialPassword}
        onChange={(e) => setInitialPassword(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={create.isPending} busyLabel={t('common.saving')}>
          {t('staff.create')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}
