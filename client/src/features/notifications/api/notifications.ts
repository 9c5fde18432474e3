import type { Notification, NotificationList } from '@tsunagu/contract';
import type { Static } from 'typebox';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export type AppNotification = Static<typeof Notification>;

const key = ['notifications'] as const;

/** My notifications and how many are unread (the header shows the count). */
export const notificationsQueryOptions = queryOptions({
  queryKey: key,
  queryFn: ({ signal }) => api.get<Static<typeof NotificationList>>('/api/notifications', undefined, signal),
});

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ ok: true }>(`/api/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
