import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { translateIfExists } from '../../../lib/i18n/index.ts';
import { useMarkNotificationRead, type AppNotification } from '../api/notifications.ts';

/** お知らせ: newest first, unread ones marked; opening the person marks it read. */
export function NotificationList({ notifications }: { notifications: readonly AppNotification[] }) {
  const { t } = useTranslation();
  const markRead = useMarkNotificationRead();
  return (
    <ul className="notification-list">
      {notifications.map((n) => {
        const unread = n.readAt === null;
        return (
          <li key={n.id} className={unread ? 'notification notification--unread' : 'notification'}>
            <p className="notification__head">
              {unread ? <Badge tone="info">{t('notifications.unread')}</Badge> : null}
              <strong>{translateIfExists(`enums.notificationKind.${n.kind}`) ?? n.kind}</strong>
              <span className="muted">{formatDateTime(n.createdAt)}</span>
            </p>
            <p>{n.message}</p>
            <div className="button-row">
              {n.personId ? (
                <Link to={`/persons/${n.personId}`} onClick={() => unread && markRead.mutate(n.id)}>
                  {t('notifications.openPerson')}
                </Link>
              ) : null}
              {unread ? (
                <Button small onClick={() => markRead.mutate(n.id)}>
                  {t('notifications.markRead')}
                </Button>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
