import type { OutstandingReply } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { formatDate } from '../../../lib/format.ts';

/** 返信待ち: each sheet with its age and due date, overdue ones marked (the server orders by due date). */
export function OutstandingList({ items }: { items: readonly OutstandingReply[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted">{t('liaison.outstanding.none')}</p>;
  return (
    <ul className="stack plain-list">
      {items.map((item) => (
        <li key={item.sheetId} className="panel stack liaison-outstanding" data-sheet-id={item.sheetId}>
          <p>
            {item.isOverdue ? <Badge tone="warning">{t('liaison.outstanding.overdue')}</Badge> : null}{' '}
            <strong>{item.recipientOrganisationName}</strong>{' '}
            <span className="liaison-code">{item.replyCode}</span>
          </p>
          <p>
            <Link to={`/persons/${item.personId}/liaison`}>
              {item.personName ?? t('liaison.outstanding.hiddenPerson')}
            </Link>
            {' — '}
            {item.request}
          </p>
          <p className="muted">
            {item.ageDays === 0
              ? t('liaison.outstanding.ageToday')
              : t('liaison.outstanding.age', { count: item.ageDays })}
            {' · '}
            {t('liaison.outstanding.due', { date: formatDate(item.replyBy) })}
            {item.senderName ? ` · ${t('liaison.outstanding.sentBy', { name: item.senderName })}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}
