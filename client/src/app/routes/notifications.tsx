import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { notificationsQueryOptions } from '../../features/notifications/api/notifications.ts';
import { NotificationList } from '../../features/notifications/components/notification-list.tsx';

/** お知らせ */
export function NotificationsRoute() {
  const { t } = useTranslation();
  const notifications = useQuery(notificationsQueryOptions);
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        lead={
          notifications.data?.unread ? (
            <p>{t('notifications.unreadCount', { count: notifications.data.unread })}</p>
          ) : null
        }
      />
      {notifications.isPending ? <Loading /> : null}
      {notifications.isError ? (
        <LoadError error={notifications.error} onRetry={() => void notifications.refetch()} />
      ) : null}
      {notifications.data ? (
        notifications.data.notifications.length ? (
          <NotificationList notifications={notifications.data.notifications} />
        ) : (
          <p>{t('notifications.none')}</p>
        )
      ) : null}
    </>
  );
}
