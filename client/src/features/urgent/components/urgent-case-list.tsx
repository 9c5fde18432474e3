import type { UrgentCaseList as List } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { UrgentStatusBadge } from './urgent-case-view.tsx';

type ListedCase = List['cases'][number];

/** Whom a case is about, as the list says it: the name within consent, else why there is none. */
function PersonLine({ person }: { person: ListedCase['person'] }) {
  const { t } = useTranslation();
  if (person?.name)
    return (
      <span className="urgent-list__person">
        <span className="urgent-list__name">{person.name}</span>
        {person.kana ? <span className="urgent-list__kana">{person.kana}</span> : null}
      </span>
    );
  return (
    <span className="urgent-list__person urgent-list__person--unnamed">
      {person ? t('offHours.urgent.listPersonHidden') : t('offHours.urgent.listPersonUnknown')}
    </span>
  );
}

/** 至急・緊急の連絡の一覧: open ones first, then newest; each a large link, naming whom it is about, to its page. */
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
            <Badge tone="neutral">{t(`enums.category.${c.category}`)}</Badge>
            {c.reachedMe ? null : <span className="muted">{t('offHours.urgent.sentByUs')}</span>}
          </p>
          <Link to={`/urgent/${c.id}`} className="urgent-list__link">
            <PersonLine person={c.person} />
            <span className="urgent-list__from">
              {t('offHours.urgent.listItem', {
                organisation: c.openedByOrganisationName,
                time: formatDateTime(c.openedAt),
              })}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
