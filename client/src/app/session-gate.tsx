import type { SessionInfo } from '@tsunagu/contract';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../components/ui/notice.tsx';
import { useSession, type SessionState } from '../features/auth/api/session.ts';
import { OfflineNotice } from '../features/device/components/offline-notice.tsx';
import { NetworkError } from '../lib/api-client.ts';
import { useOnline } from '../lib/app-shell.ts';
import { authPaths, requiredAuthPath, safeNext } from '../features/auth/utils/session-route.ts';
import { AppLayout } from './layouts/app-layout.tsx';

/**
 * Waits for the first answer about the session before showing any screen. Opened offline (the
 * installed app's shell starts without the server), it says so at once and shows the phone
 * numbers kept on this device; it carries on by itself when the device is back online.
 */
export function SessionRoot() {
  const { t } = useTranslation();
  const session = useSession();
  const online = useOnline();
  const { refetch } = session;
  // Said at the first failed try (retries go on meanwhile), or when the query waits for a network.
  const lostToNetwork =
    !session.data &&
    (session.error instanceof NetworkError ||
      session.failureReason instanceof NetworkError ||
      session.fetchStatus === 'paused');
  // Back online: try again at once (TanStack Query would wait for its next retry).
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current && lostToNetwork) void refetch();
    wasOnline.current = online;
  }, [online, lostToNetwork, refetch]);
  if ((session.isPending && !online) || lostToNetwork) {
    return (
      <main className="boot">
        <h1>{t('common.appName')}</h1>
        <OfflineNotice onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (session.isPending) {
    return (
      <main className="boot">
        <Loading />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main className="boot">
        <h1 className="visually-hidden">{t('common.appName')}</h1>
        <LoadError error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  return <Outlet />;
}

/** The signed-in part of the app; anyone else is sent to the sign-in step they are at. */
export function RequireSignedIn() {
  const { data } = useSession();
  const location = useLocation();
  const required = requiredAuthPath(data);
  if (required || !data?.info) {
    const target = required ?? authPaths.signIn;
    // After an explicit sign-out the next person should land on the home page, not on our last screen.
    const keepPlace =
      data?.reason !== 'signed_out' && data?.reason !== 'signed_out_everywhere' && location.pathname !== '/';
    const search = keepPlace ? `?next=${encodeURIComponent(location.pathname + location.search)}` : '';
    return <Navigate to={target + search} replace />;
  }
  return <AppLayout session={data.info} />;
}

/**
 * One step of signing in. When the session is at another step (or finished), the user is moved
 * there, carrying the page they first asked for.
 */
export function AuthStep({ path, children }: { path: string; children: (state: SessionState) => ReactNode }) {
  const { data } = useSession();
  const [params] = useSearchParams();
  const required = requiredAuthPath(data);
  if (required !== path || !data) {
    const next = params.get('next');
    const to = required ? required + (next ? `?next=${encodeURIComponent(next)}` : '') : safeNext(next);
    return <Navigate to={to} replace />;
  }
  return <>{children(data)}</>;
}

/** The session of a signed-in screen (RequireSignedIn guarantees it). */
export function useSignedInSession(): SessionInfo {
  const { data } = useSession();
  if (!data?.info) throw new Error('useSignedInSession outside RequireSignedIn');
  return data.info;
}
