import type { BusinessHoursRange } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { fieldId } from '../../../components/ui/form.tsx';
import { weekdayName, weekdaysMondayFirst } from '../../../lib/format.ts';

/** One editable range; `key` keeps React's identity stable while ranges are added and removed. */
export interface EditableRange extends BusinessHoursRange {
  key: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** "HH:MM" plus some minutes, at most 24:00. */
function laterBy(hhmm: string, minutes: number): string {
  const total = Math.min(24 * 60, minutesOf(hhmm) + Math.max(minutes, 0));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

let nextKey = 0;
const newKey = () => `range-${++nextKey}`;

/** Ranges in the order they are shown and sent: Monday first, then by opening time. */
export function sortRanges(ranges: readonly EditableRange[]): EditableRange[] {
  const order = (w: number) => weekdaysMondayFirst.indexOf(w as (typeof weekdaysMondayFirst)[number]);
  return [...ranges].sort(
    (a, b) => order(a.weekday) - order(b.weekday) || a.opensAt.localeCompare(b.opensAt),
  );
}

export function toEditable(hours: readonly BusinessHoursRange[]): EditableRange[] {
  return sortRanges(hours.map((h) => ({ ...h, key: newKey() })));
}

export function fromEditable(ranges: readonly EditableRange[]): BusinessHoursRange[] {
  return ranges.map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt }));
}

/** Client-side check the schema cannot express: each range must end after it starts. */
export function rangeOrderErrors(ranges: readonly EditableRange[], message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  ranges.forEach((r, i) => {
    if (r.opensAt && r.closesAt && r.closesAt !== '24:00' && r.closesAt <= r.opensAt) {
      // Named by its day, so the error summary above the form says which range is wrong.
      errors[`businessHours.${i}.closesAt`] = `${weekdayName(r.weekday, 'long')}: ${message}`;
    }
  });
  return errors;
}

/**
 * One opening range: two time inputs with their hidden labels and errors, and a delete button.
 * Shared by the weekly hours and a special day's hours.
 */
export function TimeRangeRow({
  openId,
  closeId,
  opensAt,
  closesAt,
  openError,
  closeError,
  openLabel,
  closeLabel,
  removeLabel,
  onChange,
  onRemove,
}: {
  openId: string;
  closeId: string;
  opensAt: string;
  closesAt: string;
  openError: string | undefined;
  closeError: string | undefined;
  openLabel: string;
  closeLabel: string;
  removeLabel: string;
  onChange: (patch: { opensAt?: string; closesAt?: string }) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="hours-editor__range">
      <FieldError id={openId} error={openError} />
      <FieldError id={closeId} error={closeError} />
      <div className="hours-editor__inputs">
        <label htmlFor={openId} className="visually-hidden">
          {openLabel}
        </label>
        <input
          id={openId}
          type="time"
          step={300}
          className="input input--time"
          value={opensAt}
          aria-invalid={openError ? true : undefined}
          aria-describedby={openError ? `${openId}-error` : undefined}
          onChange={(e) => onChange({ opensAt: e.target.value })}
        />
        <span aria-hidden="true">〜</span>
        <label htmlFor={closeId} className="visually-hidden">
          {closeLabel}
        </label>
        <input
          id={closeId}
          type="time"
          step={300}
          className="input input--time"
          value={closesAt}
          aria-invalid={closeError ? true : undefined}
          aria-describedby={closeError ? `${closeId}-error` : undefined}
          onChange={(e) => onChange({ closesAt: e.target.value })}
        />
        <Button small variant="quiet" onClick={onRemove} aria-label={removeLabel}>
          {t('common.delete')}
        </Button>
      </div>
    </div>
  );
}

interface EditorProps {
  formId: string;
  value: EditableRange[];
  onChange: (next: EditableRange[]) => void;
  errorOf: (field: string) => string | undefined;
}

/**
 * Business hours, one block per weekday with any number of ranges. The field names follow
 * the array sent to the server (businessHours.3.opensAt), so its errors land on the right input.
 */
export function BusinessHoursEditor({ formId, value, onChange, errorOf }: EditorProps) {
  const { t } = useTranslation();

  const update = (key: string, patch: Partial<BusinessHoursRange>) =>
    onChange(value.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const remove = (key: string) => onChange(value.filter((r) => r.key !== key));
  const add = (weekday: number) => {
    const last = value.filter((r) => r.weekday === weekday).at(-1);
    // A new range starts where the day's last one ends (a lunch break is then one edit away).
    const opensAt = last ? last.closesAt : '09:00';
    const closesAt = last
      ? laterBy(opensAt, last.closesAt < '17:00' ? 17 * 60 - minutesOf(opensAt) : 60)
      : '17:00';
    onChange(sortRanges([...value, { key: newKey(), weekday, opensAt, closesAt }]));
  };
  const presetWeekdays = () =>
    onChange(
      sortRanges([
        ...value.filter((r) => r.weekday === 0 || r.weekday === 6),
        ...[1, 2, 3, 4, 5].map((weekday) => ({
          key: newKey(),
          weekday,
          opensAt: '08:30',
          closesAt: '17:15',
        })),
      ]),
    );

  return (
    <div className="hours-editor stack">
      <p id={`${formId}-hours-hint`} className="field__hint">
        {t('organisations.hoursHint')}
      </p>
      <div className="button-row">
        <Button small onClick={presetWeekdays}>
          {t('organisations.weekdayPreset')}
        </Button>
        {value.length ? (
          <Button small variant="quiet" onClick={() => onChange([])}>
            {t('organisations.clearHours')}
          </Button>
        ) : null}
      </div>
      <ul className="hours-editor__days">
        {weekdaysMondayFirst.map((weekday) => {
          const day = weekdayName(weekday, 'long');
          const ranges = value.map((r, index) => ({ r, index })).filter(({ r }) => r.weekday === weekday);
          return (
            <li key={weekday} className="hours-editor__day">
              <p className="hours-editor__day-name" id={`${formId}-day-${weekday}`}>
                {day}
              </p>
              <div className="hours-editor__ranges">
                {ranges.length === 0 ? (
                  <p className="muted hours-editor__closed">{t('organisations.closed')}</p>
                ) : null}
                {ranges.map(({ r, index }, position) => {
                  const n = position + 1;
                  const openId = fieldId(formId, `businessHours.${index}.opensAt`);
                  const closeId = fieldId(formId, `businessHours.${index}.closesAt`);
                  const openError =
                    errorOf(`businessHours.${index}.opensAt`) ?? errorOf(`businessHours.${index}.weekday`);
                  const closeError = errorOf(`businessHours.${index}.closesAt`);
                  return (
                    <TimeRangeRow
                      key={r.key}
                      openId={openId}
                      closeId={closeId}
                      opensAt={r.opensAt}
                      closesAt={r.closesAt}
                      openError={openError}
                      closeError={closeError}
                      openLabel={t('organisations.opensAtLabel', { day, index: n })}
                      closeLabel={t('organisations.closesAtLabel', { day, index: n })}
                      removeLabel={t('organisations.removeRange', { day, index: n })}
                      onChange={(patch) => update(r.key, patch)}
                      onRemove={() => remove(r.key)}
                    />
                  );
                })}
                <Button
                  small
                  onClick={() => add(weekday)}
                  aria-label={`${t('organisations.addRange')}: ${day}`}
                >
                  + {t('organisations.addRange')}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
