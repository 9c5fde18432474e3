import type { SessionInfo } from '@tsunagu/contract';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyMessageEvent, refreshAllMessages } from '../features/messages/api/messages.ts';
import { applyNotificationEvent, refreshNotifications } from '../features/notifications/api/notifications.ts';
import { applyUrgentEvent, refreshUrgentCases } from '../features/urgent/api/urgent.ts';
import { applyLiaisonEvent, refreshLiaison } from '../features/liaison/api/liaison.ts';
import { millisSinceActivity, onActivity } from '../lib/activity.ts';
import { openLiveStream, type LiveEvent } from '../lib/live.ts';

/** Each feature refreshes what an event concerns (events carry ids only; the refetch is the audited read). */
function apply(queryClient: QueryClient, event: LiveEvent): void {
  applyMessageEvent(queryClient, event);
  applyNotificationEvent(queryClient, event);
  applyUrgentEvent(queryClient, event);
  applyLiaisonEvent(queryClient, event);
}

function refreshAll(queryClient: QueryClient): void {
  refreshAllMessages(queryClient);
  refreshNotifications(queryClient);
  refreshUrgentCases(queryClient);
  refreshLiaison(queryClient);
}

/** Events kept while nobody is at the screen; beyond this, everything is refreshed on return. */
const MAX_PENDING = 200;

/**
 * The app's one live stream, open while signed in and reopened for another user or organisation
 * (what may be seen depends on the organisation's consent). Events refresh the affected queries
 * at once while someone is using the screen. On a screen left alone longer than the session's
 * idle limit they wait for the next touch instead: nobody is there to read what a refetch would
 * fetch (each one an audited read). The refetches are background requests (lib/activity.ts), so
 * they never keep an unattended session alive either.
 */
export function useLiveUpdates(session: SessionInfo): void {
  const queryClient = useQueryClient();
  const userId = session.user.id;
  const organisationId = session.activeOrganisationId;
  const idleMs = session.idleTimeoutSeconds * 1000;

  useEffect(() => {
    let pending: LiveEvent[] = [];
    let refreshPending = false;
    let resetPending = false;
    const isAway = () => millisSinceActivity() > idleMs;
    const stop = openLiveStream({
      onEvent: (event) => {
        if (!isAway()) return apply(queryClient, event);
        if (pending.length < MAX_PENDING) pending.push(event);
        else refreshPending = true;
      },
      onResync: () => {
        if (isAway()) refreshPending = true;
        else refreshAll(queryClient);
      },
      // What was missed is gone from the server: every query is refetched, not only the live ones.
      onReset: () => {
        pending = [];
        if (isAway()) resetPending = true;
        else void queryClient.invalidateQueries();
      },
    });
    const stopWatching = onActivity(() => {
      if (!pending.length && !refreshPending && !resetPending) return;
      const events = pending;
      pending = [];
      if (resetPending) {
        resetPending = false;
        refreshPending = false;
        void queryClient.invalidateQueries();
      } else if (refreshPending) {
        refreshPending = false;
        refreshAll(queryClient);
      } else {
        for (const event of events) apply(queryClient, event);
      }
    });
    return () => {
      stop();
      stopWatching();
    };
  }, [queryClient, userId, organisationId, idleMs]);
}
