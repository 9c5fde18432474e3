import type { RecordConsultationBody } from '@tsunagu/contract';
import {
  callerRelationships,
  consultationChannels,
  RecordConsultationBody as RecordConsultationSchema,
} from '@tsunagu/contract/consultations';
import { messagePriorities } from '@tsunagu/contract/enums';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { forgetDrafts, useKeptDraft } from '../../../lib/kept-drafts.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { allOrganisationsQueryOptions } from '../../organisations/api/organisations.ts';
import { personListQueryOptions } from '../../persons/api/persons.ts';
import { useRecordConsultation } from '../api/consultations.ts';
import type { Consultation } from '@tsunagu/contract';
import { tokyoDateTime } from '@tsunagu/contract/tokyo-time';
import { PersonDoNotTellBanner } from '../../persons/components/person-banners.tsx';
import { ExclusionFlag, useExclusionFlag } from '../../persons/components/exclusion-flag.tsx';

const FORM_ID = 'consultation';
/** The kept drafts of a new record (lib/kept-drafts.ts). */
const DRAFT = 'consultation:new:';

/** "YYYY-MM-DDTHH:MM" in Tokyo (a datetime-local value) for an instant; Japan has no summer time. */
export function tokyoLocalInput(date: Date = new Date()): string {
  return tokyoDateTime(date).replace(' ', 'T');
}

