import type { UrgentCaseOperations, UrgentOperationsList } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';

type Step = UrgentCaseOperations['steps'][number];

/** Why a step reached whom it did, or no one, as a sentence. */
function NoteLine({ note }: { note: Step['notes'][number] }) {
  const { t } = useTranslation();
  return <li>{t(`offHours.operations.note.${note.code}`, { organisation: note.organisationName ?? '' })}</li>;
}

/**
 * 緊急連絡の経過 (the region's 基幹 and system administrators): when each step fired, whom it
 * reached or why no one — and of the person only 「ご本人（同意の範囲外）」.
 */
export function CaseOperations({ operations }: { operations: UrgentCaseOperations }) {
  const { t } = useTranslation();
  return (
    <div className="stack stack--large">
      {operations.personWithheld ? (
        <p>
          <strong>{t('offHours.operations.person')}</strong>{' '}
          {operations.fullView ? (
            <Link to={`/urgent/${operations.id}`}>{t('offHours.operations.openFullView')}</Link>
          ) : (
            <span className="muted">{t('offHours.operations.personHint')}</span>
          )}
        </p>
      ) : null}
      {operations.acknowledged ? (
        <p>
          {t('offHours.operations.acknowledged', {
            time: formatDateTime(operations.acknowledged.at),
            name: operations.acknowledged.name ?? t('offHours.unknownName'),
            organisation: operations.acknowledged.organisationName ?? '',
          })}
        </p>
      ) : null}
      <ol className="urgent-steps">
        {operations.steps.map((s) => (
          <li key={s.position} className="urgent-steps__item">
            <span className="urgent-steps__time">{formatDateTime(s.firedAt)}</span>
            <span className="stack stack--tight">
              <strong>
                {s.label ?? t(`offHours.urgent.stepKind.${s.kind}`)}
                {s.organisationName ? t('common.paren', { text: s.organisationName }) : ''}
              </strong>
              <span>
                {s.reachedNoOne
                  ? t('offHours.operations.reachedNoOne')
                  : t('offHours.operations.reached', {
                      names: s.reached
                        .map((r) =>
                          r.organisationName
                            ? `${r.name}${t('common.paren', { text: r.organisationName })}`
                            : r.name,
                        )
                        .join(t('common.listSeparator')),
                    })}
              </span>
              {s.notes.length ? (
                <ul className="muted">
                  {s.notes.map((n, i) => (
                    <NoteLine key={`${n.code}-${i}`} note={n} />
                  ))}
                </ul>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** 当番不在の記録: one line per case, newest first, each opening its operational view. */
export function UnreachedCaseList({ cases }: { cases: UrgentOperationsList['cases'] }) {
  const { t } = useTranslation();
  return (
    <ul className="stack">
      {cases.map((c) => (
        <li key={c.id} className="panel">
          <p className="badge-row">
            <PriorityBadge priority={c.priority} />{' '}
            <Link to={`/on-call/unreached/${c.id}`}>
              {t('offHours.operations.listItem', {
                organisation: c.openedByOrganisationName,
                time: formatDateTime(c.openedAt),
              })}
            </Link>
          </p>
          <p className="muted">
            {t('offHours.operations.unreachedCount', {
              count: c.unreachedSteps,
              time: formatDateTime(c.lastUnreachedAt),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}
