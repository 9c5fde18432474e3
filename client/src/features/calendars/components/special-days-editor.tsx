import type { SpecialDay } from '@tsunagu/contract';
import { PutSpecialDayBody } from '@tsunagu/contract/calendars';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, fieldId, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { emptyToNull } from '../../../lib/text.ts';
import { formatShortDate } from '../../../lib/format.ts';
import { messageOf, validateAgainst } from '../../../lib/validation.ts';
import { TimeRangeRow } from '../../organisations/components/business-hours-editor.tsx';
import { usePutSpecialDay, useRemoveSpecialDay } from '../api/calendars.ts';
import { useRangesText } from './calendar-status.tsx';

const FORM_ID = 'special-day';

interface EditableHours {
  key: number;
  opensAt: string;
  closesAt: string;
}

let nextKey = 0;

/** 特別な営業日・臨時休業日: one day's own hours, or none to close that day. */
export function SpecialDaysEditor({
  organisationId,
  specialDays,
  canManage,
}: {
  organisationId: string;
  specialDays: readonly SpecialDay[];
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const rangesText = useRangesText();
  const [date, setDate] = useState('');
  const [hours, setHours] = useState<EditableHours[]>([]);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SpecialDay | null>(null);
  const form = useFormProblems(FORM_ID);
  const put = usePutSpecialDay(organisationId);
  const remove = useRemoveSpecialDay(organisationId);
  const labels = { date: t('calendar.specialDate'), reason: t('calendar.specialReason') };

  const setRange = (key: number, patch: Partial<EditableHours>) =>
    setHours((list) => list.map((h) => (h.key === key ? { ...h, ...patch } : h)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const body = {
      hours: hours.map(({ opensAt, closesAt }) => ({ opensAt, closesAt })),
      reason: emptyToNull(reason),
    };
    const errors = await validateAgainst(PutSpecialDayBody, body, {
      opensAt: t('organisations.opensAt'),
      closesAt: t('organisations.closesAt'),
      reason: labels.reason,
    });
    if (!date) errors.date = t('validation.required', { field: labels.date });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    put.mutate(
      { date, ...body },
      {
        onSuccess: () => {
          setSaved(t('calendar.specialSaved', { date: formatShortDate(date) }));
          setDate('');
          setHours([]);
          setReason('');
        },
        onError: form.failRequest,
      },
    );
  }

  return (
    <div className="stack">
      {specialDays.length ? (
        <ul className="plain-list closure-list">
          {specialDays.map((d) => (
            <li key={d.date} className="closure">
              <span>
                {formatShortDate(d.date)} <strong>{rangesText(d.hours) ?? t('calendar.closedAllDay')}</strong>
                {d.reason ? <span className="muted"> {t('common.paren', { text: d.reason })}</span> : null}
              </span>
              {canManage ? (
                <Button
                  small
                  variant="quiet"
                  aria-label={t('calendar.removeSpecialLabel', {
                    date: formatShortDate(d.date),
                  })}
                  onClick={() => {
                    remove.reset();
                    setRemoving(d);
                  }}
                >
                  {t('common.delete')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('calendar.noSpecialDays')}</p>
      )}
      {canManage ? (
        <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
          <Fieldset legend={t('calendar.addSpecialDay')}>
            <div className="stack">
              <ErrorSummary formId={FORM_ID} problems={form.problems} />
              {saved ? <Notice tone="success">{saved}</Notice> : null}
              <TextField
                {...form.field('date')}
                label={labels.date}
                type="date"
                required
                className="field--short"
                value={date}
                onChange={(e) => setDate(e.target.value)}
              />
              <div className="stack">
                <p className="field__label">{t('calendar.specialHours')}</p>
                <p className="field__hint">{t('calendar.specialHoursHint')}</p>
                {hours.map((h, i) => {
                  const openId = fieldId(FORM_ID, `hours.${i}.opensAt`);
                  const closeId = fieldId(FORM_ID, `hours.${i}.closesAt`);
                  return (
                    <TimeRangeRow
                      key={h.key}
                      openId={openId}
                      closeId={closeId}
                      opensAt={h.opensAt}
                      closesAt={h.closesAt}
                      openError={form.errorOf(`hours.${i}.opensAt`)}
                      closeError={form.errorOf(`hours.${i}.closesAt`)}
                      openLabel={t('calendar.specialOpensAt', { index: i + 1 })}
                      closeLabel={t('calendar.specialClosesAt', { index: i + 1 })}
                      removeLabel={t('calendar.removeSpecialRange', { index: i + 1 })}
                      onChange={(patch) => setRange(h.key, patch)}
                      onRemove={() => setHours((list) => list.filter((x) => x.key !== h.key))}
                    />
                  );
                })}
                <div className="button-row">
                  <Button
                    small
                    onClick={() =>
                      setHours((list) => [
                        ...list,
                        { key: ++nextKey, opensAt: list.at(-1)?.closesAt ?? '09:00', closesAt: '17:00' },
                      ])
                    }
                  >
                    + {t('organisations.addRange')}
                  </Button>
                </div>
              </div>
              <TextField
                {...form.field('reason')}
                label={labels.reason}
                hint={t('calendar.specialReasonHint')}
                maxLength={100}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <div className="button-row">
                <Button type="submit" variant="primary" busy={put.isPending} busyLabel={t('common.saving')}>
                  {hours.length ? t('calendar.saveSpecialOpen') : t('calendar.saveSpecialClosed')}
                </Button>
              </div>
            </div>
          </Fieldset>
        </form>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('calendar.removeSpecialTitle')}
        message={removing ? t('calendar.removeSpecialConfirm', { date: formatShortDate(removing.date) }) : ''}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.date, { onSuccess: () => setRemoving(null) })}
      />
    </div>
  );
}
