import type { MembershipRole, Profession } from '@tsunagu/contract';
import { AddMemberByEmailBody } from '@tsunagu/contract/staff';
import { membershipRoles, professions } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useAddMember } from '../api/staff.ts';

const FORM_ID = 'add-member';

/** Adds an account that already exists (e.g. someone moving from another office) by e-mail. */
export function AddMemberDialog({
  organisationId,
  organisationName,
  onClose,
  onAdded,
}: {
  organisationId: string;
  organisationName: string;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [profession, setProfession] = useState('');
  const [role, setRole] = useState<string>('staff');
  const form = useFormProblems(FORM_ID);
  const add = useAddMember();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { email: email.trim(), profession: profession as Profession, role: role as MembershipRole };
    const errors = await validateAgainst(AddMemberByEmailBody, body, {
      email: t('staff.email'),
      profession: t('staff.profession'),
      role: t('staff.role'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    add.mutate({ organisationId, body }, { onSuccess: onAdded, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('staff.addExistingTitle')}
      submitLabel={t('common.add')}
      busy={add.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <p>
        {t('staff.addMembershipLead')} <strong>{organisationName}</strong>
      </p>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('email')}
        label={t('staff.email')}
        type="email"
        inputMode="email"
        spellCheck={false}
        required
        autoFocus
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <SelectField
        {...form.field('profession')}
        label={t('staff.profession')}
        required
        placeholder={t('validation.choose', { field: t('staff.profession') })}
        options={professions.map((p) => ({ value: p, label: t(`enums.profession.${p}`) }))}
        value={profession}
        onChange={(e) => setProfession(e.target.value)}
      />
      <SelectField
        {...form.field('role')}
        label={t('staff.role')}
        required
        options={membershipRoles.map((r) => ({ value: r, label: t(`enums.membershipRole.${r}`) }))}
        value={role}
        onChange={(e) => setRole(e.target.value)}
      />
    </FormDialog>
  );
}
