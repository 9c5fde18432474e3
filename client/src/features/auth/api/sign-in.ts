import type { EnrollmentConfirmed, SessionInfo, SignInBody, TotpEnrollment } from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { forgetPushOnThisDevice } from '../../push/push-device.ts';
import { forgetSession, storeSession } from './session.ts';

/** Step 1: e-mail and password. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => api.post<SessionInfo>('/api/auth/sign-in', body),
    onSuccess: (info) => storeSession(queryClient, info),
  });
}

/** Step 2: the authenticator's 6-digit code. */
export function useVerifyTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<SessionInfo>('/api/auth/totp', { code }),
    onSuccess: (info) => storeSession(queryClient, info),
  });
}

/** Step 2 without the phone: a single-use recovery code. */
export function useRecoveryCodeSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recoveryCode: string) => api.post<SessionInfo>('/api/auth/recovery-code', { recoveryCode }),
    onSuccess: (info) => storeSession(queryClient, info),
  });
}

/**
 * First sign-in: proves the app works and returns the recovery codes. The session is stored
 * by the caller only after the codes have been saved, so the screen is not left too early.
 */
export function useConfirmEnrollment() {
  return useMutation({
    mutationFn: (code: string) =>
      api.post<EnrollmentConfirmed>('/api/auth/totp/enrollment/confirm', { code }),
  });
}

/** Ends this browser's session. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // While the session still stands: the server forgets this device's push subscription.
      await forgetPushOnThisDevice();
      return api.post<{ ok: true }>('/api/auth/sign-out');
    },
    // Signed out locally even if the server could not be reached: the user asked to leave.
    onSettled: () => forgetSession(queryClient, 'signed_out'),
  });
}

/** Ends every session of this account, this one included. */
export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ sessionsEnded: number }>('/api/auth/sign-out-everywhere'),
    onSuccess: ({ sessionsEnded }) => forgetSession(queryClient, 'signed_out_everywhere', sessionsEnded),
  });
}

/** Acts for another of my organisations; everything read before belonged to the old one. */
export function useSwitchOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (organisationId: string) =>
      api.put<SessionInfo>('/api/auth/session/organisation', { organisationId }),
    onSuccess: async (info) => {
      storeSession(queryClient, info);
      // Everything read under the previous organisation goes: what a person's page showed depends
      // on that organisation's consent, so it must not flash up under the new one while reloading.
      await queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}

/**
 * The enrolment secret, fetched once per screen visit. It is a POST (it stores a new secret),
 * but modelled as a query so that React's double mount in development, or a re-render, never
 * asks twice: a second secret would silently replace the one shown in the QR code.
 */
export const enrollmentQueryOptions = (userId: string) =>
  queryOptions({
    queryKey: ['enrollment', userId],
    queryFn: () => api.post<TotpEnrollment>('/api/auth/totp/enrollment'),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
