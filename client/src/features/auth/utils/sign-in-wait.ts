import { ApiError } from '../../../lib/api-client.ts';
import { i18n } from '../../../lib/i18n/index.ts';

/** How long the server asks to wait, in words: seconds while under a minute, then minutes. */
export function waitInWords(seconds: number | undefined): string {
  const wait = Math.max(1, seconds ?? 60);
  return wait < 60
    ? i18n.t('auth.waitSeconds', { count: wait })
    : i18n.t('auth.waitMinutes', { count: Math.ceil(wait / 60) });
}

/** The message for a sign-in step the server holds back after failures; null for other errors. */
export function throttledMessage(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'SIGN_IN_THROTTLED') return null;
  return i18n.t('auth.throttled', { wait: waitInWords(error.retryAfterSeconds) });
}
