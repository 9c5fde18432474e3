import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { TextAreaField } from '../../../components/ui/field.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatBytes, formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { attachmentUrl, useAcknowledge, type Message } from '../api/messages.ts';
import { CorrectMessageDialog } from './correct-message-dialog.tsx';
import { HistoryDialog } from './history-dialog.tsx';
import { ReceiptsPanel } from './receipts-panel.tsx';
import { ToItemDialog } from './to-item-dialog.tsx';
import { WithdrawMessageDialog } from './withdraw-message-dialog.tsx';

/** Where a message's thread is shown: the timeline filtered to it. */
export function threadHref(message: Message): string {
  return `?thread=${message.threadId ?? message.id}`;
}

/** 確認しました, with an optional short reply to the sender. */
function AcknowledgeForm({
  message,
  describedBy,
  onDone,
}: {
  message: Message;
  describedBy: string;
  onDone: (result: Message) => void;
}) {
  const { t } = useTranslation();
  const [reply, setReply] = useState('');
  const acknowledge = useAcknowledge(message.personId);
  const replyId = `ack-${message.id}-reply`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    acknowledge.mutate({ id: message.id, reply: reply.trim() || null }, { onSuccess: onDone });
  };
  return (
    <form className="ack-box stack" onSubmit={submit} noValidate>
      <p className="ack-box__title">
        <span aria-hidden="true">⚑ </span>
        {t('messages.ack.asked')}
      </p>
      <TextAreaField
        id={replyId}
        label={t('messages.ack.reply')}
        hint={t('messages.ack.replyHint')}
        rows={2}
        maxLength={1000}
        value={reply}
        onChange={(e) => setReply(e.target.value)}
      />
      {acknowledge.isError ? (
        <p className="notice notice--error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {messageOf(acknowledge.error)}
        </p>
      ) : null}
      <div>
        <Button
          type="submit"
          variant="primary"
          aria-describedby={describedBy}
          busy={acknowledge.isPending}
          busyLabel={t('common.saving')}
        >
          <span aria-hidden="true">✓ </span>
          {t('messages.ack.submit')}
        </Button>
      </div>
    </form>
  );
}

type DialogKind = 'correct' | 'withdraw' | 'history' | 'toItem';

/**
 * One message of the team timeline: priority, category, 要確認, whether it is new to me,
 * corrected or withdrawn; who wrote it, when, to whom; its text and files; how many have read
 * and acknowledged it (the panel names each); my acknowledgement; and what I may do with it.
 */