function fromTokyoLocalInput(value: string): string | undefined {
  const date = new Date(`${value}:00+09:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** 本人: search among the persons I may see, or say the person is not known yet. */
function PersonPicker({
  personId,
  onPick,
  unknown,
  onUnknown,
  error,
}: {
  personId: string | null;
  onPick: (id: string | null, name: string | null) => void;
  unknown: boolean;
  onUnknown: (unknown: boolean) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const persons = useQuery({ ...personListQueryOptions(searched), enabled: searched !== '' && !unknown });
  const found = persons.data?.persons ?? [];
  return (
    <Fieldset legend={t('offHours.consultation.person')}>
      <CheckboxField
        id={`${FORM_ID}-unknown`}
        label={t('offHours.consultation.personUnknown')}
        checked={unknown}
        onChange={(e) => {
          onUnknown(e.target.checked);
          if (e.target.checked) onPick(null, null);
        }}
      />
      {unknown ? null : (
        <div className="stack">
          <div className="consultation-search">
            <TextField
              id={`${FORM_ID}-personSearch`}
              type="search"
              label={t('offHours.consultation.personSearch')}
              hint={t('offHours.consultation.personSearchHint')}
              error={found.length ? undefined : error}
              maxLength={100}
              autoComplete="off"
              enterKeyHint="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  setSearched(q.trim());
                }
              }}
            />
            <div>
              <Button onClick={() => setSearched(q.trim())}>{t('offHours.consultation.search')}</Button>
            </div>
          </div>
          {searched && persons.data && !found.length ? (
            <p role="status">{t('offHours.consultation.noPersonFound')}</p>
          ) : null}
          {found.length ? (
            <RadioGroup
              id={`${FORM_ID}-personId`}
              legend={t('offHours.consultation.choosePerson')}
              error={error}
              options={found.map((p) => ({
                value: p.id,
                label: p.name,
                description: `${p.kana}・${p.birthDate}`,
              }))}
              value={personId ?? ''}
              onChange={(id) => onPick(id, found.find((p) => p.id === id)?.name ?? null)}
            />
          ) : null}
        </div>
      )}
    </Fieldset>
  );
}

/**
 * 緊急時の相談対応記録, fast to fill in during or right after a call at night: large fields, the
 * choices as big radio buttons, the person found by name or described when unknown.
 */
export function ConsultationForm({ onSaved }: { onSaved: (saved: Consultation) => void }) {
  const { t } = useTranslation();
  const record = useRecordConsultation();
  const form = useFormProblems(FORM_ID);
  const organisations = useQuery(allOrganisationsQueryOptions);
  const [receivedAt, setReceivedAt] = useState(() => tokyoLocalInput());
  const [channel, setChannel] = useState<string>('phone');
  const [callerRelationship, setCallerRelationship] = useState('');
  // A call written up at night may outlast the session: the typed text is kept for the same user.
  const [callerName, setCallerName] = useKeptDraft(`${DRAFT}callerName`, '');
  const [callerPhone, setCallerPhone] = useKeptDraft(`${DRAFT}callerPhone`, '');
  const [personId, setPersonId] = useState<string | null>(null);
  const [unknown, setUnknown] = useState(false);
  const [personDescription, setPersonDescription] = useKeptDraft(`${DRAFT}personDescription`, '');
  const [asked, setAsked] = useKeptDraft(`${DRAFT}asked`, '');
  const [done, setDone] = useKeptDraft(`${DRAFT}done`, '');
  const [outcome, setOutcome] = useKeptDraft(`${DRAFT}outcome`, '');
  const [priority, setPriority] = useKeptDraft<string>(`${DRAFT}priority`, 'normal');
  const [followUp, setFollowUp] = useState('no');
  const [followUpOrganisationId, setFollowUpOrganisationId] = useState('');
  const [followUpNote, setFollowUpNote] = useKeptDraft(`${DRAFT}followUpNote`, '');
  // A caller who may be someone the person must never be told of is flagged before saving.
  const flag = useExclusionFlag(unknown ? null : personId);
  const checkCaller = () =>
    flag.check({
      ...(callerName.trim() ? { name: callerName.trim() } : {}),
      ...(callerPhone.trim() ? { phone: callerPhone.trim() } : {}),
    });

  const labels = {
    receivedAt: t('offHours.consultation.receivedAt'),
    channel: t('offHours.consultation.channel'),
    callerRelationship: t('offHours.consultation.callerRelationship'),
    callerName: t('offHours.consultation.callerName'),
    callerPhone: t('offHours.consultation.callerPhone'),
    personDescription: t('offHours.consultation.personDescription'),
    asked: t('offHours.consultation.asked'),
    done: t('offHours.consultation.done'),
    outcome: t('offHours.consultation.outcome'),
    priority: t('offHours.consultation.priority'),
    followUpOrganisationId: t('offHours.consultation.followUpOrganisation'),
    followUpNote: t('offHours.consultation.followUpNote'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const needed = followUp === 'yes';
    const body = {
      receivedAt: fromTokyoLocalInput(receivedAt),
      channel,
      callerRelationship,
      ...(callerName.trim() ? { callerName: callerName.trim() } : {}),
      ...(callerPhone.trim() ? { callerPhone: callerPhone.trim() } : {}),
      personId,
      ...(unknown && personDescription.trim() ? { personDescription: personDescription.trim() } : {}),
      asked: asked.trim(),
      done: done.trim(),
      outcome: outcome.trim(),
      priority,
      followUpNeeded: needed,
      followUpOrganisationId: needed && followUpOrganisationId ? followUpOrganisationId : null,
      ...(needed && followUpNote.trim() ? { followUpNote: followUpNote.trim() } : {}),
      ...(flag.confirmed ? { excludedContactConfirmed: true } : {}),
    } as RecordConsultationBody;
    const errors = await validateAgainst(RecordConsultationSchema, body, labels);
    if (!unknown && !personId) errors.personId = t('offHours.consultation.personRequired');
    if (unknown && priority !== 'normal' && !personDescription.trim())
      errors.personDescription = t('offHours.consultation.describeRequired');
    if (needed && !followUpOrganisationId)
      errors.followUpOrganisationId = t('offHours.consultation.followUpRequired');
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, {
      onSuccess: (saved) => {
        forgetDrafts(DRAFT);
        onSaved(saved);
      },
      onError: (error) => {
        flag.caught(error);
        form.failRequest(error);
      },
    });
  }

  const priorityOptions = messagePriorities.map((p) => ({
    value: p,
    label: t(`messages.priority.${p}`),
    description: t(`offHours.consultation.priorityHint.${p}`),
  }));

  return (
    <form
      id={FORM_ID}
      onSubmit={(e) => void submit(e)}
      noValidate
      className="stack form-medium consultation-form"
    >
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('receivedAt')}
        className="field--short"
        type="datetime-local"
        label={labels.receivedAt}
        required
        value={receivedAt}
        onChange={(e) => setReceivedAt(e.target.value)}
      />
      <RadioGroup
        {...form.field('channel')}
        legend={labels.channel}
        inline
        required
        options={consultationChannels.map((c) => ({
          value: c,
          label: t(`offHours.consultation.channels.${c}`),
        }))}
        value={channel}
        onChange={setChannel}
      />
      <RadioGroup
        {...form.field('callerRelationship')}
        legend={labels.callerRelationship}
        inline
        required
        options={callerRelationships.map((c) => ({
          value: c,
          label: t(`offHours.consultation.callers.${c}`),
        }))}
        value={callerRelationship}
        onChange={setCallerRelationship}
      />
      <div className="consultation-form__pair">
        <TextField
          {...form.field('callerName')}
          label={labels.callerName}
          maxLength={100}
          autoComplete="off"
          value={callerName}
          onChange={(e) => setCallerName(e.target.value)}
          onBlur={checkCaller}
        />
        <TextField
          {...form.field('callerPhone')}
          label={labels.callerPhone}
          type="tel"
          maxLength={40}
          autoComplete="off"
          value={callerPhone}
          onChange={(e) => setCallerPhone(e.target.value)}
          onBlur={checkCaller}
        />
      </div>
      <PersonPicker
        personId={personId}
        onPick={(id) => setPersonId(id)}
        unknown={unknown}
        onUnknown={setUnknown}
        error={form.errorOf('personId')}
      />
      {personId && !unknown ? <PersonDoNotTellBanner personId={personId} /> : null}
      <ExclusionFlag id={`${FORM_ID}-excludedContactConfirmed`} flag={flag} />
      {unknown ? (
        <TextAreaField
          {...form.field('personDescription')}
          label={labels.personDescription}
          hint={t('offHours.consultation.personDescriptionHint')}
          rows={3}
          maxLength={1000}
          value={personDescription}
          onChange={(e) => setPersonDescription(e.target.value)}
        />
      ) : null}
      <TextAreaField
        {...form.field('asked')}
        label={labels.asked}
        required
        rows={4}
        maxLength={4000}
        value={asked}
        onChange={(e) => setAsked(e.target.value)}
      />
      <TextAreaField
        {...form.field('done')}
        label={labels.done}
        required
        rows={4}
        maxLength={4000}
        value={done}
        onChange={(e) => setDone(e.target.value)}
      />
      <TextAreaField
        {...form.field('outcome')}
        label={labels.outcome}
        required
        rows={2}
        maxLength={1000}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
      />
      <RadioGroup
        {...form.field('priority')}
        legend={labels.priority}
        hint={t('offHours.consultation.priorityLead')}
        required
        options={priorityOptions}
        value={priority}
        onChange={setPriority}
      />
      <RadioGroup
        {...form.field('followUpNeeded')}
        legend={t('offHours.consultation.followUp')}
        inline
        required
        options={[
          { value: 'no', label: t('offHours.consultation.followUpNo') },
          { value: 'yes', label: t('offHours.consultation.followUpYes') },
        ]}
        value={followUp}
        onChange={setFollowUp}
      />
      {followUp === 'yes' ? (
        <>
          <SelectField
            {...form.field('followUpOrganisationId')}
            label={labels.followUpOrganisationId}
            hint={t('offHours.consultation.followUpOrganisationHint')}
            required
            placeholder={t('offHours.choose')}
            options={(organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            value={followUpOrganisationId}
            onChange={(e) => setFollowUpOrganisationId(e.target.value)}
          />
          <TextAreaField
            {...form.field('followUpNote')}
            label={labels.followUpNote}
            rows={2}
            maxLength={1000}
            value={followUpNote}
            onChange={(e) => setFollowUpNote(e.target.value)}
          />
        </>
      ) : null}
      <div className="button-row">
        <Button
          type="submit"
          variant="primary"
          className="button--block"
          busy={record.isPending}
          busyLabel={t('common.saving')}
        >
          {t('offHours.consultation.submit')}
        </Button>
      </div>
    </form>
  );
}
