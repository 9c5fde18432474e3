import type { DueItem, DueList as DueListData } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { formatDate } from '../../../lib/format.ts';
import { i18n } from '../../../lib/i18n/index.ts';

const bandTone: Record<DueItem['band'], BadgeTone> = {
  overdue: 'error',
  within_30: 'warning',
  within_60: 'info',
  within_90: 'neutral',
};

/** Where each reminder is dealt with. */
export function dueActionHref(item: DueItem): string {
  const person = `/persons/${item.personId}`;
  switch (item.kind) {
    case 'monitoring':
      return `/plans/${item.planId}#monitoring`;
    case 'plan_review':
      return item.planKind === 'crisis' ? `${person}/crisis-plan/edit` : `/plans/${item.planId}/edit`;
    case 'certificate':
      return `${person}#identity`;
    case 'consent':
      return `${person}#consent`;
  }
}

function DueWhat({ item }: { item: DueItem }) {
  const { t } = useTranslation();
  const plan = item.planKind ? t(`plans.kind.${item.planKind}`) : '';
  const text =
    item.kind === 'certificate'
      ? t('plans.due.kind.certificate', {
          certificate: item.certificateKind ? t(`enums.certificateKind.${item.certificateKind}`) : '',
        })
      : item.kind === 'consent'
        ? t('plans.due.kind.consent', { organisation: item.organisationName ?? '' })
        : t(`plans.due.kind.${item.kind}`, { plan });
  return (
    <>
      {text}
      {item.kind !== 'consent' && item.organisationName ? (
        <span className="table__sub">{item.organisationName}</span>
      ) : null}
      {item.changeNeeded ? <span className="table__sub">{t('plans.due.changeNeeded')}</span> : null}
    </>
  );
}

function daysText(daysLeft: number): string {
  if (daysLeft < 0) return i18n.t('plans.due.overdue', { count: -daysLeft });
  if (daysLeft === 0) return i18n.t('plans.due.dueToday');
  return i18n.t('plans.due.daysLeft', { count: daysLeft });
}

/** 期限: what falls due, soonest first, each with the way to deal with it. */
export function DueList({ data }: { data: DueListData }) {
  const { t } = useTranslation();
  if (!data.items.length) return <p className="muted">{t('plans.due.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table--cards due-table">
        <thead>
          <tr>
            <th scope="col">{t('plans.due.dueOn')}</th>
            <th scope="col">{t('plans.due.person')}</th>
            <th scope="col">{t('plans.due.what')}</th>
            <th scope="col">{t('plans.due.action')}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((item, i) => {
            const action = t(`plans.due.actions.${item.kind}`);
            return (
              <tr key={i}>
                <td data-label={t('plans.due.dueOn')}>
                  <span className="nowrap">{formatDate(item.dueOn)}</span>
                  <span className="due-table__days">
                    <Badge tone={bandTone[item.band]}>{daysText(item.daysLeft)}</Badge>
                  </span>
                </td>
                <th scope="row" data-label={t('plans.due.person')}>
                  <Link to={`/persons/${item.personId}`}>{item.personName}</Link>
                </th>
                <td data-label={t('plans.due.what')}>
                  <DueWhat item={item} />
                </td>
                <td data-label={t('plans.due.action')}>
                  <Link
                    to={dueActionHref(item)}
                    aria-label={t('plans.due.actionLabel', { person: item.personName, action })}
                  >
                    {action}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
