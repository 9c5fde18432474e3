import type { ScheduleDay, WeeklySchedule, WeeklySlotKind } from '@tsunagu/contract';
import { scheduleDays, weeklySlotKinds } from '@tsunagu/contract/weekly-schedule';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { Fieldset } from '../../../components/ui/form.tsx';
import { usePrintWarning } from '../../../lib/print-warning.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { PlanTextArea, RowHeader, type FormProblemsApi } from './plan-form-parts.tsx';

/** One slot as the editor holds it; `key` only keeps React's rows apart. */
interface SlotDraft {
  key: number;
  day: ScheduleDay;
  start: string;
  end: string;
  kind: WeeklySlotKind;
  text: string;
}
interface ActivityDraft {
  key: number;
  time: string;
  text: string;
}

/** The 週間計画表 being edited. Slots stay in the order entered: the server names them by that index. */
export interface WeeklyDraft {
  slots: SlotDraft[];
  activities: ActivityDraft[];
  nonWeeklyServices: string;
  lifeOverview: string;
}

let nextKey = 1;
const newKey = () => nextKey++;

export function weeklyDraft(schedule: WeeklySchedule | null | undefined): WeeklyDraft {
  return {
    slots: (schedule?.slots ?? []).map((s) => ({ ...s, key: newKey() })),
    activities: (schedule?.dailyActivities ?? []).map((a) => ({ ...a, key: newKey() })),
    nonWeeklyServices: schedule?.nonWeeklyServices ?? '',
    lifeOverview: schedule?.lifeOverview ?? '',
  };
}

/** The week as the API takes it; null when nothing is written (the plan then has no 週間計画表). */
export function weeklyBody(draft: WeeklyDraft): WeeklySchedule | null {
  const body = {
    slots: draft.slots.map(({ day, start, end, kind, text }) => ({
      day,
      start,
      end,
      kind,
      text: text.trim(),
    })),
    dailyActivities: draft.activities.map(({ time, text }) => ({ time, text: text.trim() })),
    nonWeeklyServices: emptyToNull(draft.nonWeeklyServices),
    lifeOverview: emptyToNull(draft.lifeOverview),
  };
  const empty =
    !body.slots.length && !body.dailyActivities.length && !body.nonWeeklyServices && !body.lifeOverview;
  return empty ? null : body;
}

/**
 * 週間計画表: a block per day (月〜土, 日・祝) with its slots, each a service or the person's own
 * activity; then the 主な日常生活上の活動, the services not weekly and the life they make possible.
 * One column of plain fields, so it works on a phone as on a desk; a day can copy the day before.
 */
