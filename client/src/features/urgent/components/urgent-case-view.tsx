import type { UrgentCase } from '@tsunagu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Disclosure } from '../../../components/ui/disclosure.tsx';
import { TextAreaField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { ItemCard } from '../../information/components/item-card.tsx';
import { ExcludedContactsBanner } from '../../persons/components/person-banners.tsx';
import { useAcknowledgeUrgentCase, useCancelUrgentCase } from '../api/urgent.ts';
import { CaseWords } from './case-words.tsx';
import { BreakGlassForm, ReasonForm } from './reason-form.tsx';

type Status = UrgentCase['status'];

const statusTone: Record<Status, BadgeTone> = {
  open: 'error',
  acknowledged: 'success',
  exhausted: 'warning',
  cancelled: 'neutral',
};

/** 対応待ち / 対応中 / 連絡網の終わり / 取り消し, as a badge (the word carries the meaning). */
export function UrgentStatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Badge tone={statusTone[status]}>{t(`offHours.urgent.status.${status}`)}</Badge>;
}

/** 対応します, with an optional note behind a second button so that one tap is enough. */
function AcknowledgePanel({ urgentCase }: { urgentCase: UrgentCase }) {
  const { t } = useTranslation();
  const acknowledge = useAcknowledgeUrgentCase(urgentCase.id);
  const [withNote, setWithNote] = useState(false);
  const [note, setNote] = useState('');
  const form = useFormProblems('urgent-ack');
  const send = () => acknowledge.mutate(note.trim(), { onError: form.failRequest });
  return (
    <form
      id="urgent-ack"
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <ErrorSummary formId="urgent-ack" problems={form.problems} />
      <Button
        type="submit"
        variant="primary"
        className="button--block urgent-ack__button"
        busy={acknowledge.isPending}
        busyLabel={t('common.saving')}
      >
        {t('offHours.urgent.acknowledge')}
      </Button>
      <p className="muted">{t('offHours.urgent.acknowledgeHint')}</p>
      <Disclosure open={withNote} onToggle={setWithNote} label={t('offHours.urgent.addNote')} variant="quiet">
        <TextAreaField
          {...form.field('note')}
          label={t('offHours.urgent.note')}
          hint={t('offHours.urgent.noteHint')}
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Disclosure>
    </form>
  );
}

/** Who took the case, or why nobody can any more. */
function Outcome({ urgentCase }: { urgentCase: UrgentCase }) {
  const { t } = useTranslation();
  const ack = urgentCase.acknowledged;
  if (urgentCase.status === 'acknowledged' && ack) {
    return (
      <Notice tone="success" title={t('offHours.urgent.takenTitle')}>
        <p>
          {t('offHours.urgent.takenBy', {
            name: ack.name ?? t('offHours.unknownName'),
            organisation: ack.organisationName ?? '',
            time: formatDateTime(ack.at),
          })}
        </p>
        {ack.note ? <p>{t('offHours.urgent.takenNote', { note: ack.note })}</p> : null}
      </Notice>
    );
  }
  if (urgentCase.status === 'cancelled') {
    return (
      <Notice tone="info" title={t('offHours.urgent.status.cancelled')}>
        {ack?.note ? <p>{t('offHours.urgent.cancelledReason', { reason: ack.note })}</p> : null}
      </Notice>
    );
  }
  return null;
}

