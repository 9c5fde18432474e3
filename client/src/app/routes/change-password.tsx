import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { Notice } from '../../components/ui/notice.tsx';
import { useSignOut } from '../../features/auth/api/sign-in.ts';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form.tsx';
import { authPaths } from '../../features/auth/utils/session-route.ts';
import { AuthLayout } from '../layouts/auth-layout.tsx';
import { AuthStep } from '../session-gate.tsx';

/** パスワード変更 (forced, after a temporary password): the session moves on once it is changed. */
export function ForcedPasswordChangeRoute() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <AuthLayout title={t('auth.changePasswordTitle')}>
      <AuthStep path={authPaths.changePassword}>
        {({ info }) => (
          <div className="stack">
            <Notice tone="warning" live={false}>
              <p>{t('auth.changePasswordForcedLead')}</p>
            </Notice>
            <p>{t('auth.changePasswordLead')}</p>
            <ChangePasswordForm email={info?.user.email ?? ''} onChanged={() => {}} />
            <hr className="divider" />
            <Button variant="quiet" onClick={() => signOut.mutate()}>
              {t('nav.signOut')}
            </Button>
          </div>
        )}
      </AuthStep>
    </AuthLayout>
  );
}
