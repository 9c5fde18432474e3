import type { SessionState } from '../api/session.ts';

/** The screens of the sign-in flow, by the step the session is at. */
export const authPaths = {
  signIn: '/sign-in',
  twoFactor: '/sign-in/two-factor',
  enroll: '/sign-in/enroll',
  changePassword: '/change-password',
} as const;

/** Where the user must be for this session, or null when the app itself may be used. */
export function requiredAuthPath(state: SessionState | undefined): string | null {
  const info = state?.info;
  if (!info) return authPaths.signIn;
  if (info.stage === 'totp') return authPaths.twoFactor;
  if (info.stage === 'enroll_totp') return authPaths.enroll;
  if (info.user.mustChangePassword) return authPaths.changePassword;
  return null;
}

/** Only a path inside the app may be returned to after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return '/';
  return next;
}
