import type { AuditEvent, AuditOutcome } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { auditActionLabel, auditTargetLabel } from './audit-actions.ts';

const outcomeTones: Record<AuditOutcome, BadgeTone> = {
  allowed: 'success',
  denied: 'error',
  failed: 'warning',
};

/** The outcome in words, with colour and a mark as support. */
export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useTranslation();
  const mark = outcome === 'allowed' ? '✓' : outcome === 'denied' ? '✕' : '!';
  return (
    <Badge tone={outcomeTones[outcome]}>
      <span aria-hidden="true">{mark} </span>
      {t(`enums.outcome.${outcome}`)}
    </Badge>
  );
}

/** Audit events, newest first: a table on a desk, cards on a phone; details fold out. */
export function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table table--cards audit-table">
        <caption className="visually-hidden">{t('audit.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.occurredAt')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td data-label={t('audit.occurredAt')} className="nowrap">
                <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
              </td>
              <td data-label={t('audit.actor')}>
                {e.actorName ?? (e.actorUserId ? t('audit.unknownActor') : t('audit.system'))}
                {e.actorOrganisationName ? (
                  <span className="table__sub">{e.actorOrganisationName}</span>
                ) : null}
              </td>
              <td data-label={t('audit.action')}>
                {auditActionLabel(e.action)}
                <span className="table__sub mono">{e.action}</span>
              </td>
              <td data-label={t('audit.outcome')}>
                <OutcomeBadge outcome={e.outcome} />
              </td>
              <td data-label={t('audit.target')}>
                {e.targetType || e.targetId ? (
                  <>
                    {e.targetType ? auditTargetLabel(e.targetType) : null}
                    {e.targetId ? <span className="table__sub mono break">{e.targetId}</span> : null}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label={t('audit.details')}>
                <details className="audit-details">
                  <summary>{t('audit.showDetails')}</summary>
                  <dl className="description-list description-list--compact">
                    <div>
                      <dt>{t('audit.sealed')}</dt>
                      <dd>{e.sealed ? t('audit.sealedYes') : t('audit.sealedNo')}</dd>
                    </div>
                    <div>
                      <dt>{t('audit.ip')}</dt>
                      <dd className="mono">{e.ip ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>{t('audit.requestId')}</dt>
                      <dd className="mono break">{e.requestId ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>#</dt>
                      <dd className="mono">{e.seq}</dd>
                    </div>
                  </dl>
                  {e.details && Object.keys(e.details).length ? (
                    <pre className="audit-details__json">{JSON.stringify(e.details, null, 2)}</pre>
                  ) : (
                    <p className="muted">{t('audit.noDetails')}</p>
                  )}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
