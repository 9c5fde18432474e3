import type { Closure } from '@tsunagu/contract';
import { CreateClosureBody } from '@tsunagu/contract/calendars';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { messageOf, validateAgainst } from '../../../lib/validation.ts';
import { useAddClosure, useRemoveClosure } from '../api/calendars.ts';
import { useDaysText } from './calendar-status.tsx';

const FORM_ID = 'closure';

/** 休業期間: the list, and for the organisation's admin a form to add one and a way to remove one. */
export function ClosuresEditor({
  organisationId,
  closures,
  canManage,
}: {
  organisationId: string;
  closures: readonly Closure[];
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [isYearly, setIsYearly] = useState(false);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Closure | null>(null);
  const daysText = useDaysText();
  const form = useFormProblems(FORM_ID);
  const add = useAddClosure(organisationId);
  const remove = useRemoveClosure(organisationId);

  const labels = {
    startsOn: t('calendar.closureStartsOn'),
    endsOn: t('calendar.closureEndsOn'),
    reason: t('calendar.closureReason'),
  };

  /** 年末年始 as a yearly closure, for an office that closes on other days than 12/29–1/3. */
  const presetYearEnd = () => {
    const year = Number(todayInTokyo().slice(0, 4));
    setStartsOn(`${year}-12-29`);
    setEndsOn(`${year + 1}-01-03`);
    setIsYearly(true);
    setReason(t('calendar.kinds.year_end'));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const body = { startsOn, endsOn, isYearly, reason: reason.trim() };
    const errors = await validateAgainst(CreateClosureBody, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    add.mutate(body, {
      onSuccess: (c) => {
        setSaved(t('calendar.closureAdded', { reason: c.reason }));
        setStartsOn('');
        setEndsOn('');
        setIsYearly(false);
        setReason('');
      },
      onError: form.failRequest,
    });
  }

  return (
    <div className="stack">
      {closures.length ? (
        <ul className="plain-list closure-list">
          {closures.map((c) => (
            <li key={c.id} className="closure">
              <span>
                {daysText(c.startsOn, c.endsOn)}
                {c.isYearly ? <span className="muted"> {t('calendar.everyYear')}</span> : null}{' '}
                <strong>{c.reason}</strong>
              </span>
              {canManage ? (
                <Button
                  small
                  variant="quiet"
                  aria-label={t('calendar.removeClosureLabel', { reason: c.reason })}
                  onClick={() => {
                    remove.reset();
                    setRemoving(c);
                  }}
                >
                  {t('common.delete')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('calendar.noClosures')}</p>
      )}
      {canManage ? (
        <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
          <Fieldset legend={t('calendar.addClosure')}>
            <div className="stack">
              <ErrorSummary formId={FORM_ID} problems={form.problems} />
              {saved ? <Notice tone="success">{saved}</Notice> : null}
              <div className="button-row">
                <Button small onClick={presetYearEnd}>
                  {t('calendar.yearEndPreset')}
                </Button>
              </div>
              <div className="grid-2">
                <TextField
                  {...form.field('startsOn')}
                  label={labels.startsOn}
                  type="date"
                  required
                  value={startsOn}
                  onChange={(e) => setStartsOn(e.target.value)}
                />
                <TextField
                  {...form.field('endsOn')}
                  label={labels.endsOn}
                  type="date"
                  required
                  value={endsOn}
                  onChange={(e) => setEndsOn(e.target.value)}
                />
              </div>
              <TextField
                {...form.field('reason')}
                label={labels.reason}
                hint={t('calendar.closureReasonHint')}
                required
                maxLength={100}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <CheckboxField
                {...form.field('isYearly')}
                label={t('calendar.closureYearly')}
                checked={isYearly}
                onChange={(e) => setIsYearly(e.target.checked)}
              />
              <div className="button-row">
                <Button type="submit" variant="primary" busy={add.isPending} busyLabel={t('common.saving')}>
                  {t('calendar.addClosureSubmit')}
                </Button>
              </div>
            </div>
          </Fieldset>
        </form>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('calendar.removeClosureTitle')}
        message={removing ? t('calendar.removeClosureConfirm', { reason: removing.reason }) : ''}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      />
    </div>
  );
}
