import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/ui/notice.tsx';
import { SignInForm } from '../../features/auth/components/sign-in-form.tsx';
import { authPaths } from '../../features/auth/utils/session-route.ts';
import { AuthLayout } from '../layouts/auth-layout.tsx';
import { AuthStep } from '../session-gate.tsx';

/** サインイン */
export function SignInRoute() {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t('auth.signInTitle')}>
      <AuthStep path={authPaths.signIn}>
        {({ reason, sessionsEnded }) => (
          <div className="stack">
            {reason === 'expired' ? <Notice tone="warning">{t('auth.sessionExpired')}</Notice> : null}
            {reason === 'signed_out' ? <Notice tone="success">{t('auth.signedOut')}</Notice> : null}
            {reason === 'signed_out_everywhere' ? (
              <Notice tone="success">{t('auth.signedOutEverywhere', { count: sessionsEnded ?? 0 })}</Notice>
            ) : null}
            <p>{t('auth.signInLead')}</p>
            <SignInForm />
            <p className="muted">{t('auth.forgotPassword')}</p>
          </div>
        )}
      </AuthStep>
    </AuthLayout>
  );
}
