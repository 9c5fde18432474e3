import type { UrgentCaseList as List } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { UrgentStatusBadge } from './urgent-case-view.tsx';

/** 緊急連絡の一覧: open ones first, then newest; each a large link to its page. */
export function UrgentCaseList({ cases }: { cases: List['cases'] }) {
  const { t } = useTranslation();
  const sorted = [...cases].sort(
    (a, b) =>
      Number(b.status === 'open') - Number(a.status === 'open') || b.openedAt.localeCompare(a.openedAt),
  );
  return (
    <ul className="card-list urgent-list">
      {sorted.map((c) => (
        <li key={c.id} className={`card urgent-list__item urgent-list__item--${c.status}`}>
          <p className="badge-row">
            <PriorityBadge priority={c.priority} />
            <UrgentStatusBadge status={c.status} />
            {c.reachedMe ? null : <span className="muted">{t('offHours.urgent.sentByUs')}</span>}
          </p>
          <p>
            <Link to={`/urgent/${c.id}`} className="urgent-list__link">
              {t('offHours.urgent.listItem', {
                organisation: c.openedByOrganisationName,
                time: formatDateTime(c.openedAt),
              })}
            </Link>
          </p>
        </li>
      ))}
    </ul>
  );
}
