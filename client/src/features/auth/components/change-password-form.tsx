import { ChangePasswordBody } from '@tsunagu/contract/auth';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useChangePassword } from '../api/change-password.ts';

const FORM_ID = 'change-password';

/** Current password, new password twice. Used when forced (temporary password) and from My account. */
export function ChangePasswordForm({ onChanged, email }: { onChanged: () => void; email: string }) {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [show, setShow] = useState(false);
  const form = useFormProblems(FORM_ID);
  const change = useChangePassword();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { currentPassword, newPassword };
    const errors = await validateAgainst(ChangePasswordBody, body, {
      currentPassword: t('auth.currentPassword'),
      newPassword: t('auth.newPassword'),
    });
    if (!errors.newPassword && newPassword !== confirmation)
      errors.confirmPassword = t('validation.passwordMismatch');
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    change.mutate(body, {
      onSuccess: () => {
        setCurrent('');
        setNew('');
        setConfirmation('');
        onChanged();
      },
      onError: form.failRequest,
    });
  }

  const type = show ? 'text' : 'password';
  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-narrow">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        {...form.field('currentPassword')}
        label={t('auth.currentPassword')}
        type={type}
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <TextField
        {...form.field('newPassword')}
        label={t('auth.newPassword')}
        hint={t('auth.newPasswordHint')}
        type={type}
        autoComplete="new-password"
        required
        value={newPassword}
        onChange={(e) => setNew(e.target.value)}
      />
      <TextField
        {...form.field('confirmPassword')}
        label={t('auth.confirmPassword')}
        type={type}
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
      />
      <CheckboxField
        id={`${FORM_ID}-show`}
        label={t('auth.showPassword')}
        checked={show}
        onChange={(e) => setShow(e.target.checked)}
      />
      <div>
        <Button type="submit" variant="primary" busy={change.isPending} busyLabel={t('common.saving')}>
          {t('auth.changePasswordSubmit')}
        </Button>
      </div>
    </form>
  );
}
