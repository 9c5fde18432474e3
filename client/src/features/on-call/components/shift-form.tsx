import type { OnCallShift, StaffMember } from '@tsunagu/contract';
import { CreateShiftBody } from '@tsunagu/contract/on-call';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import {
  describedBy,
  FieldError,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, fieldId, useFormProblems } from '../../../components/ui/form.tsx';
import { addDaysTo, timeInTokyo, todayInTokyo, tokyoDateTime } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { RegionChecklist } from '../../organisations/components/region-checklist.tsx';
import type { RegionChoice } from '../../organisations/components/region-choices.ts';
import { useCreateShift, useUpdateShift } from '../api/on-call.ts';

const FORM_ID = 'shift';

interface Props {
  organisationId: string;
  /** The shift to edit; absent to add new ones. */
  shift?: OnCallShift;
  staff: readonly StaffMember[];
  regionChoices: readonly RegionChoice[];
  /** The organisation's own areas, ticked on a new shift. */
  defaultRegionIds: readonly string[];
  /** A day to start on (from the rota's view), for a new shift. */
  defaultDate?: string | undefined;
  cancelTo: string;
  onSaved: (firstShiftId: string, count: number) => void;
}

/** A date and a time input under one label, with one error (the server names `startsAt`/`endsAt`). */
function DateTimeField({
  field,
  label,
  date,
  time,
  error,
  hint,
  onDate,
  onTime,
}: {
  field: string;
  label: string;
  date: string;
  time: string;
  error: string | undefined;
  hint?: string;
  onDate: (v: string) => void;
  onTime: (v: string) => void;
}) {
  const { t } = useTranslation();
  const id = fieldId(FORM_ID, field);
  return (
    <fieldset className={['fieldset fieldset--inline', error ? 'field--invalid' : ''].join(' ')}>
      <legend className="field__label">{label}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      <div className="datetime-inputs">
        <label htmlFor={id} className="visually-hidden">
          {t('onCall.form.dateOf', { label })}
        </label>
        <input
          id={id}
          type="date"
          className="input input--date"
          required
          aria-required
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          value={date}
          onChange={(e) => onDate(e.target.value)}
        />
        <label htmlFor={`${id}-time`} className="visually-hidden">
          {t('onCall.form.timeOf', { label })}
        </label>
        <input
          id={`${id}-time`}
          type="time"
          step={300}
          className="input input--time"
          required
          aria-required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          value={time}
          onChange={(e) => onTime(e.target.value)}
        />
      </div>
    </fieldset>
  );
}

