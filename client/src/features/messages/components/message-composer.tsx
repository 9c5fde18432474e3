import type { InformationCategory, MessagePriority, PostMessageBody, TeamMember } from '@tsunagu/contract';
import { informationCategories, messagePriorities } from '@tsunagu/contract/enums';
import { MESSAGE_BODY_MAX, PostMessageBody as PostMessageSchema } from '@tsunagu/contract/messages';
import { urgentMessageProblem } from '@tsunagu/contract/urgent-case';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { CheckboxGroup } from '../../../components/ui/radio-group.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useKeptDraft } from '../../../lib/kept-drafts.ts';
import { messageOf, problemsFromError, validateAgainst } from '../../../lib/validation.ts';
import { urgentPreviewQueryOptions } from '../../urgent/api/urgent.ts';
import {
  noException,
  someoneCannotRead,
  UrgentSendPanel,
  type ExceptionChoice,
} from '../../urgent/components/urgent-send-panel.tsx';
import { usePostMessage, type Message } from '../api/messages.ts';
import { AttachmentPicker } from './attachment-picker.tsx';

const FORM_ID = 'message-composer';
const DEFAULT_CATEGORY: InformationCategory = 'daily_living';

/** A mention choice: a staff member (`u:<id>`) or a whole organisation (`o:<id>`). */
interface MentionChoice {
  value: string;
  name: string;
  /** The staff member's organisation; null for a whole organisation. */
  organisationName: string | null;
}

/** Whom a message can name: each organisation of the active team as a whole, then its named staff (not me). */
function mentionChoices(team: readonly TeamMember[], myUserId: string): MentionChoice[] {
  const active = team.filter((m) => m.isActive);
  const choices: MentionChoice[] = [];
  const seen = new Set<string>();
  const add = (choice: MentionChoice) => {
    if (seen.has(choice.value)) return;
    seen.add(choice.value);
    choices.push(choice);
  };
  for (const member of active) {
    add({ value: `o:${member.organisationId}`, name: member.organisationName, organisationName: null });
    for (const other of active.filter((m) => m.organisationId === member.organisationId)) {
      if (other.userId && other.userId !== myUserId)
        add({
          value: `u:${other.userId}`,
          name: other.userName ?? '',
          organisationName: other.organisationName,
        });
    }
  }
  return choices;
}

function toMention(value: string): { userId: string } | { organisationId: string } {
  return value.startsWith('u:') ? { userId: value.slice(2) } : { organisationId: value.slice(2) };
}

/** 通常 / 至急 / 緊急 as three large, coloured choices, each with its word and what it means. */
function PriorityPicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: MessagePriority;
  onChange: (value: MessagePriority) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset priority-picker">
      <legend className="fieldset__legend">{t('messages.composer.priority')}</legend>
      <div className="priority-picker__options">
        {messagePriorities.map((p, index) => {
          const optionId = index === 0 ? id : `${id}-${p}`;
          return (
            <label
              key={p}
              htmlFor={optionId}
              className={`priority-picker__option priority-picker__option--${p}`}
            >
              <input
                id={optionId}
                type="radio"
                name={id}
                className="radio__input"
                value={p}
                checked={value === p}
                onChange={() => onChange(p)}
                aria-describedby={`${id}-description`}
              />
              <span className="priority-picker__label">
                {p === 'normal' ? null : <span aria-hidden="true">{p === 'emergency' ? '⚠ ' : '! '}</span>}
                {t(`messages.priority.${p}`)}
              </span>
            </label>
          );
        })}
      </div>
      <p id={`${id}-description`} className={`field__hint priority-picker__description--${value}`}>
        {t(`messages.priorityDescriptions.${value}`)}
      </p>
    </fieldset>
  );
}

/**
 * 連絡を書く: category (only those the person's consent lets my organisation see; 生活 first),
 * priority, 要確認 (always on for 至急 and 緊急), the text, and — folded away until wanted —
 * recipients, attachments and a topic. In reply mode the message joins `replyTo`'s thread.
 */
