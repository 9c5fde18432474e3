import type { SessionInfo } from '@tsunagu/contract';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../lib/api-client.ts';
import { claimDrafts, dropDrafts } from '../../../lib/kept-drafts.ts';

/** Why the browser is signed out, for the notice on the sign-in page. */
export type SignedOutReason = 'expired' | 'signed_out' | 'signed_out_everywhere' | null;

/** The session as the client knows it: signed in at some stage, or signed out and why. */
export interface SessionState {
  info: SessionInfo | null;
  reason: SignedOutReason;
  /** Sessions ended by "sign out everywhere", for its notice. */
  sessionsEnded?: number;
}

export const sessionQueryKey = ['session'] as const;

/** GET /api/auth/session: 401 is an answer here (signed out), not an error. */
export const sessionQueryOptions = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: async ({ signal }): Promise<SessionState> => {
    try {
      const info = await api.get<SessionInfo>('/api/auth/session', undefined, signal);
      claimDrafts(info.user.id);
      return { info, reason: null };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return { info: null, reason: error.code === 'SESSION_EXPIRED' ? 'expired' : null };
      }
      throw error;
    }
  },
  staleTime: 60_000,
});

export function useSession() {
  return useQuery(sessionQueryOptions);
}

/** Records a new session (after a sign-in step, a password change, a switch of organisation). */
export function storeSession(queryClient: QueryClient, info: SessionInfo): void {
  // Signing in again as the same user gets back what they were typing; anyone else gets nothing.
  claimDrafts(info.user.id);
  queryClient.setQueryData<SessionState>(sessionQueryKey, { info, reason: null });
}

/**
 * Forgets the session and everything read with it: on a shared PC the next person must not
 * see the previous one's data from the cache. What was being typed stays in memory when the
 * session merely ended (the same user may sign in again) and goes on signing out.
 */
export function forgetSession(
  queryClient: QueryClient,
  reason: SignedOutReason,
  sessionsEnded?: number,
): void {
  if (reason === 'signed_out' || reason === 'signed_out_everywhere') dropDrafts();
  const previous = queryClient.getQueryData<SessionState>(sessionQueryKey);
  // A later plain 401 must not hide why the session ended.
  const keptReason = reason ?? (previous && !previous.info ? previous.reason : null);
  queryClient.setQueryData<SessionState>(sessionQueryKey, {
    info: null,
    reason: keptReason,
    ...(sessionsEnded !== undefined ? { sessionsEnded } : {}),
  });
  // After this tick, so a query failing right now is not removed while it reports.
  window.setTimeout(
    () => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] }),
    0,
  );
}

/**
 * 操作中の合図: tells the server someone is typing on a screen that has sent nothing for a while,
 * so a long note does not lose its session (any request of the person's would do as much).
 */
export function sendActivitySignal(): Promise<{ ok: true }> {
  return api.post<{ ok: true }>('/api/auth/activity');
}
