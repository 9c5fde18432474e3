import type { StaffMember } from '@tsunagu/contract';
import { UpdateStaffBody } from '@tsunagu/contract/staff';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useUpdateStaff } from '../api/staff.ts';

const FORM_ID = 'staff-edit';

/** Name, reading and e-mail of an account. */
export function StaffEditForm({
  staff,
  onSaved,
  cancelTo,
}: {
  staff: StaffMember;
  onSaved: () => void;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(staff.email);
  const [displayName, setDisplayName] = useState(staff.displayName);
  const [kana, setKana] = useState(staff.kana);
  const form = useFormProblems(FORM_ID);
  const update = useUpdateStaff(staff.id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { email: email.trim(), displayName: displayName.trim(), kana: kana.trim() };
    const errors = await validateAgainst(UpdateStaffBody, body, {
      email: t('staff.email'),
      displayName: t('staff.displayName'),
      kana: t('staff.kana'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    update.mutate(body, { onSuccess: onSaved, onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('displayName')}
        label={t('staff.displayName')}
        required
        maxLength={100}
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      <TextField
        {...form.field('kana')}
        label={t('staff.kana')}
        required
        maxLength={200}
        value={kana}
        onChange={(e) => setKana(e.target.value)}
      />
      <TextField
        {...form.field('email')}
        label={t('staff.email')}
        type="email"
        inputMode="email"
        spellCheck={false}
        required
        maxLength={254}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={update.isPending} busyLabel={t('common.saving')}>
          {t('common.save')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}