export function WeeklyScheduleEditor({
  form,
  draft,
  onChange,
}: {
  form: FormProblemsApi;
  draft: WeeklyDraft;
  onChange: (draft: WeeklyDraft) => void;
}) {
  const { t } = useTranslation();
  // The slot just added takes the focus, so a keyboard user types its time at once.
  const [added, setAdded] = useState<number | null>(null);
  const setSlots = (slots: SlotDraft[]) => onChange({ ...draft, slots });
  const addSlot = (day: ScheduleDay) => {
    const key = newKey();
    setAdded(key);
    setSlots([...draft.slots, { key, day, start: '', end: '', kind: 'service', text: '' }]);
  };
  const copyDayBefore = (day: ScheduleDay) => {
    const before = scheduleDays[scheduleDays.indexOf(day) - 1];
    const others = draft.slots.filter((s) => s.day !== day);
    const copies = draft.slots.filter((s) => s.day === before).map((s) => ({ ...s, day, key: newKey() }));
    setSlots([...others, ...copies]);
  };
  const setActivities = (activities: ActivityDraft[]) => onChange({ ...draft, activities });

  return (
    <Fieldset legend={t('plans.weekly.legend')} className="stack weekly-editor">
      <p className="field__hint">{t('plans.weekly.hint')}</p>
      {scheduleDays.map((day, d) => {
        const slots = draft.slots.map((slot, index) => ({ slot, index })).filter((x) => x.slot.day === day);
        const dayName = t(`plans.weekly.dayLong.${day}`);
        return (
          <fieldset key={day} className="weekly-day" aria-label={dayName}>
            <legend className="weekly-day__title">{dayName}</legend>
            {slots.length === 0 ? <p className="muted">{t('plans.weekly.noSlots')}</p> : null}
            <ol className="plain-list stack">
              {slots.map(({ slot, index }, n) => (
                <li key={slot.key} className="weekly-slot">
                  <SlotFields
                    form={form}
                    index={index}
                    title={t('plans.weekly.slotTitle', { day: dayName, number: n + 1 })}
                    slot={slot}
                    focusFirst={added === slot.key}
                    onChange={(next) => setSlots(draft.slots.map((s) => (s.key === slot.key ? next : s)))}
                    onRemove={() => setSlots(draft.slots.filter((s) => s.key !== slot.key))}
                  />
                </li>
              ))}
            </ol>
            <div className="button-row">
              <Button small onClick={() => addSlot(day)} disabled={draft.slots.length >= 120}>
                {t('plans.weekly.addSlot', { day: dayName })}
              </Button>
              {/* Copying an empty day would only clear this one. */}
              {d > 0 && draft.slots.some((s) => s.day === scheduleDays[d - 1]) ? (
                <Button small variant="quiet" onClick={() => copyDayBefore(day)}>
                  {t('plans.weekly.copyDayBefore', {
                    day: dayName,
                    before: t(`plans.weekly.dayLong.${scheduleDays[d - 1]!}`),
                  })}
                </Button>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      <fieldset className="weekly-day" aria-label={t('plans.weekly.activities')}>
        <legend className="weekly-day__title">{t('plans.weekly.activities')}</legend>
        <p className="field__hint">{t('plans.weekly.activitiesHint')}</p>
        <ol className="plain-list stack">
          {draft.activities.map((a, i) => (
            <li key={a.key} className="weekly-slot weekly-slot--activity">
              <TextField
                {...form.field(`weeklySchedule.dailyActivities.${i}.time`)}
                className="field--short"
                type="time"
                required
                label={t('plans.weekly.activityTime', { number: i + 1 })}
                value={a.time}
                onChange={(e) =>
                  setActivities(
                    draft.activities.map((x) => (x.key === a.key ? { ...x, time: e.target.value } : x)),
                  )
                }
              />
              <TextField
                {...form.field(`weeklySchedule.dailyActivities.${i}.text`)}
                required
                maxLength={200}
                label={t('plans.weekly.activityText', { number: i + 1 })}
                value={a.text}
                onChange={(e) =>
                  setActivities(
                    draft.activities.map((x) => (x.key === a.key ? { ...x, text: e.target.value } : x)),
                  )
                }
              />
              <div>
                <Button
                  small
                  variant="quiet"
                  aria-label={t('plans.weekly.removeActivity', { number: i + 1 })}
                  onClick={() => setActivities(draft.activities.filter((x) => x.key !== a.key))}
                >
                  {t('common.remove')}
                </Button>
              </div>
            </li>
          ))}
        </ol>
        <div>
          <Button
            small
            onClick={() => setActivities([...draft.activities, { key: newKey(), time: '', text: '' }])}
            disabled={draft.activities.length >= 24}
          >
            {t('plans.weekly.addActivity')}
          </Button>
        </div>
      </fieldset>
      <PlanTextArea
        form={form}
        field="weeklySchedule.nonWeeklyServices"
        label={t('plans.weekly.nonWeeklyServices')}
        hint={t('plans.weekly.nonWeeklyServicesHint')}
        rows={2}
        maxLength={1000}
        value={draft.nonWeeklyServices}
        onChange={(v) => onChange({ ...draft, nonWeeklyServices: v })}
      />
      <PlanTextArea
        form={form}
        field="weeklySchedule.lifeOverview"
        label={t('plans.weekly.lifeOverview')}
        rows={3}
        maxLength={2000}
        value={draft.lifeOverview}
        onChange={(v) => onChange({ ...draft, lifeOverview: v })}
      />
    </Fieldset>
  );
}

function SlotFields({
  form,
  index,
  title,
  slot,
  focusFirst,
  onChange,
  onRemove,
}: {
  form: FormProblemsApi;
  index: number;
  title: string;
  slot: SlotDraft;
  focusFirst: boolean;
  onChange: (slot: SlotDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const printWarning = usePrintWarning();
  const at = `weeklySchedule.slots.${index}`;
  return (
    <>
      <RowHeader
        title={title}
        removeLabel={t('plans.weekly.removeSlot', { slot: title })}
        onRemove={onRemove}
      />
      <div className="weekly-slot__fields">
        <TextField
          {...form.field(`${at}.start`)}
          type="time"
          required
          autoFocus={focusFirst}
          label={t('plans.weekly.start')}
          value={slot.start}
          onChange={(e) => onChange({ ...slot, start: e.target.value })}
        />
        <TextField
          {...form.field(`${at}.end`)}
          type="time"
          required
          label={t('plans.weekly.end')}
          value={slot.end}
          onChange={(e) => onChange({ ...slot, end: e.target.value })}
        />
        <SelectField
          {...form.field(`${at}.kind`)}
          label={t('plans.weekly.kind')}
          options={weeklySlotKinds.map((k) => ({ value: k, label: t(`plans.weekly.kinds.${k}`) }))}
          value={slot.kind}
          onChange={(e) =>
            onChange({ ...slot, kind: weeklySlotKinds.find((k) => k === e.target.value) ?? slot.kind })
          }
        />
        <TextField
          {...form.field(`${at}.text`)}
          className="weekly-slot__text"
          required
          maxLength={100}
          label={t('plans.weekly.text')}
          warning={printWarning(slot.text)}
          value={slot.text}
          onChange={(e) => onChange({ ...slot, text: e.target.value })}
        />
      </div>
    </>
  );
}
