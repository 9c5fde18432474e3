import type { LiaisonSheet } from '@tsunagu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button, buttonClass } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { replyScanUrl, sheetPdfUrl, useReissue, useSendFax } from '../api/liaison.ts';

/** One 連携シート: to whom, what is asked and by when, its reply (or how to send and chase it). */
function SheetCard({ sheet, pin }: { sheet: LiaisonSheet; pin: string | undefined }) {
  const { t } = useTranslation();
  const sendFax = useSendFax();
  const reissue = useReissue();
  // A reissued PIN replaces the one shown at creation.
  const [reissuedPin, setReissuedPin] = useState<string | undefined>(undefined);
  const freshPin = reissuedPin ?? pin;
  const [done, setDone] = useState<string | null>(null);
  const error = sendFax.error ?? reissue.error;
  return (
    <li className="panel stack liaison-sheet" data-sheet-id={sheet.id}>
      <p className="liaison-sheet__head">
        <Badge tone={sheet.status === 'replied' ? 'success' : 'info'}>
          {t(`liaison.status.${sheet.status}`)}
        </Badge>{' '}
        <strong>{sheet.recipient.name}</strong>{' '}
        <span className="muted">
          {t('liaison.sheets.replyCode')} <span className="liaison-code">{sheet.replyCode}</span>
          {' · '}
          {t('liaison.sheets.due', { date: formatDate(sheet.replyBy) })}
        </span>
      </p>
      <p>
        <strong>{sheet.request}</strong>
      </p>
      <blockquote className="quote">{sheet.body}</blockquote>
      {freshPin && !sheet.reply ? (
        <Notice tone="info">
          <p>{t('liaison.sheets.pinOnce', { pin: freshPin })}</p>
        </Notice>
      ) : null}
      {sheet.reply ? (
        <div className="liaison-reply" aria-live="polite">
          <p>
            {t('liaison.sheets.replied', {
              date: formatDateTime(sheet.reply.at),
              channel: t(`liaison.replyChannel.${sheet.reply.channel}`),
            })}
          </p>
          {sheet.reply.text ? <blockquote className="quote">{sheet.reply.text}</blockquote> : null}
          <p className="muted">
            {sheet.reply.respondent ? t('liaison.sheets.respondent', { name: sheet.reply.respondent }) : null}{' '}
            {sheet.reply.recordedBy ? t('liaison.sheets.recordedBy', { name: sheet.reply.recordedBy }) : null}
          </p>
          {sheet.reply.file ? (
            <a href={replyScanUrl(sheet.id)} className={buttonClass('secondary', true)}>
              {t('liaison.sheets.scan')}
            </a>
          ) : null}
        </div>
      ) : (
        <>
          {sheet.isLocked ? (
            <Notice tone="warning" live={false}>
              <p>{t('liaison.sheets.locked')}</p>
            </Notice>
          ) : (
            <p className="muted">
              {t('liaison.sheets.expires', { date: formatDateTime(sheet.linkExpiresAt) })}
            </p>
          )}
          <div className="button-row">
            <a href={sheetPdfUrl(sheet.id)} className={buttonClass('primary')} download>
              {t('liaison.sheets.download')}
            </a>
            {sheet.abilities.sendFax ? (
              <Button
                busy={sendFax.isPending}
                onClick={() =>
                  sendFax.mutate(sheet.id, { onSuccess: () => setDone(t('liaison.sheets.faxQueued')) })
                }
              >
                {t('liaison.sheets.sendFax')}
              </Button>
            ) : null}
            {sheet.abilities.reissue ? (
              <Button
                busy={reissue.isPending}
                onClick={() =>
                  reissue.mutate({ sheetId: sheet.id, body: {} }, { onSuccess: (s) => setReissuedPin(s.pin) })
                }
              >
                {t('liaison.sheets.reissue')}
              </Button>
            ) : null}
          </div>
        </>
      )}
      {done ? (
        <Notice tone="success">
          <p>{done}</p>
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="error">
          <p>{messageOf(error)}</p>
        </Notice>
      ) : null}
      {sheet.deliveries.length > 0 ? (
        <details>
          <summary>{t('liaison.sheets.deliveries')}</summary>
          <ul className="plain-list">
            {sheet.deliveries.map((d) => (
              <li key={`${d.channel}-${d.createdAt}`}>
                {formatDateTime(d.createdAt)} {t(`liaison.delivery.${d.channel}`)}
                {d.toAddress ? `（${d.toAddress}）` : ''} — {t(`liaison.deliveryStatus.${d.status}`)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

/** The person's 連携シート, newest first; the one just created shows its PIN once. */
export function SheetList({
  sheets,
  justCreated,
}: {
  sheets: readonly LiaisonSheet[];
  justCreated: { id: string; pin: string | undefined } | null;
}) {
  const { t } = useTranslation();
  if (sheets.length === 0) return <p className="muted">{t('liaison.sheets.none')}</p>;
  return (
    <ul className="stack plain-list">
      {sheets.map((s) => (
        <SheetCard key={s.id} sheet={s} pin={justCreated?.id === s.id ? justCreated.pin : undefined} />
      ))}
    </ul>
  );
}
