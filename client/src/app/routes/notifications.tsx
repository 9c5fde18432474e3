import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import {
  notificationPreferencesQueryOptions,
  notificationsQueryOptions,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
} from '../../features/notifications/api/notifications.ts';
import {
  NotificationList,
  notificationTarget,
} from '../../features/notifications/components/notification-list.tsx';
import { NotificationSettingsForm } from '../../features/notifications/components/notification-settings-form.tsx';
import { messageOf } from '../../lib/validation.ts';

/** お知らせ: the list (live), すべて既読にする, and the way to the e-mail settings. */
export function NotificationsRoute() {
  const { t } = useTranslation();
  const notifications = useQuery(notificationsQueryOptions);
  const markAll = useMarkAllNotificationsRead();
  const unread = notifications.data?.unread ?? 0;
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        lead={unread ? <p>{t('notifications.unreadCount', { count: unread })}</p> : null}
        actions={
          <>
            {unread ? (
              <Button
                onClick={() => markAll.mutate()}
                busy={markAll.isPending}
                busyLabel={t('common.saving')}
              >
                {t('notifications.markAllRead')}
              </Button>
            ) : null}
            <ButtonLink to="/notifications/settings" variant="quiet">
              {t('notifications.settingsLink')}
            </ButtonLink>
          </>
        }
      />
      <div className="stack">
        <p role="status" className="item__status">
          {markAll.isSuccess ? t('notifications.markedAll', { count: markAll.data.marked }) : null}
        </p>
        {markAll.isError ? <Notice tone="error">{messageOf(markAll.error)}</Notice> : null}
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
      </div>
    </>
  );
}

/** メール通知の設定 */
export function NotificationSettingsRoute() {
  const { t } = useTranslation();
  const preferences = useQuery(notificationPreferencesQueryOptions);
  return (
    <>
      <PageHeader
        title={t('notifications.settings.title')}
        lead={<p>{t('notifications.settings.lead')}</p>}
        actions={
          <ButtonLink to="/notifications" variant="quiet">
            {t('notifications.backToList')}
          </ButtonLink>
        }
      />
      {preferences.isPending ? <Loading /> : null}
      {preferences.isError ? (
        <LoadError error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : null}
      {preferences.data ? <NotificationSettingsForm preferences={preferences.data} /> : null}
    </>
  );
}

/**
 * /notifications/:id, the address an e-mail links to (the e-mail itself says nothing personal):
 * marks the notification read and goes on to what it is about.
 */
export function NotificationOpenRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const notifications = useQuery(notificationsQueryOptions);
  const { mutate: markRead } = useMarkNotificationRead();
  const found = notifications.data?.notifications.find((n) => n.id === id);
  const target = found ? notificationTarget(found) : null;
  const done = useRef(false);
  useEffect(() => {
    if (!found || done.current) return;
    done.current = true;
    if (found.readAt === null) markRead(found.id);
    void navigate(target ?? '/notifications', { replace: true });
  }, [found, target, markRead, navigate]);

  if (notifications.isError)
    return <LoadError error={notifications.error} onRetry={() => void notifications.refetch()} />;
  if (notifications.data && !found) {
    return (
      <>
        <PageHeader title={t('notifications.title')} />
        <div className="stack">
          <Notice tone="info">{t('notifications.notFound')}</Notice>
          <p>
            <Link to="/notifications">{t('notifications.title')}</Link>
          </p>
        </div>
      </>
    );
  }
  return <Loading label={t('notifications.opening')} />;
}
