import type {
  MessagePriority,
  Notification,
  NotificationList,
  NotificationPreferences,
  UpdateNotificationPreferences,
} from '@tsunagu/contract';
import type { Static } from 'typebox';
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { LiveEvent } from '../../../lib/live.ts';

/**
 * A notification as the list shows it. `priority` and `subjectId` (the message) are read when
 * the server sends them; the contract's Notification does not carry them yet.
 */
export type AppNotification = Static<typeof Notification> & {
  priority?: MessagePriority;
  subjectId?: string | null;
};

const key = ['notifications'] as const;
const preferencesKey = ['notification-preferences'] as const;

/** My notifications and how many are unread (the header shows the count). */
export const notificationsQueryOptions = queryOptions({
  queryKey: key,
  queryFn: ({ signal }) =>
    api.get<Omit<Static<typeof NotificationList>, 'notifications'> & { notifications: AppNotification[] }>(
      '/api/notifications',
      undefined,
      signal,
    ),
});

/**
 * The priority of a notification. Until the server sends it as a field, the server's own
 * sentence marks 至急 and 緊急 as 【至急】 and 【緊急】 (notifications.service.ts), and that mark
 * is read here so the list can show the same badges as the timeline.
 */
export function priorityOf(n: AppNotification): MessagePriority {
  if (n.priority) return n.priority;
  if (n.message.includes('【緊急】')) return 'emergency';
  if (n.message.includes('【至急】')) return 'urgent';
  return 'normal';
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ ok: true }>(`/api/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** すべて既読にする */
export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>('/api/notifications/read-all'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** How and when I want e-mail about notifications. */
export const notificationPreferencesQueryOptions = queryOptions({
  queryKey: preferencesKey,
  queryFn: ({ signal }) =>
    api.get<NotificationPreferences>('/api/notifications/preferences', undefined, signal),
});

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationPreferences) =>
      api.put<NotificationPreferences>('/api/notifications/preferences', body),
    onSuccess: (saved) => queryClient.setQueryData(preferencesKey, saved),
  });
}

/** A new notification for me: the header's count and the list refresh. */
export function applyNotificationEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.kind === 'notification.created') void queryClient.invalidateQueries({ queryKey: key });
}

/** After the live stream was interrupted: the count may have changed. */
export function refreshNotifications(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: key });
}
