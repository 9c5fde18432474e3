import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sendActivitySignal, sessionQueryKey } from '../features/auth/api/session.ts';
import { hasUnreportedActivity, onActivity } from '../lib/activity.ts';
import { millisSinceServerHeard } from '../lib/api-client.ts';

/** How long a person may type before the server is told (its idle clock moves at most once a minute). */
const SIGNAL_EVERY_MS = 2 * 60_000;
/** A tap that opens a page tells the server through the page's own requests: wait for them first. */
const SETTLE_MS = 5_000;

/**
 * Keeps the server's idle clock in step with the person, not with the screen:
 * - while someone types (or taps, or scrolls) on a screen that sends nothing, an activity signal
 *   at most every two minutes, so a 35-minute note keeps its session;
 * - when the idle limit has passed without news of anyone, the session is asked for again (a
 *   background request): the server answers SESSION_EXPIRED and the sign-in page says why,
 *   instead of leaving personal data on an unattended screen. What was typed stays in memory
 *   for the same user's next sign-in (lib/kept-drafts.ts).
 */
export function useSessionActivity(idleTimeoutSeconds: number): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    let timer: number | undefined;
    const check = () => {
      timer = undefined;
      if (!hasUnreportedActivity()) return;
      const wait = SIGNAL_EVERY_MS - millisSinceServerHeard();
      if (wait > 0) {
        timer = window.setTimeout(check, wait);
        return;
      }
      // Refused only when the session has gone, which the API client reports to the app itself.
      sendActivitySignal().catch(() => undefined);
    };
    const stop = onActivity(() => {
      if (timer === undefined) timer = window.setTimeout(check, SETTLE_MS);
    });
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (millisSinceServerHeard() > idleTimeoutSeconds * 1000 + 5_000) {
        void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      }
    }, 30_000);
    return () => window.clearInterval(timer);
  }, [idleTimeoutSeconds, queryClient]);
}
