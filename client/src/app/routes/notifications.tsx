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
import { InstallStatus } from '../../features/device/components/install-status.tsx';
import { KeptPhoneNumbers } from '../../features/device/components/kept-phone-numbers.tsx';
import { DevicePushCheck } from '../../features/push/components/device-push-check.tsx';
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

/** 通知の設定: whether this device receives the night's pushes (checked, with a test), and e-mail. */
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
      <div className="stack stack--large">
        <section className="panel stack" aria-labelledby="device-settings">
          <h2 id="device-settings" className="panel__title">
            {t('device.title')}
          </h2>
          <p>{t('device.lead')}</p>
          <div className="stack subpanel">
            <h3 className="panel__subtitle">{t('device.install.title')}</h3>
            <InstallStatus />
          </div>
          <DevicePushCheck />
          <div className="stack subpanel">
            <h3 className="panel__subtitle">{t('device.kept.title')}</h3>
            <p>{t('device.kept.lead')}</p>
            <KeptPhoneNumbers />
          </div>
        </section>
        <section className="panel stack" aria-labelledby="email-settings">
          <h2 id="email-settings" className="panel__title">
            {t('notifications.settings.emailTitle')}
          </h2>
          {preferences.isPending ? <Loading /> : null}
          {preferences.isError ? (
            <LoadError error={preferences.error} onRetry={() => void preferences.refetch()} />
          ) : null}
          {preferences.data ? <NotificationSettingsForm preferences={preferences.data} /> : null}
        </section>
      </div>
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
