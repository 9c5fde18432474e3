import type { AddMemberResult, MembershipRole, Profession } from '@tsunagu/contract';
import { INVITATION_DAYS } from '@tsunagu/contract/invitations';
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

/**
 * Brings in someone who already has an account (e.g. staff of another office) by e-mail: an
 * organisation admin sends an invitation its owner accepts, and is told the same whether or not
 * the address has an account; a system admin (`direct`) adds the account at once.
 */
export function AddMemberDialog({
  organisationId,
  organisationName,
  direct,
  onClose,
  onAdded,
}: {
  organisationId: string;
  organisationName: string;
  direct: boolean;
  onClose: () => void;
  onAdded: (result: AddMemberResult) => void;
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
      title={direct ? t('staff.addExistingTitle') : t('invitations.inviteTitle')}
      submitLabel={direct ? t('common.add') : t('invitations.send')}
      busy={add.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      {direct ? (
        <p>
          {t('staff.addMembershipLead')} <strong>{organisationName}</strong>
        </p>
      ) : (
        <p>{t('invitations.inviteLead', { organisation: organisationName })}</p>
      )}
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('email')}
        label={t('staff.email')}
        hint={direct ? undefined : t('invitations.inviteHint', { days: INVITATION_DAYS })}
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
