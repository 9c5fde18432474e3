import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { translateIfExists } from '../../../lib/i18n/index.ts';
import { priorityOf, useMarkNotificationRead, type AppNotification } from '../api/notifications.ts';

const messageKinds = new Set(['message', 'mention']);

const urgentKinds = new Set([
  'urgent_case',
  'urgent_call',
  'urgent_acknowledged',
  'urgent_unreached',
  'urgent_disclosure',
]);

const swapKinds = new Set(['on_call_swap_request', 'on_call_swap_accepted', 'on_call_swap_declined']);

/** Where an off-hours notification leads: the case, the handover, the consultation, the shift or the sheets awaiting a reply. */
function offHoursTarget(n: AppNotification): string | null {
  const caseId = n.params.caseId;
  if (urgentKinds.has(n.kind) && typeof caseId === 'string') return `/urgent/${caseId}`;
  if ((n.kind === 'handover' || n.kind === 'handover_addendum') && n.subjectId)
    return `/handovers/${n.subjectId}`;
  if (n.kind === 'consultation_follow_up' && n.subjectId) return `/consultations/${n.subjectId}`;
  if (swapKinds.has(n.kind) && n.subjectId) return `/on-call/shifts/${n.subjectId}`;
  if (n.kind === 'liaison_overdue') return '/liaison';
  return null;
}

/** Notices about one's own account (an invitation, a change an administrator made), and to system admins about background work. */
const accountTargets: Record<string, string> = {
  membership_invitation: '/account#invitations',
  account_change: '/account',
  job_failed: '/settings/jobs',
  job_overdue: '/settings/jobs',
};

/** 期限のお知らせ lead to the due list, where the item is named (by consent). */
const dueTargets: Record<string, string> = { due_reminder: '/due' };

/** Where a notification leads: a message to the person's team timeline (the message itself when known), anything else to the person's page. */
export function notificationTarget(n: AppNotification): string | null {
  const offHours = offHoursTarget(n);
  if (offHours) return offHours;
  if (accountTargets[n.kind]) return accountTargets[n.kind] ?? null;
  if (dueTargets[n.kind]) return dueTargets[n.kind] ?? null;
  if (!n.personId) return null;
  if (!messageKinds.has(n.kind)) return `/persons/${n.personId}`;
  return n.subjectId
    ? `/persons/${n.personId}/messages?message=${n.subjectId}`
    : `/persons/${n.personId}/messages`;
}

/** お知らせ: newest first, unread ones marked, 至急 and 緊急 badged; opening one marks it read. */
export function NotificationList({ notifications }: { notifications: readonly AppNotification[] }) {
  const { t } = useTranslation();
  const markRead = useMarkNotificationRead();
  return (
    <ul className="notification-list">
      {notifications.map((n) => {
        const unread = n.readAt === null;
        const priority = priorityOf(n);
        const target = notificationTarget(n);
        const textId = `notification-${n.id}`;
        return (
          <li
            key={n.id}
            className={[
              'notification',
              unread ? 'notification--unread' : '',
              `notification--${priority}`,
            ].join(' ')}
          >
            <p className="notification__head">
              {unread ? <Badge tone="info">{t('notifications.unread')}</Badge> : null}
              {priority === 'normal' ? null : <PriorityBadge priority={priority} />}
              <strong>
                {translateIfExists(`enums.notificationKind.${n.kind}`) ??
                  translateIfExists(`offHours.notificationKind.${n.kind}`) ??
                  n.kind}
              </strong>
              <span className="muted">{formatDateTime(n.createdAt)}</span>
            </p>
            <p id={textId}>{n.message}</p>
            <div className="button-row">
              {target ? (
                <Link
                  to={target}
                  aria-describedby={textId}
                  onClick={() => {
                    if (unread) markRead.mutate(n.id);
                  }}
                >
                  {dueTargets[n.kind]
                    ? t('plans.notificationOpen.due_reminder')
                    : accountTargets[n.kind]
                      ? (translateIfExists(`invitations.notificationOpen.${n.kind}`) ?? t('nav.account'))
                      : offHoursTarget(n)
                        ? (translateIfExists(`offHours.notificationOpen.${n.kind}`) ??
                          t('notifications.openPerson'))
                        : messageKinds.has(n.kind)
                          ? n.subjectId
                            ? t('notifications.openMessage')
                            : t('notifications.openMessages')
                          : t('notifications.openPerson')}
                </Link>
              ) : null}
              {unread ? (
                <Button small aria-describedby={textId} onClick={() => markRead.mutate(n.id)}>
                  {t('notifications.markRead')}
                </Button>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