export function MessageCard({
  message,
  isNew,
  isFocused,
  onReply,
}: {
  message: Message;
  /** Unread when this visit began: it stays marked until the user leaves. */
  isNew: boolean;
  /** The message the user came to see (from 確認待ち or お知らせ). */
  isFocused?: boolean;
  onReply?: ((message: Message) => void) | undefined;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const bodyId = `${uid}-body`;
  const titleId = `${uid}-title`;
  const receiptsId = `${uid}-receipts`;
  const [receiptsOpen, setReceiptsOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [status, setStatus] = useState<{ text: string; timeline?: boolean } | null>(null);
  // The answer to 確認しました is shown at once, until the refreshed timeline brings the same.
  const [acked, setAcked] = useState<{ of: Message; result: Message } | null>(null);
  const m = acked && acked.of === message ? acked.result : message;
  const ackDone = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (acked) ackDone.current?.focus();
  }, [acked]);

  const withdrawn = m.status === 'withdrawn';
  const { receipts } = m;
  const ackTotal = receipts.acknowledged + receipts.awaitingAck;
  // Once someone takes the 至急・緊急 case, that is the answer the team waits for, not 「確認 0/5」.
  const takenBy = m.urgentCase?.takenBy;
  const ackText = takenBy
    ? takenBy.name
      ? t('messages.card.caseTaken', { organisation: takenBy.organisationName ?? '', name: takenBy.name })
      : t('messages.card.caseTakenByOrganisation', { organisation: takenBy.organisationName ?? '' })
    : m.requiresAck
      ? t('messages.card.ackSummary', { done: receipts.acknowledged, total: ackTotal })
      : null;
  const receiptsText = [
    t('messages.card.readSummary', { read: receipts.read, expected: receipts.expected }),
    ackText,
  ]
    .filter(Boolean)
    .join(t('messages.card.separator'));
  const closeWith = (text: string, timeline = false) => {
    setDialog(null);
    setStatus({ text, timeline });
  };
  const classes = [
    'message',
    `message--${m.priority}`,
    isNew ? 'message--new' : '',
    isFocused ? 'message--focused' : '',
    withdrawn ? 'message--withdrawn' : '',
  ];

  return (
    <article className={classes.filter(Boolean).join(' ')} aria-labelledby={titleId} data-message-id={m.id}>
      <div className="badge-row message__badges">
        <PriorityBadge priority={m.priority} />
        <Badge tone="neutral">{t(`enums.category.${m.category}`)}</Badge>
        {m.requiresAck ? <Badge tone="info">{t('messages.card.requiresAck')}</Badge> : null}
        {isNew ? <span className="badge badge--new">{t('messages.card.unread')}</span> : null}
        {m.status === 'corrected' ? <Badge tone="warning">{t('messages.card.corrected')}</Badge> : null}
        {withdrawn ? <Badge tone="error">{t('messages.card.withdrawn')}</Badge> : null}
      </div>
      <div className="message__head">
        <h3 id={titleId} className="message__author">
          {m.author.name ?? ''}
          <span className="message__organisation">
            {t('common.paren', { text: m.author.organisationName })}
          </span>
        </h3>
        <p className="message__time">
          <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
          {m.status === 'corrected' ? (
            <span className="muted">
              {t('messages.card.separator')}
              {t('messages.card.updatedAt', { time: formatDateTime(m.updatedAt) })}
            </span>
          ) : null}
        </p>
      </div>
      {m.topic ? (
        <p className="message__topic">
          <Link to={threadHref(m)}>{t('messages.card.topic', { topic: m.topic })}</Link>
        </p>
      ) : m.threadId ? (
        <p className="message__topic">
          <span aria-hidden="true">↩ </span>
          <Link to={threadHref(m)}>{t('messages.card.openThread')}</Link>
        </p>
      ) : null}
      {m.mentions.length ? (
        <p className="message__mentions">
          <span className="message__label">{t('messages.card.mentions')}: </span>
          {m.mentions.map((x) => x.name).join(t('common.listSeparator'))}
        </p>
      ) : null}
      {withdrawn ? (
        <p id={bodyId} className="message__body message__body--withdrawn">
          {t('messages.card.withdrawnBody')}
        </p>
      ) : (
        <p id={bodyId} className="message__body">
          {m.body}
        </p>
      )}
      {m.attachments.length ? (
        <div className="message__attachments">
          <p className="message__label">{t('messages.card.attachments')}</p>
          <ul className="plain-list">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(a.id)} download={a.filename}>
                  {a.filename}
                </a>{' '}
                <span className="muted">{t('common.paren', { text: formatBytes(a.sizeBytes) })}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="message__receipts">
        <button
          type="button"
          className="receipts-toggle"
          aria-expanded={receiptsOpen}
          aria-controls={receiptsId}
          onClick={() => setReceiptsOpen((o) => !o)}
        >
          <span aria-hidden="true">{receiptsOpen ? '▾ ' : '▸ '}</span>
          {receiptsText}
          <span className="receipts-toggle__more">
            {t('common.paren', { text: t('messages.card.receiptsFor') })}
          </span>
        </button>
      </div>
      {receiptsOpen ? <ReceiptsPanel id={receiptsId} message={m} /> : <div id={receiptsId} hidden />}
      {m.abilities.acknowledge ? (
        <AcknowledgeForm
          message={m}
          describedBy={bodyId}
          onDone={(result) => {
            setAcked({ of: message, result });
            setStatus(null);
          }}
        />
      ) : m.myAck?.acknowledgedAt ? (
        <div className="ack-done">
          <p ref={ackDone} tabIndex={-1}>
            <span aria-hidden="true">✓ </span>
            {t('messages.ack.done', { time: formatDateTime(m.myAck.acknowledgedAt) })}
          </p>
          {m.myAck.reply ? (
            <p className="muted">{t('messages.ack.yourReply', { reply: m.myAck.reply })}</p>
          ) : null}
        </div>
      ) : null}
      <div className="button-row message__actions">
        {onReply && !withdrawn ? (
          <Button small aria-describedby={bodyId} onClick={() => onReply(m)}>
            {t('messages.card.reply')}
          </Button>
        ) : null}
        {m.abilities.correct ? (
          <Button small aria-describedby={bodyId} onClick={() => setDialog('correct')}>
            {t('messages.card.correct')}
          </Button>
        ) : null}
        {m.abilities.withdraw ? (
          <Button small variant="danger" aria-describedby={bodyId} onClick={() => setDialog('withdraw')}>
            {t('messages.card.withdraw')}
          </Button>
        ) : null}
        <Button small variant="quiet" aria-describedby={bodyId} onClick={() => setDialog('history')}>
          {t('messages.card.history')}
        </Button>
        {m.abilities.toItem ? (
          <Button small variant="quiet" aria-describedby={bodyId} onClick={() => setDialog('toItem')}>
            {t('messages.card.toItem')}
          </Button>
        ) : null}
      </div>
      <p role="status" className="item__status">
        {acked && acked.of === message ? t('messages.ack.doneStatus') : null}
        {status?.text}
        {status?.timeline ? (
          <>
            {' '}
            <Link to={`/persons/${m.personId}#timeline`}>{t('messages.toItem.openTimeline')}</Link>
          </>
        ) : null}
      </p>
      {dialog === 'correct' ? (
        <CorrectMessageDialog
          message={m}
          onClose={() => setDialog(null)}
          onDone={() => closeWith(t('messages.correct.done'))}
        />
      ) : null}
      {dialog === 'withdraw' ? (
        <WithdrawMessageDialog
          message={m}
          onClose={() => setDialog(null)}
          onDone={() => closeWith(t('messages.withdraw.done'))}
        />
      ) : null}
      {dialog === 'history' ? <HistoryDialog message={m} onClose={() => setDialog(null)} /> : null}
      {dialog === 'toItem' ? (
        <ToItemDialog
          message={m}
          onClose={() => setDialog(null)}
          onDone={() => closeWith(t('messages.toItem.done'), true)}
        />
      ) : null}
    </article>
  );
}
