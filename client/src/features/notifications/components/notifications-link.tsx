import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useQueryOnNavigation } from '../../../lib/use-query-on-navigation.ts';
import { notificationsQueryOptions } from '../api/notifications.ts';

/**
 * お知らせ in the header, with the unread count. It is refreshed when the user moves between
 * screens, never on a timer: a timer would keep an unattended session alive.
 */
export function NotificationsLink({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const notifications = useQueryOnNavigation(notificationsQueryOptions);
  const unread = notifications.data?.unread ?? 0;
  return (
    <NavLink to="/notifications" className="notifications-link" onClick={onNavigate}>
      {unread ? (
        <>
          <span className="visually-hidden">{t('notifications.linkUnread', { count: unread })}</span>
          <span aria-hidden="true">
            {t('notifications.link')} <span className="notifications-link__count">{unread}</span>
          </span>
        </>
      ) : (
        t('notifications.link')
      )}
    </NavLink>
  );
}
