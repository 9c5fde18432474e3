import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { historyQueryOptions, type Message } from '../api/messages.ts';

/** 履歴: every version of a message, oldest first: what it said, who changed it, when and why. */
export function HistoryDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useQuery(historyQueryOptions(message.personId, message.id));
  return (
    <Dialog open title={t('messages.history.title')} onClose={onClose}>
      {history.isPending ? <Loading /> : null}
      {history.isError ? <LoadError error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data ? (
        <ol className="versions">
          {history.data.map((v) => (
            <li key={v.version} className="versions__entry">
              <p className="versions__title">
                <strong>{t('messages.history.version', { version: v.version })}</strong>{' '}
                <Badge
                  tone={v.change === 'withdrawn' ? 'error' : v.change === 'corrected' ? 'warning' : 'neutral'}
                >
                  {t(`messages.history.change.${v.change}`)}
                </Badge>
              </p>
              <p className="muted">
                {t('messages.history.by', { name: v.changedBy ?? '', time: formatDateTime(v.changedAt) })}
              </p>
              <p className="item__content">{v.body}</p>
              {v.reason ? (
                <p>
                  <strong>{t('messages.history.reason')}: </strong>
                  {v.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </Dialog>
  );
}
