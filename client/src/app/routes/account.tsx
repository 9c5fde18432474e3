import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { accountQueryOptions } from '../../features/account/api/account.ts';
import { AccountProfile, SessionsTable } from '../../features/account/components/account-profile.tsx';
import { RegenerateRecoveryCodesForm } from '../../features/account/components/regenerate-recovery-codes-form.tsx';
import { useSignOutEverywhere } from '../../features/auth/api/sign-in.ts';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form.tsx';
import { MyInvitations } from '../../features/staff/components/my-invitations.tsx';
import { RecoveryCodesPanel } from '../../features/auth/components/recovery-codes-panel.tsx';
import { messageOf } from '../../lib/validation.ts';
import { useSignedInSession } from '../session-gate.tsx';

/** マイアカウント */
export function AccountRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const account = useQuery(accountQueryOptions);
  const [passwordChanged, setPasswordChanged] = useState(false);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const everywhere = useSignOutEverywhere();

  return (
    <>
      <PageHeader title={t('account.title')} />
      {account.isPending ? <Loading /> : null}
      {account.isError ? <LoadError error={account.error} onRetry={() => void account.refetch()} /> : null}
      {account.data ? (
        <div className="stack stack--large">
          <section className="panel stack" aria-labelledby="account-profile">
            <h2 id="account-profile" className="panel__title">
              {t('account.profile')}
            </h2>
            <AccountProfile account={account.data} memberships={session.memberships} />
          </section>

          <section id="invitations" className="panel stack" aria-labelledby="account-invitations">
            <h2 id="account-invitations" className="panel__title">
              {t('invitations.mineTitle')}
            </h2>
            <MyInvitations />
          </section>

          <section className="panel stack" aria-labelledby="account-password">
            <h2 id="account-password" className="panel__title">
              {t('account.passwordSection')}
            </h2>
            {passwordChanged ? <Notice tone="success">{t('auth.passwordChanged')}</Notice> : null}
            <p>{t('auth.changePasswordLead')}</p>
            <ChangePasswordForm email={session.user.email} onChanged={() => setPasswordChanged(true)} />
          </section>

          <section className="panel stack" aria-labelledby="account-recovery">
            <h2 id="account-recovery" className="panel__title">
              {t('account.recoverySection')}
            </h2>
            {newCodes ? (
              <RecoveryCodesPanel
                codes={newCodes}
                email={session.user.email}
                doneLabel={t('common.close')}
                onDone={() => setNewCodes(null)}
              />
            ) : (
              <>
                <p>
                  <strong>
                    {t('account.recoveryRemaining', { count: account.data.remainingRecoveryCodes })}
                  </strong>
                </p>
                {account.data.remainingRecoveryCodes <= 3 ? (
                  <Notice tone="warning">{t('account.recoveryLow')}</Notice>
                ) : null}
                <RegenerateRecoveryCodesForm onRegenerated={setNewCodes} />
              </>
            )}
          </section>

          <section className="panel stack" aria-labelledby="account-notifications">
            <h2 id="account-notifications" className="panel__title">
              {t('account.notificationsSection')}
            </h2>
            <p>{t('account.notificationsLead')}</p>
            <div>
              <ButtonLink to="/notifications/settings">{t('notifications.settings.title')}</ButtonLink>
            </div>
          </section>

          <section className="panel stack" aria-labelledby="account-sessions">
            <h2 id="account-sessions" className="panel__title">
              {t('account.sessionsSection')}
            </h2>
            <SessionsTable sessions={account.data.sessions} />
            <p>{t('account.signOutEverywhereLead')}</p>
            <div>
              <Button variant="danger" onClick={() => setConfirmEverywhere(true)}>
                {t('account.signOutEverywhere')}
              </Button>
            </div>
          </section>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirmEverywhere}
        title={t('account.signOutEverywhere')}
        message={t('account.signOutEverywhereConfirm')}
        confirmLabel={t('account.signOutEverywhere')}
        danger
        busy={everywhere.isPending}
        error={everywhere.isError ? messageOf(everywhere.error) : null}
        onCancel={() => setConfirmEverywhere(false)}
        onConfirm={() => everywhere.mutate()}
      />
    </>
  );
}