/** The person and their crisis information, or why it is not shown and the way to break-glass. */
function CrisisSection({ urgentCase }: { urgentCase: UrgentCase }) {
  const { t } = useTranslation();
  const person = urgentCase.person;
  if (!person) {
    return <p>{t('offHours.urgent.noPerson')}</p>;
  }
  return (
    <div className="stack">
      {person.name ? (
        <p className="urgent-person">
          <Link to={`/persons/${person.id}`} className="urgent-person__name">
            {person.name}
          </Link>
          {person.kana ? <span className="table__sub">{person.kana}</span> : null}
        </p>
      ) : (
        <p>{t('offHours.urgent.nameHidden')}</p>
      )}
      {person.crisisVisible ? (
        <>
          <div>
            <Link
              to={`/persons/${person.id}/crisis-plan`}
              className="button button--danger urgent-crisis-link"
            >
              <span aria-hidden="true">⚠ </span>
              {t('offHours.urgent.openCrisisPlan')}
            </Link>
          </div>
          {person.crisisItems.length ? (
            <ul className="timeline">
              {person.crisisItems.map((item) => (
                <li key={item.id}>
                  <ItemCard item={item} readOnly />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('offHours.urgent.noCrisisItems')}</p>
          )}
        </>
      ) : person.canBreakGlass ? (
        <div className="stack">
          <Notice tone="warning" live={false} title={t('offHours.urgent.outsideConsentTitle')}>
            <p>{t('offHours.urgent.outsideConsent')}</p>
          </Notice>
          <BreakGlassForm caseId={urgentCase.id} formId="urgent-break-glass" />
        </div>
      ) : (
        <Notice tone="info" live={false}>
          <p>{t('offHours.urgent.notReached')}</p>
        </Notice>
      )}
    </div>
  );
}

/** 連絡の経過: each step with its time and who it reached, then what comes next. */
function ChainSection({ urgentCase }: { urgentCase: UrgentCase }) {
  const { t } = useTranslation();
  const phones = urgentCase.steps.filter((s) => s.kind === 'tier_phone' && s.phone);
  return (
    <div className="stack">
      {phones.map((s) => (
        <Notice key={s.position} tone="error" live={false} title={t('offHours.urgent.callTitle')}>
          <p>{t('offHours.urgent.callLead', { label: s.label ?? '' })}</p>
          <p>
            <PhoneLink number={s.phone!} className="button button--danger urgent-phone" />
          </p>
        </Notice>
      ))}
      <ol className="urgent-steps">
        <li className="urgent-steps__item">
          <span className="urgent-steps__time">{formatDateTime(urgentCase.openedAt)}</span>
          <span>
            {t('offHours.urgent.openedBy', {
              organisation: urgentCase.openedBy.organisationName,
              name: urgentCase.openedBy.name ?? t('offHours.unknownName'),
            })}
          </span>
        </li>
        {urgentCase.steps.map((s) => (
          <li key={s.position} className="urgent-steps__item">
            <span className="urgent-steps__time">{formatDateTime(s.firedAt)}</span>
            <span>
              <strong>{s.label ?? t(`offHours.urgent.stepKind.${s.kind}`)}</strong>
              {s.organisationName ? `（${s.organisationName}）` : null}
              {': '}
              {s.reachedNoOne
                ? t('offHours.urgent.reachedNoOne')
                : s.kind === 'tier_phone'
                  ? t('offHours.urgent.toldToCall', { names: s.recipients.join('、') })
                  : t('offHours.urgent.reached', { names: s.recipients.join('、') })}
              {s.phone && s.kind !== 'tier_phone' ? (
                <>
                  {' '}
                  <PhoneLink number={s.phone} />
                </>
              ) : null}
            </span>
          </li>
        ))}
        {urgentCase.acknowledged && urgentCase.status === 'acknowledged' ? (
          <li className="urgent-steps__item">
            <span className="urgent-steps__time">{formatDateTime(urgentCase.acknowledged.at)}</span>
            <span>
              {t('offHours.handover.sentence.case_acknowledged', {
                name: urgentCase.acknowledged.name ?? t('offHours.unknownName'),
                organisation: urgentCase.acknowledged.organisationName ?? '',
              })}
            </span>
          </li>
        ) : null}
      </ol>
      {urgentCase.status === 'open' && urgentCase.nextStepAt ? (
        <p>
          <strong>
            {t('offHours.urgent.nextStep', {
              time: formatDateTime(urgentCase.nextStepAt),
              next: urgentCase.remainingSteps[0] ?? t('offHours.urgent.endOfChain'),
            })}
          </strong>
        </p>
      ) : null}
      {urgentCase.status === 'open' && urgentCase.remainingSteps.length ? (
        <div>
          <p>{t('offHours.urgent.remaining')}</p>
          <ol className="urgent-remaining">
            {urgentCase.remainingSteps.map((label, i) => (
              <li key={i}>{label}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {urgentCase.status === 'exhausted' ? (
        <Notice tone="warning" live={false}>
          <p>{t('offHours.urgent.exhaustedLead')}</p>
        </Notice>
      ) : null}
    </div>
  );
}

/**
 * The urgent case page, for the night-duty coordinator reached from a notification: what happened
 * and whom to call back first, the DV warning, 対応します, then the person's crisis information
 * and plan, then who was reached when.
 */
export function UrgentCaseView({ urgentCase }: { urgentCase: UrgentCase }) {
  const { t } = useTranslation();
  const cancel = useCancelUrgentCase(urgentCase.id);
  const [cancelling, setCancelling] = useState(false);
  return (
    <div className="stack stack--large urgent-case">
      <Outcome urgentCase={urgentCase} />
      <ExcludedContactsBanner warning={urgentCase.doNotTell} />
      <CaseWords urgentCase={urgentCase} />
      {urgentCase.abilities.acknowledge ? <AcknowledgePanel urgentCase={urgentCase} /> : null}

      <section className="panel stack urgent-crisis" aria-labelledby="urgent-crisis-title">
        <h2 id="urgent-crisis-title" className="panel__title">
          {t('offHours.urgent.crisisTitle')}
        </h2>
        <CrisisSection urgentCase={urgentCase} />
      </section>

      <section className="panel stack" aria-labelledby="urgent-chain-title">
        <h2 id="urgent-chain-title" className="panel__title">
          {t('offHours.urgent.chainTitle')}
        </h2>
        <ChainSection urgentCase={urgentCase} />
      </section>

      {urgentCase.abilities.cancel ? (
        <section className="panel stack" aria-labelledby="urgent-cancel-title">
          <h2 id="urgent-cancel-title" className="panel__title">
            {t('offHours.urgent.cancelTitle')}
          </h2>
          <p>{t('offHours.urgent.cancelLead')}</p>
          <Disclosure open={cancelling} onToggle={setCancelling} label={t('offHours.urgent.cancel')}>
            <ReasonForm
              formId="urgent-cancel"
              label={t('offHours.urgent.cancelReason')}
              hint={t('offHours.urgent.cancelHint')}
              submitLabel={t('offHours.urgent.cancel')}
              danger
              pending={cancel.isPending}
              onSubmit={(reason, fail) => cancel.mutate(reason, { onError: fail })}
            />
          </Disclosure>
        </section>
      ) : null}
    </div>
  );
}
