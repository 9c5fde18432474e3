import type { StaffMember } from '@tsunagu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog, Dialog } from '../../../components/ui/dialog.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { useResetPassword, useResetTwoFactor, useSetDisabled } from '../api/staff.ts';
import { TemporaryPassword } from './temporary-password.tsx';

type Pending = 'password' | 'twoFactor' | 'disable' | 'enable' | null;

/**
 * Sign-in management of another account: a temporary password, a two-factor reset, and
 * stopping or restarting the account. Each asks first; each is offered only if the server
 * says the caller may.
 */
export function CredentialsPanel({ staff }: { staff: StaffMember }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending>(null);
  const [temporaryPassword, setTemporaryPassword] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const resetPassword = useResetPassword(staff.id);
  const resetTwoFactor = useResetTwoFactor(staff.id);
  const setDisabled = useSetDisabled(staff.id);
  const { abilities } = staff;
  const name = staff.displayName;

  const confirmations: Record<
    Exclude<Pending, null>,
    { title: string; message: string; run: () => void; busy: boolean; error: unknown }
  > = {
    password: {
      title: t('staff.resetPassword'),
      message: t('staff.resetPasswordConfirm', { name }),
      busy: resetPassword.isPending,
      error: resetPassword.error,
      run: () =>
        resetPassword.mutate(undefined, {
          onSuccess: ({ temporaryPassword: password }) => {
            setPending(null);
            setTemporaryPassword(password);
          },
        }),
    },
    twoFactor: {
      title: t('staff.resetTwoFactor'),
      message: t('staff.resetTwoFactorConfirm', { name }),
      busy: resetTwoFactor.isPending,
      error: resetTwoFactor.error,
      run: () =>
        resetTwoFactor.mutate(undefined, {
          onSuccess: () => {
            setPending(null);
            setMessage(t('staff.twoFactorReset'));
          },
        }),
    },
    disable: {
      title: t('staff.disable'),
      message: t('staff.disableConfirm', { name }),
      busy: setDisabled.isPending,
      error: setDisabled.error,
      run: () =>
        setDisabled.mutate(true, {
          onSuccess: () => {
            setPending(null);
            setMessage(t('staff.disabled'));
          },
        }),
    },
    enable: {
      title: t('staff.enable'),
      message: t('staff.enableConfirm', { name }),
      busy: setDisabled.isPending,
      error: setDisabled.error,
      run: () =>
        setDisabled.mutate(false, {
          onSuccess: () => {
            setPending(null);
            setMessage(t('staff.enabled'));
          },
        }),
    },
  };
  const current = pending ? confirmations[pending] : null;

  function ask(what: Exclude<Pending, null>) {
    resetPassword.reset();
    resetTwoFactor.reset();
    setDisabled.reset();
    setMessage(null);
    setPending(what);
  }

  return (
    <div className="stack">
      {message ? <Notice tone="success">{message}</Notice> : null}
      <div className="button-row">
        {abilities.resetCredentials ? (
          <>
            <Button onClick={() => ask('password')}>{t('staff.resetPassword')}</Button>
            <Button onClick={() => ask('twoFactor')}>{t('staff.resetTwoFactor')}</Button>
          </>
        ) : null}
        {abilities.disable ? (
          staff.isDisabled ? (
            <Button onClick={() => ask('enable')}>{t('staff.enable')}</Button>
          ) : (
            <Button variant="danger" onClick={() => ask('disable')}>
              {t('staff.disable')}
            </Button>
          )
        ) : null}
      </div>
      <ConfirmDialog
        open={current !== null}
        title={current?.title ?? ''}
        message={current?.message ?? ''}
        confirmLabel={current?.title ?? ''}
        danger={pending !== 'enable'}
        busy={current?.busy ?? false}
        error={current?.error ? messageOf(current.error) : null}
        onCancel={() => setPending(null)}
        onConfirm={() => current?.run()}
      />
      <Dialog
        open={temporaryPassword !== null}
        title={t('staff.temporaryPasswordTitle')}
        onClose={() => setTemporaryPassword(null)}
        dismissible={false}
        actions={
          <Button variant="primary" onClick={() => setTemporaryPassword(null)}>
            {t('staff.temporaryPasswordDone')}
          </Button>
        }
      >
        {temporaryPassword ? (
          <TemporaryPassword password={temporaryPassword} name={staff.displayName} email={staff.email} />
        ) : null}
      </Dialog>
    </div>
  );
}
