import type { Consultation } from '@tsunagu/contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

/** Who the consultation is about, as far as the reader's consent reaches. */
function usePersonText() {
  const { t } = useTranslation();
  return (c: Consultation): string =>
    c.person
      ? (c.person.name ?? t('offHours.handover.hiddenPerson'))
      : t('offHours.consultation.unknownPerson', { description: c.personDescription ?? '' });
}

/** The caller, e.g. 「家族・佐藤 花子」. */
function useCallerText() {
  const { t } = useTranslation();
  return (c: Consultation): string =>
    [t(`offHours.consultation.callers.${c.callerRelationship}`), c.callerName].filter(Boolean).join('・');
}

/** The log: one card per consultation, newest first, follow-ups marked. */
export function ConsultationList({ consultations }: { consultations: readonly Consultation[] }) {
  const { t } = useTranslation();
  const person = usePersonText();
  const caller = useCallerText();
  return (
    <ul className="card-list">
      {consultations.map((c) => (
        <li key={c.id} className="card stack stack--tight">
          <p className="badge-row">
            {c.priority === 'normal' ? null : <PriorityBadge priority={c.priority} />}
            {c.followUp.needed ? (
              <Badge tone="warning">{t('offHours.consultation.followUpBadge')}</Badge>
            ) : null}
            {c.callerMayBeExcluded ? <Badge tone="error">{t('night.exclusion.callerFlag')}</Badge> : null}
            <span className="muted">{formatDateTime(c.receivedAt)}</span>
          </p>
          <p>
            <Link to={`/consultations/${c.id}`} className="urgent-list__link">
              {t('offHours.consultation.cardTitle', { person: person(c), caller: caller(c) })}
            </Link>
          </p>
          <p className="consultation-card__outcome">{c.outcome}</p>
          <p className="muted">
            {t('offHours.consultation.receivedBy', {
              organisation: c.receivedBy.organisationName,
              name: c.receivedBy.name ?? t('offHours.unknownName'),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** One consultation in full. */
export function ConsultationDetail({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const person = usePersonText();
  const caller = useCallerText();
  const rows: [string, ReactNode][] = [
    [t('offHours.consultation.receivedAt'), formatDateTime(c.receivedAt)],
    [t('offHours.consultation.channel'), t(`offHours.consultation.channels.${c.channel}`)],
    [t('offHours.consultation.callerRelationship'), caller(c)],
    [
      t('offHours.consultation.callerPhone'),
      c.callerPhone ? <PhoneLink number={c.callerPhone} /> : t('common.none'),
    ],
    [
      t('offHours.consultation.person'),
      c.person?.name ? <Link to={`/persons/${c.person.id}`}>{c.person.name}</Link> : person(c),
    ],
    [t('offHours.consultation.asked'), c.asked],
    [t('offHours.consultation.done'), c.done],
    [t('offHours.consultation.outcome'), c.outcome],
    [t('offHours.consultation.priority'), t(`messages.priority.${c.priority}`)],
    [
      t('offHours.consultation.followUp'),
      c.followUp.needed
        ? [
            t('offHours.consultation.followUpYes'),
            c.followUp.organisationName,
            c.followUp.userName,
            c.followUp.note,
          ]
            .filter(Boolean)
            .join('・')
        : t('offHours.consultation.followUpNo'),
    ],
    [
      t('offHours.consultation.receivedByLabel'),
      `${c.receivedBy.name ?? t('offHours.unknownName')}（${c.receivedBy.organisationName}）`,
    ],
  ];
  return (
    <div className="stack">
      {c.callerMayBeExcluded ? (
        <Notice tone="error" live={false} title={t('night.exclusion.callerFlag')}>
          <p>{t('night.exclusion.flag')}</p>
        </Notice>
      ) : null}
      <dl className="description-list consultation-detail">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {c.urgentCaseId ? (
        <p>
          <Link to={`/urgent/${c.urgentCaseId}`}>{t('offHours.consultation.openCase')}</Link>
        </p>
      ) : null}
    </div>
  );
}
