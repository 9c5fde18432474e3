import type { GuestItem } from '@tsunagu/contract';
import { normaliseCode } from '@tsunagu/contract/normalise';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { guestApi } from '../api/liaison.ts';

/**
 * ゲスト返信: someone at an office without tsunagu, with the sheet in hand and a phone. No sign-in:
 * the link's random token and the PIN open this one item only; large type, one column, one
 * button. The PIN stays in this page's memory (it is sent again with the reply), never stored.
 */
export function GuestReply({ token }: { token: string }) {
  const { t } = useTranslation();
  const link = useQuery({ queryKey: ['guest', token], queryFn: () => guestApi.link(token), retry: false });
  const [pin, setPin] = useState('');
  const [item, setItem] = useState<GuestItem | null>(null);
  const [reply, setReply] = useState('');
  const [respondent, setRespondent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open(event: FormEvent) {
    event.preventDefault();
    // Full-width digits typed with an IME are the same PIN: folded as the server folds them.
    const typed = normaliseCode(pin);
    if (!/^\d{6}$/.test(typed)) return setError(t('validation.format', { field: t('liaison.guest.pin') }));
    setPin(typed);
    setBusy(true);
    try {
      setItem(await guestApi.open(token, typed));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
      void link.refetch();
    } finally {
      setBusy(false);
    }
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      setItem(
        await guestApi.reply(token, {
          pin,
          ...(reply.trim() ? { reply: reply.trim() } : {}),
          ...(respondent.trim() ? { respondent: respondent.trim() } : {}),
        }),
      );
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="guest-page" lang="ja">
      <h1 className="guest-page__title">{t('liaison.guest.title')}</h1>
      {link.isPending ? <Loading /> : null}
      {link.isError && !item ? <LoadError error={link.error} /> : null}
      {error ? (
        <Notice tone="error">
          <p>{error}</p>
        </Notice>
      ) : null}
      {link.data && !item ? (
        <form onSubmit={(e) => void open(e)} noValidate className="stack">
          <p>{t('liaison.guest.from', { organisation: link.data.senderOrganisationName })}</p>
          <TextField
            id="guest-pin"
            className="guest-page__pin"
            label={t('liaison.guest.pin')}
            hint={t('liaison.guest.pinHint')}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9０-９]{6}"
            maxLength={6}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
          <p className="muted">
            {t('liaison.guest.attemptsLeft', { count: link.data.attemptsLeft })}{' '}
            {t('liaison.guest.expires', { date: formatDateTime(link.data.expiresAt) })}
          </p>
          <Button type="submit" variant="primary" busy={busy} className="guest-page__button">
            {t('liaison.guest.open')}
          </Button>
        </form>
      ) : null}
      {item ? (
        <article className="stack" aria-labelledby="guest-request">
          <p>
            {t('liaison.guest.from', {
              organisation: `${item.senderOrganisationName} ${item.senderName ?? ''}`,
            })}
          </p>
          <dl className="guest-page__facts">
            {item.personName ? (
              <>
                <dt>{t('liaison.guest.person')}</dt>
                <dd>{item.personName}</dd>
              </>
            ) : null}
            <dt id="guest-request">{t('liaison.guest.request')}</dt>
            <dd>
              <strong>{item.request}</strong>
            </dd>
            <dt>{t('liaison.guest.replyBy')}</dt>
            <dd>{formatDate(item.replyBy)}</dd>
          </dl>
          <h2 className="guest-page__subtitle">{t('liaison.guest.body')}</h2>
          <p className="guest-page__body">{item.body}</p>
          {item.status === 'replied' ? (
            <Notice tone="success">
              <p>{t(item.reply ? 'liaison.guest.done' : 'liaison.guest.already')}</p>
              {item.reply?.text ? <p>{t('liaison.guest.yourReply', { text: item.reply.text })}</p> : null}
            </Notice>
          ) : (
            <form onSubmit={(e) => void send(e)} noValidate className="stack">
              <TextAreaField
                id="guest-reply"
                label={t('liaison.guest.reply')}
                rows={4}
                maxLength={1500}
                value={reply}
                onChange={(e) => setReply(e.target.value)}
              />
              <TextField
                id="guest-respondent"
                label={t('liaison.guest.respondent')}
                maxLength={100}
                autoComplete="name"
                value={respondent}
                onChange={(e) => setRespondent(e.target.value)}
              />
              <Button type="submit" variant="primary" busy={busy} className="guest-page__button">
                {t('liaison.guest.acknowledge')}
              </Button>
            </form>
          )}
          <p className="muted">{t('liaison.guest.privacy')}</p>
        </article>
      ) : null}
    </main>
  );
}
