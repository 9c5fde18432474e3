import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * 本人の情報 | チームの連絡 | 連携シート・連絡記録: the parts of a person's record, one tap apart. Links rather
 * than ARIA tabs: each half has its own address (a notification or 確認待ち opens the second).
 */
export function PersonTabs({
  personId,
  active,
  unread,
}: {
  personId: string;
  active: 'info' | 'messages' | 'liaison';
  /** My unread team messages, when known. */
  unread: number | undefined;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('messages.tabsLabel')} className="person-tabs">
      <ul>
        <li>
          <Link
            to={`/persons/${personId}`}
            className="person-tabs__link"
            aria-current={active === 'info' ? 'page' : undefined}
          >
            {t('messages.tabInfo')}
          </Link>
        </li>
        <li>
          <Link
            to={`/persons/${personId}/messages`}
            className="person-tabs__link"
            aria-current={active === 'messages' ? 'page' : undefined}
          >
            {unread ? (
              <>
                <span className="visually-hidden">{t('messages.tabUnread', { count: unread })}</span>
                <span aria-hidden="true">
                  {t('messages.tab')} <span className="count-badge">{unread}</span>
                </span>
              </>
            ) : (
              t('messages.tab')
            )}
          </Link>
        </li>
        <li>
          <Link
            to={`/persons/${personId}/liaison`}
            className="person-tabs__link"
            aria-current={active === 'liaison' ? 'page' : undefined}
          >
            {t('liaison.tab')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
