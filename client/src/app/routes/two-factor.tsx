import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { sessionQueryOptions } from '../../features/auth/api/session.ts';
import { useSignOut } from '../../features/auth/api/sign-in.ts';
import { TwoFactorForm } from '../../features/auth/components/two-factor-form.tsx';
import { authPaths } from '../../features/auth/utils/session-route.ts';
import { AuthLayout } from '../layouts/auth-layout.tsx';
import { AuthStep } from '../session-gate.tsx';

/** 二要素認証 */
export function TwoFactorRoute() {
  const { t } = useTranslation();
  // Demo installations show the current code; a code lives 30 seconds, so keep it fresh.
  const session = useQuery({
    ...sessionQueryOptions,
    refetchInterval: (q) => (q.state.data?.info?.demoTotpCode ? 20_000 : false),
  });
  const signOut = useSignOut();
  return (
    <AuthLayout title={t('auth.twoFactorTitle')}>
      <AuthStep path={authPaths.twoFactor}>
        {({ info }) => (
          <div className="stack">
            <TwoFactorForm demoCode={info?.demoTotpCode} onRefreshDemoCode={() => void session.refetch()} />
            <hr className="divider" />
            <Button variant="quiet" onClick={() => signOut.mutate()}>
              {t('auth.cancelSignIn')}
            </Button>
          </div>
        )}
      </AuthStep>
    </AuthLayout>
  );
}
