import type { Meeting, MeetingBody, Plan } from '@tsunagu/contract';
import { MeetingBody as MeetingSchema } from '@tsunagu/contract/plan-meetings';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { formatDate, formatDateTime, todayInTokyo } from '../../../lib/format.ts';
import { emptyToNull } from '../../../lib/text.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordMeeting } from '../api/plans.ts';
import { PlanRows, PlanTextArea, RowHeader } from './plan-form-parts.tsx';
import { statusOf } from './plan-labels.ts';
import { RecordSection } from './record-section.tsx';

const FORM_ID = 'plan-meeting';

interface AttendeeDraft {
  organisationName: string;
  role: string;
  name: string;
}
const emptyAttendee = (): AttendeeDraft => ({ organisationName: '', role: '', name: '' });

/** サービス担当者会議 on one version: when, where, who, what was considered, concluded and left open. */
function MeetingForm({
  personId,
  plan,
  onDone,
  onCancel,
}: {
  personId: string;
  plan: Plan;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const record = useRecordMeeting(personId, plan.summary.id);
  const [planVersion, setPlanVersion] = useState(String(plan.latest.version));
  const [heldOn, setHeldOn] = useState(todayInTokyo());
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [place, setPlace] = useState('');
  const [attendees, setAttendees] = useState<AttendeeDraft[]>([emptyAttendee()]);
  const [topics, setTopics] = useState('');
  const [conclusions, setConclusions] = useState('');
  const [remainingIssues, setRemainingIssues] = useState('');
  const label = (field: string) => t(`plans.meetings.fields.${field as 'place'}`);
  const labels = Object.fromEntries(
    [
      'planVersion',
      'heldOn',
      'startsAt',
      'endsAt',
      'place',
      'attendees',
      'organisationName',
      'role',
      'name',
      'topics',
      'conclusions',
      'remainingIssues',
    ].map((f) => [f, label(f)]),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: MeetingBody = {
      planVersion: Number(planVersion),
      heldOn,
      startsAt,
      endsAt: endsAt || null,
      place: place.trim(),
      attendees: attendees.map((a) => ({
        organisationName: emptyToNull(a.organisationName),
        role: emptyToNull(a.role),
        name: a.name.trim(),
      })),
      topics: topics.trim(),
      conclusions: conclusions.trim(),
      remainingIssues: emptyToNull(remainingIssues),
    };
    const errors = await validateAgainst(MeetingSchema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, { onSuccess: onDone, onError: form.failRequest });
  }

  const area = (
    field: 'topics' | 'conclusions' | 'remainingIssues',
    value: string,
    set: (v: string) => void,
  ) => (
    <PlanTextArea
      form={form}
      field={field}
      label={label(field)}
      required={field !== 'remainingIssues'}
      rows={3}
      maxLength={2000}
      value={value}
      onChange={set}
    />
  );

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack subpanel">
      <h3>{t('plans.meetings.formTitle')}</h3>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <SelectField
        {...form.field('planVersion')}
        label={labels.planVersion}
        hint={t('plans.meetings.planVersionHint')}
        required
        options={[...plan.versions].reverse().map((v) => ({
          value: String(v.version),
          label: t('plans.versionWithStatus', { version: v.version, status: statusOf(v).label }),
        }))}
        value={planVersion}
        onChange={(e) => setPlanVersion(e.target.value)}
      />
      <div className="grid-2">
        <TextField
          {...form.field('heldOn')}
          className="field--short"
          type="date"
          required
          max={todayInTokyo()}
          label={labels.heldOn}
          value={heldOn}
          onChange={(e) => setHeldOn(e.target.value)}
        />
        <div className="grid-2">
          <TextField
            {...form.field('startsAt')}
            type="time"
            required
            label={labels.startsAt}
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
          />
          <TextField
            {...form.field('endsAt')}
            type="time"
            label={labels.endsAt}
            value={endsAt}
            onChange={(e) => setEndsAt(e.target.value)}
          />
        </div>
      </div>
      <TextField
        {...form.field('place')}
        required
        maxLength={200}
        label={labels.place}
        value={place}
        onChange={(e) => setPlace(e.target.value)}
      />
      <Fieldset legend={labels.attendees} className="stack">
        <p className="field__hint">{t('plans.meetings.attendeesHint')}</p>
        <PlanRows
          rows={attendees}
          onChange={setAttendees}
          keyOf={(_, i) => i}
          newRow={emptyAttendee}
          addLabel={t('plans.meetings.addAttendee')}
          max={30}
        >
          {(a, i, edit) => (
            <>
              <RowHeader
                title={t('plans.meetings.attendeeTitle', { number: i + 1 })}
                removeLabel={t('plans.meetings.removeAttendee', { number: i + 1 })}
                onRemove={edit.remove}
              />
              <div className="grid-2">
                <TextField
                  {...form.field(`attendees.${i}.name`)}
                  required
                  maxLength={100}
                  label={labels.name}
                  value={a.name}
                  onChange={(e) => edit.set({ ...a, name: e.target.value })}
                />
                <TextField
                  {...form.field(`attendees.${i}.role`)}
                  maxLength={100}
                  label={labels.role}
                  value={a.role}
                  onChange={(e) => edit.set({ ...a, role: e.target.value })}
                />
                <TextField
                  {...form.field(`attendees.${i}.organisationName`)}
                  maxLength={100}
                  label={labels.organisationName}
                  value={a.organisationName}
                  onChange={(e) => edit.set({ ...a, organisationName: e.target.value })}
                />
              </div>
            </>
          )}
        </PlanRows>
      </Fieldset>
      {area('topics', topics, setTopics)}
      {area('conclusions', conclusions, setConclusions)}
      {area('remainingIssues', remainingIssues, setRemainingIssues)}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('plans.meetings.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function MeetingCard({ m }: { m: Meeting }) {
  const { t } = useTranslation();
  const when = `${formatDate(m.heldOn)} ${m.startsAt}${m.endsAt ? `〜${m.endsAt}` : ''}`;
  return (
    <article className="card stack meeting-card">
      <p className="monitoring-card__head">
        <strong>{when}</strong>{' '}
        <Badge tone="info">{t('plans.meetings.onVersion', { version: m.planVersion })}</Badge>
      </p>
      <dl className="description-list plan-facts">
        <div>
          <dt>{t('plans.meetings.fields.place')}</dt>
          <dd className="plan-words">{m.place}</dd>
        </div>
        <div>
          <dt>{t('plans.meetings.fields.attendees')}</dt>
          <dd>
            <ul className="plain-list">
              {m.attendees.map((a, i) => (
                <li key={i}>
                  {a.name}
                  {a.role || a.organisationName ? (
                    <span className="muted">
                      {t('common.paren', { text: [a.organisationName, a.role].filter(Boolean).join(' ') })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('plans.meetings.fields.topics')}</dt>
          <dd className="plan-words">{m.topics}</dd>
        </div>
        <div>
          <dt>{t('plans.meetings.fields.conclusions')}</dt>
          <dd className="plan-words">{m.conclusions}</dd>
        </div>
        <div>
          <dt>{t('plans.meetings.fields.remainingIssues')}</dt>
          <dd className="plan-words">{m.remainingIssues ?? t('common.none')}</dd>
        </div>
      </dl>
      <p className="table__sub">
        {t('plans.meetings.recordedBy', {
          name: m.recordedBy ?? '',
          organisation: m.recordedByOrganisation,
          time: formatDateTime(m.recordedAt),
        })}
      </p>
    </article>
  );
}

/** サービス担当者会議: the meetings on each version, and the form for the plan's own office. */
export function MeetingsSection({ personId, plan }: { personId: string; plan: Plan }) {
  const { t } = useTranslation();
  return (
    <RecordSection
      id="meetings"
      title={t('plans.meetings.title')}
      intro={<p>{t('plans.meetings.lead')}</p>}
      openLabel={t('plans.meetings.open')}
      doneText={t('plans.meetings.done')}
      form={
        plan.abilities.recordMeeting
          ? (close) => (
              <MeetingForm
                personId={personId}
                plan={plan}
                onDone={() => close(true)}
                onCancel={() => close(false)}
              />
            )
          : null
      }
      records={plan.meetings}
      renderRecord={(m) => <MeetingCard m={m} />}
      noneText={t('plans.meetings.none')}
    />
  );
}
