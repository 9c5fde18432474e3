import type { MessagePriority } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';

/** 通常 / 至急 / 緊急 of a message (timeline, 確認待ち, お知らせ): the word carries the meaning; colour and the mark only support it. */
export function PriorityBadge({ priority }: { priority: MessagePriority }) {
  const { t } = useTranslation();
  return (
    <span className={`badge priority-badge priority-badge--${priority}`}>
      {priority === 'normal' ? null : (
        <span aria-hidden="true">{priority === 'emergency' ? '⚠ ' : '! '}</span>
      )}
      {t(`messages.priority.${priority}`)}
    </span>
  );
}
