import type { Handover, HandoverList as HandoverListSchema } from '@tsunagu/contract';
import type { Static } from 'typebox';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { useConfirmHandover } from '../api/handover.ts';

type Entry = Handover['entries'][number];

/** 申し送りの一覧: unconfirmed first (the server's order), each a link to its page. */
export function HandoverList({ handovers }: { handovers: Static<typeof HandoverListSchema>['handovers'] }) {
  const { t } = useTranslation();
  return (
    <ul className="card-list">
      {handovers.map((h) => (
        <li key={h.id} className="card">
          <p className="badge-row">
            {h.confirmedAt ? (
              <Badge tone="success">{t('offHours.handover.confirmed')}</Badge>
            ) : (
              <Badge tone="warning">{t('offHours.handover.unconfirmed')}</Badge>
            )}
            {h.addendumOf ? <Badge tone="info">{t('night.handover.addendum')}</Badge> : null}
            <span>{t('offHours.handover.entries', { count: h.entries })}</span>
          </p>
          <p>
            <Link to={`/handovers/${h.id}`} className="urgent-list__link">
              {h.addendumOf
                ? t('night.handover.addendumTitle', { time: formatDateTime(h.openingAt) })
                : t('offHours.handover.itemTitle', { time: formatDateTime(h.openingAt) })}
            </Link>
          </p>
          {h.confirmedAt ? (
            <p className="muted">
              {t('offHours.handover.confirmedBy', {
                name: h.confirmedByName ?? t('offHours.unknownName'),
                time: formatDateTime(h.confirmedAt),
              })}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** One entry as a plain Japanese sentence. */
function useEntrySentence() {
  const { t } = useTranslation();
  return (e: Entry): string => {
    const person = e.personHidden
      ? t('offHours.handover.hiddenPerson')
      : t('offHours.handover.person', { name: e.personName ?? t('offHours.unknownName') });
    const priority = e.priority ? t(`messages.priority.${e.priority}`) : '';
    switch (e.kind) {
      case 'case_opened':
        return t('offHours.handover.sentence.case_opened', {
          organisation: e.openedByOrganisationName ?? '',
          person,
          priority,
        });
      case 'step_fired':
        return e.stepRecipients.length
          ? t('offHours.handover.sentence.step_fired', {
              step: e.stepLabel ?? '',
              names: e.stepRecipients.join('、'),
            })
          : t('offHours.handover.sentence.step_no_one', { step: e.stepLabel ?? '' });
      case 'step_unreached':
        return t('offHours.handover.sentence.step_unreached', { step: e.stepLabel ?? '' });
      case 'case_acknowledged':
        return t('offHours.handover.sentence.case_acknowledged', {
          organisation: e.acknowledgedByOrganisationName ?? '',
          name: e.acknowledgedByName ?? t('offHours.unknownName'),
        });
      case 'case_exhausted':
        return t('offHours.handover.sentence.case_exhausted', { person });
      case 'consultation':
        return [
          t('offHours.handover.sentence.consultation', {
            organisation: e.consultationOrganisationName ?? '',
            person,
          }),
          e.consultationOutcome
            ? t('offHours.handover.sentence.outcome', {
                // The sentence ends with its own full stop.
                outcome: e.consultationOutcome.replace(/[。.]\s*$/, ''),
              })
            : '',
          e.consultationFollowUp ? t('offHours.handover.sentence.followUp') : '',
        ].join('');
    }
  };
}

/** 申し送り: what happened off-hours, in order, with a way to each case and consultation, and 確認しました. */
export function HandoverDetail({ handover }: { handover: Handover }) {
  const { t } = useTranslation();
  const sentence = useEntrySentence();
  const confirm = useConfirmHandover(handover.id);
  const entries = [...handover.entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return (
    <div className="stack stack--large">
      {handover.confirmedAt ? (
        <Notice tone="success">
          {t('offHours.handover.confirmedBy', {
            name: handover.confirmedByName ?? t('offHours.unknownName'),
            time: formatDateTime(handover.confirmedAt),
          })}
        </Notice>
      ) : null}
      {entries.length ? (
        <ol className="urgent-steps">
          {entries.map((e) => (
            <li key={e.id} className="urgent-steps__item">
              <span className="urgent-steps__time">{formatDateTime(e.occurredAt)}</span>
              <span className="stack stack--tight">
                <span>
                  {e.priority && e.priority !== 'normal' && e.kind === 'case_opened' ? (
                    <>
                      <PriorityBadge priority={e.priority} />{' '}
                    </>
                  ) : null}
                  {sentence(e)}
                </span>
                {(e.caseId && e.kind === 'case_opened') ||
                e.consultationId ||
                (e.personId && !e.personHidden && e.kind !== 'step_fired' && e.kind !== 'step_unreached') ? (
                  <span className="button-row">
                    {e.caseId && e.kind === 'case_opened' ? (
                      <Link to={`/urgent/${e.caseId}`}>{t('offHours.handover.openCase')}</Link>
                    ) : null}
                    {e.consultationId ? (
                      <Link to={`/consultations/${e.consultationId}`}>
                        {t('offHours.handover.openConsultation')}
                      </Link>
                    ) : null}
                    {e.personId &&
                    !e.personHidden &&
                    e.kind !== 'step_fired' &&
                    e.kind !== 'step_unreached' ? (
                      <Link to={`/persons/${e.personId}`}>{t('offHours.handover.openPerson')}</Link>
                    ) : null}
                  </span>
                ) : null}
                <span className="muted">{t(`offHours.handover.reason.${e.reason}`)}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('offHours.handover.empty')}</p>
      )}
      {confirm.isError ? <Notice tone="error">{messageOf(confirm.error)}</Notice> : null}
      {handover.confirmedAt ? null : (
        <div>
          <Button
            variant="primary"
            className="button--block"
            busy={confirm.isPending}
            busyLabel={t('common.saving')}
            onClick={() => confirm.mutate()}
          >
            {t('offHours.handover.confirm')}
          </Button>
        </div>
      )}
    </div>
  );
}
