import type {
  ContactDirection,
  ContactLogEntry,
  ContactMode,
  InformationCategory,
  ItemKind,
  ItemSource,
  RecordContactBody,
} from '@tsunagu/contract';
import { informationCategories, itemSources } from '@tsunagu/contract/enums';
import { contactModes, RecordContactBody as RecordContactSchema } from '@tsunagu/contract/liaison';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { formatDateTime, timeInTokyo, todayInTokyo, tokyoDateTime } from '../../../lib/format.ts';
import { kindsFor } from '../../../lib/item-vocabulary.ts';
import { forgetDrafts, useKeptDraft } from '../../../lib/kept-drafts.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useRecordContact } from '../api/liaison.ts';
import { ExclusionFlag, useExclusionFlag } from '../../persons/components/exclusion-flag.tsx';

const FORM_ID = 'contact-log';
/** Visits and meetings have no direction; calls, faxes and letters do. */
const directed = (mode: string) => mode !== 'visit' && mode !== 'meeting';

/** 連絡記録: who, with whom, how, when and what was said, newest first. */
export function ContactLogList({ entries }: { entries: readonly ContactLogEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="muted">{t('liaison.contacts.none')}</p>;
  return (
    <ul className="stack plain-list">
      {entries.map((e) => (
        <li key={e.itemId} className="panel stack liaison-contact">
          <p>
            <strong>
              {t(`liaison.contactMode.${e.mode}`)}
              {e.direction ? `（${t(`liaison.direction.${e.direction}`)}）` : ''}
            </strong>{' '}
            {e.counterpart} <span className="muted">{formatDateTime(e.occurredAt)}</span>
            {e.origin === 'liaison_reply' ? (
              <>
                {' '}
                <Badge tone="info">{t('liaison.contacts.fromReply')}</Badge>
              </>
            ) : null}
          </p>
          <p className="muted">
            {t(`enums.category.${e.category}`)} · {t(`enums.itemSource.${e.source}`)} ·{' '}
            {t(`enums.itemKind.${e.kind}`)}
          </p>
          <p className="prewrap">{e.content}</p>
          <p className="muted">
            {t('liaison.contacts.recordedBy', {
              name: e.recordedBy.name ?? '',
              organisation: e.recordedBy.organisationName,
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** One exchange outside the system, recorded as information with its quality metadata. */
export function ContactLogForm({ personId, onSaved }: { personId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useFormProblems(FORM_ID);
  const record = useRecordContact(personId);
  const [mode, setMode] = useState<string>('phone');
  const [direction, setDirection] = useState<string>('incoming');
  // Written up at night, a call may outlast the session: the typed text is kept for the same user.
  const draft = `contact:${personId}:new:`;
  const [counterpart, setCounterpart] = useKeptDraft(`${draft}counterpart`, '');
  // Telling, or hearing from, someone the person must never be told of is flagged before saving.
  const flag = useExclusionFlag(personId);
  const [day, setDay] = useState(todayInTokyo());
  const [time, setTime] = useState(() => timeInTokyo(new Date()));
  const [category, setCategory] = useState('');
  const [content, setContent] = useKeptDraft(`${draft}content`, '');
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('');
  const labels = {
    mode: t('liaison.contacts.mode'),
    direction: t('liaison.contacts.direction'),
    counterpart: t('liaison.contacts.counterpart'),
    occurredAt: t('liaison.contacts.occurredAt'),
    category: t('liaison.contacts.category'),
    content: t('liaison.contacts.content'),
    source: t('items.sourceLabel'),
    kind: t('items.kindLabel'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: RecordContactBody = {
      mode: mode as ContactMode,
      direction: directed(mode) ? (direction as ContactDirection) : null,
      counterpart: counterpart.trim(),
      occurredAt: tokyoDateTime(day, time),
      category: category as InformationCategory,
      content: content.trim(),
      source: source as ItemSource,
      kind: kind as ItemKind,
      ...(flag.confirmed ? { excludedContactConfirmed: true } : {}),
    };
    const errors = await validateAgainst(RecordContactSchema, body, labels);
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    record.mutate(body, {
      onSuccess: () => {
        forgetDrafts(draft);
        onSaved();
      },
      onError: (error) => {
        flag.caught(error);
        form.failRequest(error);
      },
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <RadioGroup
        {...form.field('mode')}
        legend={labels.mode}
        inline
        options={contactModes.map((m) => ({ value: m, label: t(`liaison.contactMode.${m}`) }))}
        value={mode}
        onChange={setMode}
      />
      {directed(mode) ? (
        <RadioGroup
          {...form.field('direction')}
          legend={labels.direction}
          inline
          options={(['incoming', 'outgoing'] as const).map((d) => ({
            value: d,
            label: t(`liaison.direction.${d}`),
          }))}
          value={direction}
          onChange={setDirection}
        />
      ) : null}
      <TextField
        {...form.field('counterpart')}
        label={labels.counterpart}
        hint={t('liaison.contacts.counterpartHint')}
        required
        maxLength={200}
        value={counterpart}
        onChange={(e) => setCounterpart(e.target.value)}
        onBlur={() => flag.check(counterpart.trim() ? { name: counterpart.trim() } : {})}
      />
      <ExclusionFlag id={`${FORM_ID}-excludedContactConfirmed`} flag={flag} />
      <div className="field-row">
        <TextField
          id={`${FORM_ID}-day`}
          error={form.errorOf('occurredAt')}
          className="field--short"
          label={labels.occurredAt}
          type="date"
          required
          max={todayInTokyo()}
          value={day}
          onChange={(e) => setDay(e.target.value)}
        />
        <TextField
          id={`${FORM_ID}-time`}
          className="field--short"
          label={t('liaison.contacts.time')}
          type="time"
          required
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
      </div>
      <SelectField
        {...form.field('category')}
        label={labels.category}
        required
        placeholder={t('validation.choose', { field: labels.category })}
        options={informationCategories.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))}
        value={category}
        onChange={(e) => setCategory(e.target.value)}
      />
      <TextAreaField
        {...form.field('content')}
        label={labels.content}
        required
        rows={4}
        maxLength={4000}
        value={content}
        onChange={(e) => setContent(e.target.value)}
      />
      <SelectField
        {...form.field('source')}
        label={labels.source}
        required
        placeholder={t('validation.choose', { field: labels.source })}
        options={itemSources.map((s) => ({ value: s, label: t(`enums.itemSource.${s}`) }))}
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <SelectField
        {...form.field('kind')}
        label={labels.kind}
        required
        placeholder={t('validation.choose', { field: labels.kind })}
        options={kindsFor(category || 'daily_living').map((k) => ({
          value: k,
          label: t(`enums.itemKind.${k}`),
        }))}
        value={kind}
        onChange={(e) => setKind(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={record.isPending} busyLabel={t('common.saving')}>
          {t('liaison.contacts.submit')}
        </Button>
      </div>
    </form>
  );
}