/** Adds shifts (optionally the same hours on following days) or edits one: times, people, areas, phone. */
export function ShiftForm({
  organisationId,
  shift,
  staff,
  regionChoices,
  defaultRegionIds,
  defaultDate,
  cancelTo,
  onSaved,
}: Props) {
  const { t } = useTranslation();
  const firstDay = defaultDate ?? todayInTokyo();
  const [startDate, setStartDate] = useState(shift ? todayInTokyo(new Date(shift.startsAt)) : firstDay);
  const [startTime, setStartTime] = useState(shift ? timeInTokyo(shift.startsAt) : '17:00');
  const [endDate, setEndDate] = useState(
    shift ? todayInTokyo(new Date(shift.endsAt)) : addDaysTo(firstDay, 1),
  );
  const [endTime, setEndTime] = useState(shift ? timeInTokyo(shift.endsAt) : '09:00');
  const [primaryUserId, setPrimary] = useState(shift?.primary.userId ?? '');
  const [backupUserId, setBackup] = useState(shift?.backup?.userId ?? '');
  const [regionIds, setRegionIds] = useState<string[]>(shift ? shift.regionIds : [...defaultRegionIds]);
  const [contactPhone, setPhone] = useState(shift?.contactPhone ?? '');
  const [note, setNote] = useState(shift?.note ?? '');
  const [repeatDays, setRepeatDays] = useState('1');
  const form = useFormProblems(FORM_ID);
  const create = useCreateShift();
  const update = useUpdateShift(shift?.id ?? '');

  const people = staff
    .filter((s) => !s.isDisabled || s.id === shift?.primary.userId || s.id === shift?.backup?.userId)
    .map((s) => ({ value: s.id, label: s.displayName }));
  const labels = {
    startsAt: t('onCall.form.startsAt'),
    endsAt: t('onCall.form.endsAt'),
    primaryUserId: t('onCall.primary'),
    backupUserId: t('onCall.backup'),
    regionIds: t('onCall.regions'),
    contactPhone: t('onCall.phone'),
    note: t('onCall.note'),
    repeatDays: t('onCall.form.repeatDays'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      startsAt: startDate && startTime ? tokyoDateTime(startDate, startTime) : '',
      endsAt: endDate && endTime ? tokyoDateTime(endDate, endTime) : '',
      primaryUserId,
      backupUserId: backupUserId || null,
      regionIds,
      contactPhone: emptyToNull(contactPhone),
      note: emptyToNull(note),
    };
    const body = { organisationId, ...fields, ...(shift ? {} : { repeatDays: Number(repeatDays) || 1 }) };
    const errors = await validateAgainst(CreateShiftBody, body, labels);
    if (fields.startsAt && fields.endsAt && fields.endsAt <= fields.startsAt && !errors.endsAt) {
      errors.endsAt = t('onCall.form.endAfterStart');
    }
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    if (shift) {
      // The checked body, its phone number folded, without what only a new shift takes.
      const { organisationId: _organisation, ...changes } = body;
      update.mutate(changes, { onSuccess: (d) => onSaved(d.shift.id, 1), onError: form.failRequest });
    } else {
      create.mutate(body, {
        onSuccess: (r) => onSaved(r.shifts[0]?.id ?? '', r.shifts.length),
        onError: form.failRequest,
      });
    }
  }

  const regionsError = Object.entries(form.problems.fields).find(
    ([f]) => f === 'regionIds' || f.startsWith('regionIds.'),
  )?.[1];
  const nightPreset = () => {
    setStartTime('17:00');
    setEndDate(addDaysTo(startDate || firstDay, 1));
    setEndTime('09:00');
  };
  const dayPreset = () => {
    setStartTime('09:00');
    setEndDate(startDate || firstDay);
    setEndTime('17:00');
  };

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack stack--large form-medium">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <Fieldset legend={t('onCall.form.when')}>
        <div className="stack">
          <div className="button-row">
            <Button small onClick={nightPreset}>
              {t('onCall.form.nightPreset')}
            </Button>
            <Button small onClick={dayPreset}>
              {t('onCall.form.dayPreset')}
            </Button>
          </div>
          <DateTimeField
            field="startsAt"
            label={labels.startsAt}
            date={startDate}
            time={startTime}
            error={form.errorOf('startsAt')}
            onDate={(v) => {
              // Moving the start moves the end with it, keeping a night a night.
              if (v && startDate && endDate) {
                const shiftBy = Math.round((Date.parse(v) - Date.parse(startDate)) / 86_400_000);
                setEndDate(addDaysTo(endDate, shiftBy));
              }
              setStartDate(v);
            }}
            onTime={setStartTime}
          />
          <DateTimeField
            field="endsAt"
            label={labels.endsAt}
            date={endDate}
            time={endTime}
            error={form.errorOf('endsAt')}
            onDate={setEndDate}
            onTime={setEndTime}
          />
          {shift ? null : (
            <TextField
              {...form.field('repeatDays')}
              label={labels.repeatDays}
              hint={t('onCall.form.repeatDaysHint')}
              type="number"
              min={1}
              max={31}
              inputMode="numeric"
              className="field--short"
              value={repeatDays}
              onChange={(e) => setRepeatDays(e.target.value)}
            />
          )}
        </div>
      </Fieldset>
      <Fieldset legend={t('onCall.form.who')}>
        <div className="grid-2">
          <SelectField
            {...form.field('primaryUserId')}
            label={labels.primaryUserId}
            required
            placeholder={t('validation.choose', { field: labels.primaryUserId })}
            options={people}
            value={primaryUserId}
            onChange={(e) => setPrimary(e.target.value)}
          />
          <SelectField
            {...form.field('backupUserId')}
            label={labels.backupUserId}
            placeholder={t('onCall.form.noBackup')}
            options={people}
            value={backupUserId}
            onChange={(e) => setBackup(e.target.value)}
          />
        </div>
        <TextField
          {...form.field('contactPhone')}
          label={labels.contactPhone}
          hint={t('onCall.form.phoneHint')}
          type="tel"
          maxLength={20}
          value={contactPhone}
          onChange={(e) => setPhone(e.target.value)}
        />
      </Fieldset>
      <Fieldset legend={labels.regionIds}>
        <p className="field__hint">{t('onCall.form.regionsHint')}</p>
        <RegionChecklist
          id={fieldId(FORM_ID, 'regionIds')}
          idPrefix={FORM_ID}
          choices={regionChoices}
          value={regionIds}
          onChange={setRegionIds}
          error={regionsError}
        />
      </Fieldset>
      <TextAreaField
        {...form.field('note')}
        label={labels.note}
        rows={3}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="button-row">
        <Button
          type="submit"
          variant="primary"
          busy={create.isPending || update.isPending}
          busyLabel={t('common.saving')}
        >
          {shift ? t('common.save') : t('onCall.form.create')}
        </Button>
        <ButtonLink to={cancelTo}>{t('common.cancel')}</ButtonLink>
      </div>
    </form>
  );
}