export function MessageComposer({
  personId,
  categories,
  team,
  myUserId,
  threadId = null,
  replyTo = null,
  onCancelReply,
}: {
  personId: string;
  categories: readonly InformationCategory[];
  team: readonly TeamMember[];
  myUserId: string;
  /** Reply mode: the thread the message joins. */
  threadId?: string | null;
  /** The thread's first message, when loaded (its author and category are shown and taken). */
  replyTo?: Message | null;
  onCancelReply?: () => void;
}) {
  const { t } = useTranslation();
  // A reply keeps the category of what it answers, even one my organisation posted without seeing it.
  const ordered = informationCategories.filter((c) => categories.includes(c) || c === replyTo?.category);
  const initialCategory =
    replyTo?.category ??
    (ordered.includes(DEFAULT_CATEGORY) ? DEFAULT_CATEGORY : (ordered[0] ?? DEFAULT_CATEGORY));
  const [category, setCategory] = useState<InformationCategory>(initialCategory);
  // What is typed outlives a session that ends meanwhile (signing in again as the same user).
  const draftKey = `message:${personId}:${threadId ?? 'new'}`;
  const [priority, setPriority] = useKeptDraft<MessagePriority>(`${draftKey}:priority`, 'normal');
  const [askAck, setAskAck] = useState(false);
  const [text, setText] = useKeptDraft(`${draftKey}:body`, '');
  const [topic, setTopic] = useKeptDraft(`${draftKey}:topic`, '');
  const [mentions, setMentions] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [moreOpen, setMoreOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const moreId = useId();
  const form = useFormProblems(FORM_ID);
  const post = usePostMessage(personId);
  const choices = mentionChoices(team, myUserId);
  const forcedAck = priority !== 'normal';
  // 至急・緊急: who receives it and whether they can read the category, asked before sending.
  const preview = useQuery({
    ...urgentPreviewQueryOptions(personId, category),
    enabled: priority !== 'normal',
  });
  // Null until the sender edits it: the organisation's phone, as the server gives it.
  const [callback, setCallback] = useState<string | null>(null);
  const callbackPhone = callback ?? preview.data?.organisationPhone ?? '';
  const [exception, setException] = useState<ExceptionChoice>(noException);
  const queryClient = useQueryClient();

  const labels = {
    category: t('messages.composer.category'),
    priority: t('messages.composer.priority'),
    body: t('messages.composer.body'),
    topic: t('messages.composer.topic'),
    callbackPhone: t('night.composer.callback'),
    reason: t('night.composer.reason'),
  };

  /** The server names a refused mention or file by its index; say which one, in words. */
  function failRequest(error: unknown) {
    if (error instanceof ApiError && error.field?.startsWith('mentions.')) {
      const chosen = choices.find((c) => c.value === mentions[Number(error.field?.split('.')[1])]);
      const message =
        error.code === 'MENTION_NOT_PERMITTED' && chosen
          ? t('messages.composer.mentionNotPermitted', {
              name: chosen.name,
              category: t(`enums.category.${category}`),
            })
          : messageOf(error);
      setMoreOpen(true);
      return form.fail({ fields: { mentions: message }, form: null });
    }
    if (error instanceof ApiError && error.field?.startsWith('files')) {
      const file = files[Number(error.field.split('.')[1])];
      setMoreOpen(true);
      return form.fail({
        fields: { files: file ? `${file.name}: ${messageOf(error)}` : messageOf(error) },
        form: null,
      });
    }
    form.fail(problemsFromError(error));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSent(false);
    // Sent before the recipients were shown: the prefilled number is still the organisation's.
    const previewData =
      priority === 'normal'
        ? undefined
        : (preview.data ??
          (await queryClient
            .fetchQuery(urgentPreviewQueryOptions(personId, category))
            .catch(() => undefined)));
    const callbackToSend = callback ?? previewData?.organisationPhone ?? '';
    const body: PostMessageBody = {
      category,
      priority,
      requiresAck: forcedAck || askAck,
      body: text.trim(),
      ...(threadId ? { threadId } : topic.trim() ? { topic: topic.trim() } : {}),
      ...(mentions.length ? { mentions: mentions.map(toMention) } : {}),
      ...(priority !== 'normal' && callbackToSend.trim() ? { callbackPhone: callbackToSend.trim() } : {}),
      ...(priority === 'emergency' && exception.on && someoneCannotRead(previewData)
        ? {
            emergencyException: {
              protectsLifeOrBody: exception.protectsLifeOrBody,
              consentDifficult: exception.consentDifficult,
              reason: exception.reason.trim(),
            },
          }
        : {}),
    };
    const errors = await validateAgainst(PostMessageSchema, body, labels);
    // What the schema cannot say: a number to call back for 緊急, both conditions of the exception.
    const problem = urgentMessageProblem(body);
    if (problem && !errors[problem.field]) errors[problem.field] = problem.message;
    if (Object.keys(errors).length) {
      if (errors.topic) setMoreOpen(true);
      return form.failFields(errors);
    }
    form.clear();
    post.mutate(
      { body, files },
      {
        onSuccess: () => {
          setSent(true);
          setText('');
          setTopic('');
          setMentions([]);
          setFiles([]);
          setPriority('normal');
          setAskAck(false);
          setCallback(null);
          setException(noException);
          setMoreOpen(false);
        },
        onError: failRequest,
      },
    );
  }

  const chosenSummary = [
    mentions.length ? `${t('messages.card.mentions')} ${mentions.length}` : '',
    files.length ? `${t('messages.card.attachments')} ${files.length}` : '',
    topic.trim() ? t('messages.card.topic', { topic: topic.trim() }) : '',
  ]
    .filter(Boolean)
    .join(t('common.listSeparator'));

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack composer">
      {threadId ? (
        <div className="composer__reply">
          {replyTo ? (
            <p className="muted">
              {t('messages.composer.replyingTo', {
                author: t('messages.card.author', {
                  name: replyTo.author.name ?? '',
                  organisation: replyTo.author.organisationName,
                }),
                time: formatDateTime(replyTo.createdAt),
              })}
            </p>
          ) : null}
          {onCancelReply ? (
            <Button small variant="quiet" onClick={onCancelReply}>
              {t('messages.composer.cancelReply')}
            </Button>
          ) : null}
        </div>
      ) : null}
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <div className="composer__row">
        <SelectField
          {...form.field('category')}
          className="composer__category"
          label={labels.category}
          hint={t('messages.composer.categoryHint')}
          required
          options={ordered.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))}
          value={category}
          onChange={(e) => setCategory(e.target.value as InformationCategory)}
        />
        <PriorityPicker {...form.field('priority')} value={priority} onChange={setPriority} />
      </div>
      <div>
        <CheckboxField
          id={`${FORM_ID}-requiresAck`}
          label={t('messages.composer.requiresAck')}
          checked={forcedAck || askAck}
          disabled={forcedAck}
          aria-describedby={forcedAck ? `${FORM_ID}-requiresAck-forced` : undefined}
          onChange={(e) => setAskAck(e.target.checked)}
        />
        {forcedAck ? (
          <p id={`${FORM_ID}-requiresAck-forced`} className="field__hint composer__forced">
            {t('messages.composer.requiresAckForced')}
          </p>
        ) : null}
      </div>
      <TextAreaField
        {...form.field('body')}
        label={labels.body}
        hint={t('messages.composer.bodyCount', { count: text.length, max: MESSAGE_BODY_MAX })}
        required
        rows={4}
        maxLength={MESSAGE_BODY_MAX}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {priority !== 'normal' ? (
        <UrgentSendPanel
          priority={priority}
          category={category}
          preview={preview.data}
          loading={preview.isFetching && !preview.data}
          callbackPhone={callbackPhone}
          onCallbackPhone={setCallback}
          exception={exception}
          onException={setException}
          field={form.field}
        />
      ) : null}
      <div className="composer__more">
        <button
          type="button"
          className="composer__more-toggle"
          aria-expanded={moreOpen}
          aria-controls={moreId}
          onClick={() => setMoreOpen((o) => !o)}
        >
          <span aria-hidden="true">{moreOpen ? '▾ ' : '▸ '}</span>
          {t('messages.composer.more')}
          {!moreOpen && chosenSummary ? (
            <span className="muted">{t('common.paren', { text: chosenSummary })}</span>
          ) : null}
        </button>
        <div id={moreId} hidden={!moreOpen} className="stack composer__more-panel">
          {choices.length ? (
            <CheckboxGroup
              {...form.field('mentions')}
              legend={t('messages.composer.mentions')}
              hint={t('messages.composer.mentionsHint')}
              options={choices.map((c) => ({
                value: c.value,
                label:
                  c.organisationName === null
                    ? t('messages.composer.mentionOrganisation', { name: c.name })
                    : t('messages.composer.mentionUser', { name: c.name, organisation: c.organisationName }),
              }))}
              values={mentions}
              onChange={setMentions}
            />
          ) : null}
          <AttachmentPicker {...form.field('files')} files={files} onChange={setFiles} />
          {threadId ? null : (
            <TextField
              {...form.field('topic')}
              label={labels.topic}
              hint={t('messages.composer.topicHint')}
              maxLength={100}
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
            />
          )}
        </div>
      </div>
      <div className="button-row">
        <Button
          type="submit"
          variant={priority === 'emergency' ? 'danger' : 'primary'}
          className={priority === 'emergency' ? 'button--emergency-send' : undefined}
          busy={post.isPending}
          busyLabel={t('messages.composer.sending')}
        >
          {priority === 'normal'
            ? t('messages.composer.submit')
            : `${t('messages.composer.submit')}${t('common.paren', { text: t(`messages.priority.${priority}`) })}`}
        </Button>
        <span role="status" className="composer__status">
          {sent ? t('messages.composer.sent') : ''}
        </span>
      </div>
    </form>
  );
}
