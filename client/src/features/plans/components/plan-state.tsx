import type { ConfirmResult, ConsentMethod, Plan, PlanVersion } from '@tsunagu/contract';
import { consentMethods } from '@tsunagu/contract/enums';
import { AgreementBody } from '@tsunagu/contract/plans';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { formatDate, formatDateTime, todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useConfirmPlan, useRecordAgreement } from '../api/plans.ts';
import { actorLabel } from './plan-labels.ts';

const steps = ['draft', 'agreed', 'confirmed'] as const;

/** 計画案 → 本人同意 → 確定, with where the latest version stands. */
export function PlanSteps({ version }: { version: PlanVersion }) {
  const { t } = useTranslation();
  const at = steps.indexOf(version.status);
  return (
    <ol className="plan-steps" aria-label={t('plans.view.stepsLabel')}>
      {steps.map((step, i) => (
        <li
          key={step}
          className={[
            'plan-steps__step',
            i < at ? 'plan-steps__step--done' : '',
            i === at ? 'plan-steps__step--now' : '',
          ].join(' ')}
          aria-current={i === at ? 'step' : undefined}
        >
          <span className="plan-steps__label">{t(`plans.status.${step}`)}</span>
          <span className="plan-steps__mark">
            {i < at ? t('plans.view.stepDone') : i === at ? t('plans.view.stepNow') : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** What was recorded about agreement and confirmation of a version. */
export function AgreementRecord({ version }: { version: PlanVersion }) {
  const { t } = useTranslation();
  const a = version.agreement;
  return (
    <ul className="plain-list stack plan-record">
      {a ? (
        <li>
          <strong>
            {t('plans.agreement.recorded', {
              date: formatDate(a.agreedOn),
              method: t(`enums.consentMethod.${a.method}`),
            })}
          </strong>
          {a.note ? <span className="plan-words">{t('common.paren', { text: a.note })}</span> : null}
          <span className="table__sub">
            {t('plans.agreement.recordedBy', {
              by: actorLabel(a.recordedBy),
              time: formatDateTime(a.recordedAt),
            })}
          </span>
        </li>
      ) : null}
      {version.confirmedAt ? (
        <li>
          <strong>{t('plans.status.confirmed')}</strong>
          <span className="table__sub">
            {t('plans.confirm.confirmedAt', {
              by: actorLabel(version.confirmedBy),
              time: formatDateTime(version.confirmedAt),
            })}
          </span>
          {version.noMeetingReason ? (
            <span className="plan-words">
              {t('plans.confirm.noMeetingReasonRecorded', { reason: version.noMeetingReason })}
            </span>
          ) : null}
        </li>
      ) : null}
    </ul>
  );
}

const AGREEMENT_FORM = 'plan-agreement';

/** 本人同意: the date and form of agreement to the latest 計画案. */
export function AgreementForm({
  personId,
  plan,
  canAgree,
  onDone,
}: {
  personId: string;
  plan: Plan;
  canAgree: boolean;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const version = plan.latest;
  const [agreedOn, setAgreedOn] = useState(todayInTokyo());
  const [method, setMethod] = useState<string>('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const form = useFormProblems(AGREEMENT_FORM);
  const agree = useRecordAgreement(personId, plan.summary.id);
  const labels = {
    agreedOn: t('plans.agreement.agreedOn'),
    method: t('plans.agreement.method'),
    note: t('plans.agreement.note'),
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      version: version.version,
      agreedOn,
      method: method as ConsentMethod,
      note: emptyToNull(note),
    };
    const errors = await validateAgainst(AgreementBody, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    agree.mutate(body, {
      onSuccess: () => {
        setDone(true);
        onDone?.();
      },
      onError: form.failRequest,
    });
  }
  // Rendered whatever the state, so the result stays on screen once the plan has moved on.
  if (done) return <Notice tone="success">{t('plans.agreement.done')}</Notice>;
  if (!canAgree) return null;
  return (
    <form id={AGREEMENT_FORM} onSubmit={(e) => void submit(e)} noValidate className="stack subpanel">
      <h3>{t('plans.agreement.title')}</h3>
      <p>{t('plans.agreement.lead', { version: version.version })}</p>
      <ErrorSummary formId={AGREEMENT_FORM} problems={form.problems} />
      <TextField
        {...form.field('agreedOn')}
        className="field--short"
        type="date"
        required
        min={version.planDate}
        max={todayInTokyo()}
        label={labels.agreedOn}
        value={agreedOn}
        onChange={(e) => setAgreedOn(e.target.value)}
      />
      <RadioGroup
        {...form.field('method')}
        legend={labels.method}
        required
        inline
        options={consentMethods.map((m) => ({ value: m, label: t(`enums.consentMethod.${m}`) }))}
        value={method}
        onChange={setMethod}
      />
      <TextField
        {...form.field('note')}
        label={labels.note}
        hint={t('plans.agreement.noteHint')}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div>
        <Button type="submit" variant="primary" busy={agree.isPending} busyLabel={t('common.saving')}>
          {t('plans.agreement.submit')}
        </Button>
      </div>
    </form>
  );
}

const CONFIRM_FORM = 'plan-confirm';

/**
 * 確定: only a version the person agreed to; says whom the team notice asked to confirm. After the
 * 支給決定 it asks for the reason there was no サービス担当者会議 on the version, when none is recorded.
 */
export function ConfirmPanel({
  personId,
  plan,
  canConfirm,
  onDone,
}: {
  personId: string;
  plan: Plan;
  canConfirm: boolean;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const confirm = useConfirmPlan(personId, plan.summary.id);
  const form = useFormProblems(CONFIRM_FORM);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<ConfirmResult | null>(null);
  const version = plan.latest.version;
  const requirement = plan.confirmRequirement;
  if (result) {
    const names = (list: string[]) => list.join(t('common.listSeparator'));
    return (
      <Notice tone="success" title={t('plans.confirm.done', { version: result.plan.latest.version })}>
        {result.notice?.askedToConfirm.length ? (
          <p>{t('plans.confirm.told', { names: names(result.notice.askedToConfirm) })}</p>
        ) : null}
        {result.notice?.notTold.length ? (
          <p>{t('plans.confirm.notTold', { names: names(result.notice.notTold) })}</p>
        ) : null}
      </Notice>
    );
  }
  if (!canConfirm) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    form.clear();
    confirm.mutate(
      { version, noMeetingReason: requirement.meetingOrReasonRequired ? emptyToNull(reason) : null },
      {
        onSuccess: (r) => {
          setResult(r);
          onDone?.();
        },
        onError: form.failRequest,
      },
    );
  }
  return (
    <form
      id={CONFIRM_FORM}
      className="stack subpanel"
      aria-labelledby="plan-confirm-title"
      onSubmit={submit}
      noValidate
    >
      <h3 id="plan-confirm-title">{t('plans.confirm.title')}</h3>
      <p>{t('plans.confirm.lead', { version })}</p>
      <ErrorSummary formId={CONFIRM_FORM} problems={form.problems} />
      {requirement.meetingOrReasonRequired && requirement.benefitDecisionOn ? (
        <>
          <Notice tone="warning">
            <p>
              {t('plans.confirm.meetingNeeded', {
                date: formatDate(requirement.benefitDecisionOn),
                version,
              })}{' '}
              <a href="#meetings">{t('plans.meetings.recordLink')}</a>
            </p>
          </Notice>
          <TextAreaField
            {...form.field('noMeetingReason')}
            label={t('plans.confirm.noMeetingReason')}
            hint={t('plans.confirm.noMeetingReasonHint')}
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </>
      ) : requirement.benefitDecisionOn ? (
        <p className="muted">
          {t(`plans.confirm.decision.${requirement.benefitDecisionSource ?? 'plan'}`, {
            date: formatDate(requirement.benefitDecisionOn),
          })}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="primary" busy={confirm.isPending} busyLabel={t('common.saving')}>
          {t('plans.confirm.submit', { version })}
        </Button>
      </div>
    </form>
  );
}
