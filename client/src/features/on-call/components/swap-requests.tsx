import type { OnCallRole, OnCallShift, StaffMember, SwapRequest } from '@tsunagu/contract';
import { CreateSwapRequestBody } from '@tsunagu/contract/on-call';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextAreaField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { messageOf, validateAgainst } from '../../../lib/validation.ts';
import { useDecideSwap, useRequestSwap, type SwapDecision } from '../api/on-call.ts';
import { useShiftTimeText } from './shift-summary.tsx';

const FORM_ID = 'swap-request';

const statusTone: Record<SwapRequest['status'], BadgeTone> = {
  pending: 'warning',
  accepted: 'success',
  declined: 'neutral',
  withdrawn: 'neutral',
  cancelled: 'neutral',
};

/** 交代をお願いする: the holder of a role on the shift asks a colleague of the same organisation. */
export function SwapRequestForm({
  shift,
  myUserId,
  staff,
}: {
  shift: OnCallShift;
  myUserId: string;
  staff: readonly StaffMember[];
}) {
  const { t } = useTranslation();
  const myRoles: OnCallRole[] = [
    ...(shift.primary.userId === myUserId ? (['primary'] as const) : []),
    ...(shift.backup?.userId === myUserId ? (['backup'] as const) : []),
  ];
  const [role, setRole] = useState<string>(myRoles[0] ?? '');
  const [toUserId, setTo] = useState('');
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const form = useFormProblems(FORM_ID);
  const request = useRequestSwap(shift.id);
  const others = new Set([shift.primary.userId, shift.backup?.userId]);
  const colleagues = staff
    .filter((s) => !s.isDisabled && !others.has(s.id))
    .map((s) => ({ value: s.id, label: s.displayName }));
  const labels = {
    role: t('onCall.swap.role'),
    toUserId: t('onCall.swap.to'),
    message: t('onCall.swap.message'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    const body = { role: role as OnCallRole, toUserId, message: emptyToNull(message) };
    const errors = await validateAgainst(CreateSwapRequestBody, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    request.mutate(body, {
      onSuccess: (r) => {
        setSent(t('onCall.swap.sent', { name: r.to.displayName }));
        setTo('');
        setMessage('');
      },
      onError: form.failRequest,
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <Fieldset legend={t('onCall.swap.requestTitle')}>
        <div className="stack">
          <ErrorSummary formId={FORM_ID} problems={form.problems} />
          {sent ? <Notice tone="success">{sent}</Notice> : null}
          <p className="field__hint">{t('onCall.swap.requestHint')}</p>
          {myRoles.length > 1 ? (
            <SelectField
              {...form.field('role')}
              label={labels.role}
              required
              options={myRoles.map((r) => ({ value: r, label: t(`onCall.roles.${r}`) }))}
              value={role}
              onChange={(e) => setRole(e.target.value)}
            />
          ) : (
            <p>{t('onCall.swap.yourRole', { role: t(`onCall.roles.${myRoles[0] ?? 'primary'}`) })}</p>
          )}
          <SelectField
            {...form.field('toUserId')}
            label={labels.toUserId}
            required
            placeholder={t('validation.choose', { field: labels.toUserId })}
            options={colleagues}
            value={toUserId}
            onChange={(e) => setTo(e.target.value)}
          />
          <TextAreaField
            {...form.field('message')}
            label={labels.message}
            hint={t('onCall.swap.messageHint')}
            rows={2}
            maxLength={300}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          <div className="button-row">
            <Button type="submit" variant="primary" busy={request.isPending} busyLabel={t('common.saving')}>
              {t('onCall.swap.submit')}
            </Button>
          </div>
        </div>
      </Fieldset>
    </form>
  );
}

/** 交代の依頼: who asked whom for which role, its state, and the buttons the caller may press. */
export function SwapRequestList({
  requests,
  showShift,
}: {
  requests: readonly SwapRequest[];
  /** Name the shift of each request (the list of all my requests); not on the shift's own page. */
  showShift: boolean;
}) {
  const { t } = useTranslation();
  const timeText = useShiftTimeText();
  const decide = useDecideSwap();
  const [done, setDone] = useState<string | null>(null);
  const act = (r: SwapRequest, decision: SwapDecision) => {
    setDone(null);
    decide.mutate(
      { id: r.id, decision },
      { onSuccess: () => setDone(t(`onCall.swap.done.${decision}`, { name: r.from.displayName })) },
    );
  };
  if (!requests.length) return <p>{t('onCall.swap.none')}</p>;
  return (
    <div className="stack">
      {done ? <Notice tone="success">{done}</Notice> : null}
      {decide.isError ? <Notice tone="error">{messageOf(decide.error)}</Notice> : null}
      <ul className="swap-list">
        {requests.map((r) => {
          const textId = `swap-${r.id}`;
          return (
            <li key={r.id} className={`swap swap--${r.status}`}>
              <p className="swap__head" id={textId}>
                <Badge tone={statusTone[r.status]}>{t(`onCall.swap.status.${r.status}`)}</Badge>{' '}
                {t('onCall.swap.summary', {
                  from: r.from.displayName,
                  to: r.to.displayName,
                  role: t(`onCall.roles.${r.role}`),
                })}
              </p>
              {showShift ? (
                <p>
                  <Link to={`/on-call/shifts/${r.shiftId}`}>
                    {r.shift.organisationName} {timeText(r.shift)}
                  </Link>
                </p>
              ) : null}
              {r.message ? <p className="quote">{r.message}</p> : null}
              <p className="muted">
                {t('onCall.swap.askedAt', { time: formatDateTime(r.createdAt) })}
                {r.decidedAt ? ` ${t('onCall.swap.decidedAt', { time: formatDateTime(r.decidedAt) })}` : null}
              </p>
              {r.abilities.respond || r.abilities.withdraw ? (
                <div className="button-row">
                  {r.abilities.respond ? (
                    <>
                      <Button
                        small
                        variant="primary"
                        aria-describedby={textId}
                        busy={decide.isPending}
                        onClick={() => act(r, 'accept')}
                      >
                        {t('onCall.swap.accept')}
                      </Button>
                      <Button
                        small
                        aria-describedby={textId}
                        busy={decide.isPending}
                        onClick={() => act(r, 'decline')}
                      >
                        {t('onCall.swap.decline')}
                      </Button>
                    </>
                  ) : null}
                  {r.abilities.withdraw ? (
                    <Button
                      small
                      aria-describedby={textId}
                      busy={decide.isPending}
                      onClick={() => act(r, 'withdraw')}
                    >
                      {t('onCall.swap.withdraw')}
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
