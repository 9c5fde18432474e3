import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { receiptsQueryOptions, type Message, type Receipt } from '../api/messages.ts';

/** A staff member is read by name; an organisation asked as a whole says so. */
function useRecipientName() {
  const { t } = useTranslation();
  return (r: Receipt) =>
    r.recipient.userId
      ? r.recipient.name
      : `${r.recipient.name}${t('common.paren', { text: t('messages.receipts.organisationWide') })}`;
}

/**
 * 受け手ごとの状況: who the message expects to read it, when each read it, who was asked to
 * acknowledge and did (with their replies). Whoever has not read or not acknowledged comes first
 * and is named in a sentence above the table, so the sender sees at once whom to call.
 */
export function ReceiptsPanel({ id, message }: { id: string; message: Message }) {
  const { t } = useTranslation();
  const receipts = useQuery(receiptsQueryOptions(message.personId, message.id));
  const nameOf = useRecipientName();
  if (receipts.isPending) return <Loading />;
  if (receipts.isError) return <LoadError error={receipts.error} onRetry={() => void receipts.refetch()} />;
  const rows = receipts.data;
  const readers = rows.filter((r) => r.recipient.userId !== null);
  const notRead = readers.filter((r) => r.readAt === null);
  const asked = rows.filter((r) => r.ackRequired);
  const notAcked = asked.filter((r) => r.acknowledgedAt === null);
  const list = (rs: Receipt[]) => rs.map(nameOf).join(t('common.listSeparator'));

  return (
    <section id={id} className="receipts stack" aria-label={t('messages.receipts.title')}>
      {rows.length === 0 ? (
        <p>{t('messages.receipts.none')}</p>
      ) : (
        <>
          <ul className="receipts__summary plain-list">
            {readers.length ? (
              <li className={notRead.length ? 'receipts__missing' : 'receipts__complete'}>
                <span aria-hidden="true">{notRead.length ? '● ' : '✓ '}</span>
                {notRead.length
                  ? t('messages.receipts.missingRead', { names: list(notRead) })
                  : t('messages.receipts.allRead')}
              </li>
            ) : null}
            {asked.length ? (
              <li className={notAcked.length ? 'receipts__missing' : 'receipts__complete'}>
                <span aria-hidden="true">{notAcked.length ? '● ' : '✓ '}</span>
                {notAcked.length
                  ? t('messages.receipts.missingAck', { names: list(notAcked) })
                  : t('messages.receipts.allAcked')}
              </li>
            ) : null}
          </ul>
          <div className="table-wrap">
            <table className="table table--cards receipts__table">
              <caption className="visually-hidden">{t('messages.receipts.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('messages.receipts.recipient')}</th>
                  <th scope="col">{t('messages.receipts.read')}</th>
                  <th scope="col">{t('messages.receipts.ack')}</th>
                  <th scope="col">{t('messages.receipts.reply')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const missing =
                    (r.recipient.userId !== null && r.readAt === null) ||
                    (r.ackRequired && r.acknowledgedAt === null);
                  return (
                    <tr
                      key={`${r.recipient.userId ?? ''}-${r.recipient.organisationId ?? ''}`}
                      className={missing ? 'receipts__row--missing' : undefined}
                    >
                      <th scope="row" data-label={t('messages.receipts.recipient')}>
                        {nameOf(r)}
                        {r.recipient.userId && r.recipient.organisationName ? (
                          <span className="table__sub">{r.recipient.organisationName}</span>
                        ) : null}
                      </th>
                      <td data-label={t('messages.receipts.read')}>
                        {r.recipient.userId === null ? (
                          <span className="muted">—</span>
                        ) : r.readAt ? (
                          formatDateTime(r.readAt)
                        ) : (
                          <Badge tone="warning">{t('messages.receipts.notRead')}</Badge>
                        )}
                      </td>
                      <td data-label={t('messages.receipts.ack')}>
                        {!r.ackRequired ? (
                          <span className="muted">{t('messages.receipts.notAsked')}</span>
                        ) : r.acknowledgedAt ? (
                          <span>
                            <span aria-hidden="true">✓ </span>
                            {t('messages.receipts.ackedBy', {
                              time: formatDateTime(r.acknowledgedAt),
                              name: r.acknowledgedBy ?? '',
                            })}
                          </span>
                        ) : (
                          <Badge tone="error">{t('messages.receipts.notAcked')}</Badge>
                        )}
                      </td>
                      <td data-label={t('messages.receipts.reply')} className="receipts__reply">
                        {r.reply ?? <span className="muted">—</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
