import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { useSignOut } from '../../features/auth/api/sign-in.ts';
import { Enrollment } from '../../features/auth/components/enrollment.tsx';
import { authPaths } from '../../features/auth/utils/session-route.ts';
import { AuthLayout } from '../layouts/auth-layout.tsx';
import { AuthStep } from '../session-gate.tsx';

/** 二要素認証の設定 (first sign-in) */
export function EnrollRoute() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <AuthLayout title={t('auth.enrollTitle')} wide>
      <AuthStep path={authPaths.enroll}>
        {({ info }) =>
          info ? (
            <Enrollment
              session={info}
              cancel={
                <Button variant="quiet" onClick={() => signOut.mutate()}>
                  {t('auth.cancelSignIn')}
                </Button>
              }
            />
          ) : null
        }
      </AuthStep>
    </AuthLayout>
  );
}
