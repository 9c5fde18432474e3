import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import type { AwaitingItem } from '../api/messages.ts';

/** Where one message is opened: its person's team timeline, showing that message. */
export function messageHref(personId: string, messageId: string): string {
  return `/persons/${personId}/messages?message=${messageId}`;
}

/**
 * 確認待ち: one card per message, the most pressing marked by its priority; for my own messages,
 * who has still not acknowledged.
 */
export function AwaitingList({ items, mine }: { items: readonly AwaitingItem[]; mine: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="awaiting-list">
      {items.map((item) => (
        <li key={item.messageId} className={`awaiting awaiting--${item.priority}`}>
          <div className="badge-row">
            <PriorityBadge priority={item.priority} />
            <Badge tone="neutral">{t(`enums.category.${item.category}`)}</Badge>
          </div>
          <h3 id={`awaiting-${item.messageId}`} className="awaiting__person">
            {item.personName ?? ''}
          </h3>
          <p className="awaiting__excerpt">{item.excerpt ?? t('messages.awaiting.excerptWithdrawn')}</p>
          <dl className="item__meta">
            {mine ? (
              <div>
                <dt>{t('messages.awaiting.from')}</dt>
                <dd>{item.author}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('messages.awaiting.sentAt')}</dt>
              <dd>{formatDateTime(item.createdAt)}</dd>
            </div>
            {mine ? null : (
              <div className="item__meta-wide">
                <dt>{t('messages.awaiting.waitingFor')}</dt>
                <dd className="awaiting__missing">{item.waitingFor.join(t('common.listSeparator'))}</dd>
              </div>
            )}
          </dl>
          <div>
            <ButtonLink
              to={messageHref(item.personId, item.messageId)}
              small
              variant={mine ? 'primary' : 'secondary'}
              aria-describedby={`awaiting-${item.messageId}`}
            >
              {mine ? t('messages.awaiting.open') : t('messages.awaiting.openMessage')}
            </ButtonLink>
          </div>
        </li>
      ))}
    </ul>
  );
}
