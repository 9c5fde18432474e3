import type { OrganisationCalendar } from '@tsunagu/contract';
import { UpdateOrganisationBody } from '@tsunagu/contract/organisations';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useUpdateOrganisation } from '../../organisations/api/organisations.ts';
import {
  BusinessHoursEditor,
  fromEditable,
  rangeOrderErrors,
  toEditable,
  type EditableRange,
} from '../../organisations/components/business-hours-editor.tsx';
import { BusinessHoursTable } from '../../organisations/components/business-hours-table.tsx';
import { calendarQueryOptions, useUpdateHolidayPolicy } from '../api/calendars.ts';

const POLICY_FORM = 'holiday-policy';
const HOURS_FORM = 'weekly-hours';

/** 祝日・年末年始: whether the organisation closes on national holidays and over New Year. */
export function HolidayPolicyForm({ calendar }: { calendar: OrganisationCalendar }) {
  const { t } = useTranslation();
  const [closesOnHolidays, setClosesOnHolidays] = useState(calendar.closesOnHolidays);
  const [closesYearEnd, setClosesYearEnd] = useState(calendar.closesYearEnd);
  const [saved, setSaved] = useState(false);
  const form = useFormProblems(POLICY_FORM);
  const update = useUpdateHolidayPolicy(calendar.organisationId);

  if (!calendar.abilities.manage) {
    return (
      <ul className="plain-list">
        <li>{calendar.closesOnHolidays ? t('calendar.closesOnHolidays') : t('calendar.opensOnHolidays')}</li>
        <li>{calendar.closesYearEnd ? t('calendar.closesYearEnd') : t('calendar.opensYearEnd')}</li>
      </ul>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    form.clear();
    update.mutate(
      { closesOnHolidays, closesYearEnd },
      { onSuccess: () => setSaved(true), onError: form.failRequest },
    );
  };
  return (
    <form id={POLICY_FORM} onSubmit={submit} noValidate className="stack">
      <ErrorSummary formId={POLICY_FORM} problems={form.problems} />
      {saved ? <Notice tone="success">{t('calendar.policySaved')}</Notice> : null}
      <CheckboxField
        {...form.field('closesOnHolidays')}
        label={t('calendar.closesOnHolidaysLabel')}
        checked={closesOnHolidays}
        onChange={(e) => setClosesOnHolidays(e.target.checked)}
      />
      <CheckboxField
        {...form.field('closesYearEnd')}
        label={t('calendar.closesYearEndLabel')}
        checked={closesYearEnd}
        onChange={(e) => setClosesYearEnd(e.target.checked)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={update.isPending} busyLabel={t('common.saving')}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

/**
 * 週の営業時間: shown as a table; the organisation's admin edits it here (several ranges a day)
 * without going through the whole organisation form. Saved as the organisation's hours.
 */
export function WeeklyHours({ calendar }: { calendar: OrganisationCalendar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [hours, setHours] = useState<EditableRange[]>([]);
  const [saved, setSaved] = useState(false);
  const form = useFormProblems(HOURS_FORM);
  const update = useUpdateOrganisation(calendar.organisationId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { businessHours: fromEditable(hours) };
    const errors = {
      ...(await validateAgainst(UpdateOrganisationBody, body, {
        opensAt: t('organisations.opensAt'),
        closesAt: t('organisations.closesAt'),
      })),
      ...rangeOrderErrors(hours, t('validation.timeOrder')),
    };
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    update.mutate(body, {
      onSuccess: () => {
        // The weekly hours are the organisation's; the calendar built from them is read apart.
        void queryClient.invalidateQueries({
          queryKey: calendarQueryOptions(calendar.organisationId).queryKey,
        });
        setEditing(false);
        setSaved(true);
      },
      onError: form.failRequest,
    });
  };

  if (!editing) {
    return (
      <div className="stack">
        {saved ? <Notice tone="success">{t('calendar.hoursSaved')}</Notice> : null}
        {calendar.businessHours.length ? (
          <BusinessHoursTable hours={calendar.businessHours} caption={t('calendar.weeklyHours')} />
        ) : (
          <p>{t('organisations.noHours')}</p>
        )}
        {calendar.abilities.manage ? (
          <div className="button-row">
            <Button
              small
              onClick={() => {
                setHours(toEditable(calendar.businessHours));
                setSaved(false);
                form.clear();
                setEditing(true);
              }}
            >
              {t('calendar.editHours')}
            </Button>
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <form id={HOURS_FORM} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <ErrorSummary formId={HOURS_FORM} problems={form.problems} />
      <BusinessHoursEditor formId={HOURS_FORM} value={hours} onChange={setHours} errorOf={form.errorOf} />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={update.isPending} busyLabel={t('common.saving')}>
          {t('common.save')}
        </Button>
        <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
