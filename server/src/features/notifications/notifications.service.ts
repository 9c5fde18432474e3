import type { Kysely } from 'kysely';
import type {
  MessagePriority,
  NotificationPreferences,
  UpdateNotificationPreferences,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { personScope } from '../../platform/access/person-access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type Context, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import type { EnqueueRequest, Job } from '../../platform/jobs/job-queue.ts';
import {
  accountChangeEmail,
  accountChangeMessage,
  invitationMessage,
  type AccountChange,
} from './account-notices.ts';
import { formatJapaneseDate, formatJapaneseDateTime } from '../../platform/tokyo-time.ts';
import { DEFAULT_PREFERENCE, planEmail, type EmailPreference } from './delivery-schedule.ts';
import { dueReminderMessage } from './due-notices.ts';
import * as repo from './notifications.repository.ts';

export const EMAIL_QUEUE = 'email.notification';
export const DIGEST_QUEUE = 'email.digest';
export const ACCOUNT_CHANGE_QUEUE = 'email.account_change';

/** Mail retries: from 10 s, doubling, at most every 30 minutes, for about a day. */
const mailRetry = {
  maxAttempts: 48,
  backoffMs: (n: number) => Math.min(30 * 60_000, 10_000 * 2 ** (n - 1)),
};

const priorityLabel: Record<MessagePriority, string> = { normal: '通常', urgent: '至急', emergency: '緊急' };

/** An urgent case by its priority (docs/glossary.md): 緊急連絡 is only ever a 緊急 one. */
const caseWord: Record<MessagePriority, string> = {
  normal: '連絡',
  urgent: '至急の連絡',
  emergency: '緊急連絡',
};

/** The background work a system admin is told about, by queue (features/job-status). */
const queueNames: Record<string, string> = {
  escalation: '至急・緊急の連絡の段階',
  webhook: 'SMS・音声ゲートウェイへの配信',
  push: 'プッシュ通知の配信',
};
const queueName = (v: unknown) => (typeof v === 'string' ? (queueNames[v] ?? v) : '');

const tokyoTime = (v: unknown) => (typeof v === 'string' ? formatJapaneseDateTime(new Date(v), true) : '');

/** The Japanese sentence of an in-app notification. In-app only: e-mails never carry it. */
function messageOf(
  kind: string,
  priority: MessagePriority,
  payload: Record<string, unknown>,
  organisationName: string | null,
): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const org = organisationName ? `（${organisationName}）` : '';
  switch (kind) {
    case 'emergency_access':
      return `担当している方の記録に、緊急時の閲覧がありました。閲覧者: ${text(payload.openedBy)}${org}。理由: ${text(payload.reason)}`;
    case 'message':
      return `${text(payload.authorName)}${org}から${priority === 'normal' ? '' : `【${priorityLabel[priority]}】`}連絡があります。${payload.requiresAck ? '確認をお願いします。' : ''}`;
    case 'mention':
      return `${text(payload.authorName)}${org}があなた（または所属機関）宛てに連絡を送りました。`;
    case 'urgent_case':
      return `【${priorityLabel[priority]}】${organisationName ?? ''}からの${caseWord[priority]}です。対応をお願いします（${text(payload.label)}として連絡しています）。`;
    case 'urgent_call':
      return `【${priorityLabel[priority]}】${organisationName ?? ''}からの${caseWord[priority]}に、まだ対応者がいません。${text(payload.label)}（${text(payload.phone)}）に電話してください。`;
    case 'urgent_unreached':
      return `【${priorityLabel[priority]}】あなたの機関からの${caseWord[priority]}は、${text(payload.label)}に届きませんでした（当番不在）。${payload.next ? `次は${text(payload.next)}に連絡します。` : ''}${payload.phone ? `急ぐときは${text(payload.phone)}に電話してください。` : ''}`;
    case 'urgent_disclosure':
      return `【緊急】${organisationName ?? ''}が、同意の範囲外の対応者にも緊急連絡の内容を伝えました（緊急時の例外、${text(payload.article)}）。理由と経過を確認してください。`;
    case 'urgent_acknowledged':
      return `【${priorityLabel[priority]}】${caseWord[priority]}に${text(payload.acknowledgedBy)}${org}が対応します。`;
    case 'on_call_swap_request':
      return `${text(payload.name)}さんから、${tokyoTime(payload.startsAt)}からの当番の交代の依頼があります。`;
    case 'on_call_swap_accepted':
      return `${tokyoTime(payload.startsAt)}からの当番の交代を${text(payload.name)}さんが引き受けました。`;
    case 'on_call_swap_declined':
      return `${tokyoTime(payload.startsAt)}からの当番の交代を${text(payload.name)}さんが断りました。`;
    case 'liaison_overdue':
      return '連携シートの返信の期限が過ぎました。返信待ちの一覧を確認してください。';
    case 'consultation_follow_up':
      return `${organisationName ?? ''}が受けた相談のフォローをお願いします。相談対応記録を確認してください。`;
    case 'handover':
      return `夜間・休日の申し送りが${text(payload.entries)}件あります。確認してください。`;
    case 'handover_addendum':
      return `${tokyoTime(payload.openingAt)}の申し送りの後に記録された夜間・休日の出来事が${text(payload.entries)}件あります（申し送りの追加）。確認してください。`;
    case 'account_change':
      return accountChangeMessage(payload, organisationName);
    case 'membership_invitation':
      return invitationMessage(organisationName);
    case 'due_reminder':
      return dueReminderMessage(payload);
    case 'job_failed':
      return `バックグラウンド処理（${queueName(payload.queue)}）が失敗し、再試行をやめました。連絡が止まっているおそれがあります。設定の「バックグラウンド処理の状況」を確認してください。`;
    case 'job_overdue':
      return `バックグラウンド処理（${queueName(payload.queue)}）が制限時間を過ぎても終わっていません。設定の「バックグラウンド処理の状況」を確認してください。`;
    default:
      return 'お知らせがあります。';
  }
}

/** The words a notification's sentence is built from, for clients that build their own. */
function paramsOf(
  payload: Record<string, unknown>,
  organisationName: string | null,
): Record<string, string | boolean | null> {
  const params: Record<string, string | boolean | null> = { organisationName };
  for (const [k, v] of Object.entries(payload))
    if (typeof v === 'string' || typeof v === 'boolean') params[k] = v;
  return params;
}

/** Subject and body of an e-mail: only that there is something to read, and where. No personal data. */
export function emailFor(priority: MessagePriority, link: string): { subject: string; text: string } {
  const mark = priority === 'normal' ? '' : `【${priorityLabel[priority]}】`;
  return {
    subject: `${mark}つなぐ: 新しいお知らせがあります`,
    text: [
      `つなぐに新しいお知らせがあります${priority === 'normal' ? '' : `（優先度: ${priorityLabel[priority]}）`}。`,
      '内容は、つなぐにサインインしてご確認ください。',
      '',
      link,
      '',
      'このメールには個人情報を含めていません。心当たりのない場合は、所属機関の管理者にお知らせください。',
    ].join('\n'),
  };
}

/** What a notification says, before it is addressed to its recipients. */
export interface NotificationInput {
  kind: string;
  personId: string | null;
  subjectId?: string | null;
  priority?: MessagePriority;
  payload: Record<string, unknown>;
  /** An escalation step: e-mailed at once, whatever the recipient's quiet hours or digest. */
  atOnce?: boolean;
}

/** お知らせ: in-app notifications, live to the recipient, and by e-mail as each person prefers. */
export function createNotificationsService(deps: Deps) {
  const { db, clock, jobs, bus, mailer, config } = deps;

  async function preferenceOf(executor: Kysely<Tables>, userId: string): Promise<EmailPreference> {
    const p = await repo.findPreferences(executor, userId);
    return p
      ? { emailMode: p.emailMode, quietStart: p.quietStart, quietEnd: p.quietEnd, digestTime: p.digestTime }
      : DEFAULT_PREFERENCE;
  }

  jobs.register(EMAIL_QUEUE, {
    purpose: 'お知らせのメール',
    ...mailRetry,
    async handler(job: Job) {
      const id = String(job.payload.notificationId);
      const n = await repo.findNotification(db, id);
      // Read in the app already (and not an emergency), or the account is gone: nothing to send.
      if (!n || n.disabledAt || (n.readAt && n.priority !== 'emergency')) return;
      const { subject, text } = emailFor(n.priority, `${config.publicUrl}/notifications/${n.id}`);
      await mailer.send({ to: n.email, subject, text, messageId: `<${job.key}@tsunagu>` });
    },
  });

  jobs.register(DIGEST_QUEUE, {
    purpose: '未読のお知らせのまとめメール',
    ...mailRetry,
    async handler(job: Job) {
      const userId = String(job.payload.userId);
      const user = await repo.userEmail(db, userId);
      if (!user || user.disabledAt) return;
      const unread = await repo.countUnreadSince(db, userId, new Date(String(job.payload.since)));
      if (unread === 0) return;
      // Dated in Tokyo: a digest sent at 0:30 on 12/8 is the digest of 12/8.
      const now = clock.now();
      await mailer.send({
        to: user.email,
        subject: `つなぐ: 未読のお知らせが${unread}件あります（${formatJapaneseDate(now)}）`,
        text: [
          `${formatJapaneseDateTime(now)} の時点で、つなぐに未読のお知らせが${unread}件あります。`,
          'サインインしてご確認ください。',
          '',
          `${config.publicUrl}/notifications`,
          '',
          'このメールには個人情報を含めていません。',
        ].join('\n'),
        messageId: `<${job.key}@tsunagu>`,
      });
    },
  });

  jobs.register(ACCOUNT_CHANGE_QUEUE, {
    purpose: 'アカウント変更のお知らせメール',
    ...mailRetry,
    async handler(job: Job) {
      const n = await repo.findNotification(db, String(job.payload.notificationId));
      // Sent even to a disabled account: being disabled is one of the changes its owner must hear of.
      if (!n) return;
      const { subject, text } = accountChangeEmail(
        n.payload,
        n.createdAt,
        `${config.publicUrl}/notifications/${n.id}`,
      );
      const previous = typeof n.payload.previousEmail === 'string' ? [n.payload.previousEmail] : [];
      const recipients = [...new Set([n.email, ...previous])];
      for (const [i, to] of recipients.entries()) {
        await mailer.send({ to, subject, text, messageId: `<${job.key}.${i}@tsunagu>` });
      }
    },
  });

  return {
    /**
     * Tells an account's owner, in the caller's transaction, that an administrator changed their
     * account: in the app, and by e-mail at once whatever their e-mail preference (a security notice).
     */
    async notifyAccountChange(
      trx: Kysely<Tables>,
      _ctx: RequestContext,
      userId: string,
      notice: {
        change: AccountChange;
        actorName: string;
        actorOrganisationId: string | null;
        previousEmail?: string;
      },
    ): Promise<void> {
      const now = clock.now();
      const [created] = await repo.insertNotifications(
        trx,
        [
          {
            userId,
            kind: 'account_change',
            personId: null,
            subjectId: null,
            priority: 'normal',
            payload: {
              change: notice.change,
              actorName: notice.actorName,
              organisationId: notice.actorOrganisationId,
              ...(notice.previousEmail ? { previousEmail: notice.previousEmail } : {}),
            },
          },
        ],
        now,
      );
      if (!created) return;
      await bus.publish(trx, {
        kind: 'notification.created',
        payload: { priority: 'normal', userIds: [userId] },
      });
      if (!mailer.enabled) return;
      await jobs.enqueueMany(trx, [
        {
          queue: ACCOUNT_CHANGE_QUEUE,
          key: `email:account-change:${created.id}`,
          payload: { notificationId: created.id },
          runAt: now,
        },
      ]);
    },

    /** Whom to tell when organisations are told: their staff with an active account (in `trx`). */
    activeStaffOf(trx: Kysely<Tables>, _ctx: Context, organisationIds: readonly string[]): Promise<string[]> {
      return repo.activeStaffOf(trx, organisationIds);
    },

    /**
     * Creates notifications inside the caller's transaction (so they exist exactly when the event
     * does), tells each recipient's open screens, and schedules e-mail by preference.
     */
    async notify(
      trx: Kysely<Tables>,
      ctx: Context,
      userIds: readonly string[],
      n: NotificationInput,
    ): Promise<void> {
      await this.notifyMany(trx, ctx, [{ ...n, userIds }]);
    },

    /** notify for several events at once (set-based: a fixed number of statements however many). */
    async notifyMany(
      trx: Kysely<Tables>,
      _ctx: Context,
      list: readonly (NotificationInput & { userIds: readonly string[] })[],
    ): Promise<void> {
      const now = clock.now();
      const created = await repo.insertNotifications(
        trx,
        list.flatMap((n) =>
          [...new Set(n.userIds)].map((userId) => ({
            userId,
            kind: n.kind,
            personId: n.personId,
            subjectId: n.subjectId ?? null,
            priority: n.priority ?? 'normal',
            payload: n.payload,
          })),
        ),
        now,
      );
      if (created.length === 0) return;
      // One live event per priority for everyone notified: the streams deliver it to those users only.
      const byPriority = new Map<MessagePriority, string[]>();
      for (const c of created) byPriority.set(c.priority, [...(byPriority.get(c.priority) ?? []), c.userId]);
      await bus.publishMany(
        trx,
        [...byPriority].map(([priority, userIds]) => ({
          kind: 'notification.created',
          payload: { priority, userIds: [...new Set(userIds)] },
        })),
      );
      if (!mailer.enabled) return;
      const atOnce = new Set(
        list
          .filter((n) => n.atOnce)
          .flatMap((n) => n.userIds.map((u) => `${n.kind}:${n.subjectId ?? ''}:${u}`)),
      );
      const preferences = await repo.findPreferencesOf(trx, [...new Set(created.map((c) => c.userId))]);
      const mails: EnqueueRequest[] = [];
      for (const { id, userId, priority, kind, subjectId } of created) {
        const p = preferences.get(userId);
        const plan = planEmail(
          p
            ? {
                emailMode: p.emailMode,
                quietStart: p.quietStart,
                quietEnd: p.quietEnd,
                digestTime: p.digestTime,
              }
            : DEFAULT_PREFERENCE,
          priority,
          now,
          atOnce.has(`${kind}:${subjectId ?? ''}:${userId}`),
        );
        if (plan.kind === 'now' || plan.kind === 'at') {
          mails.push({
            queue: EMAIL_QUEUE,
            key: `email:notification:${id}`,
            payload: { notificationId: id },
            runAt: plan.kind === 'at' ? plan.at : now,
          });
        } else if (plan.kind === 'digest') {
          const day = plan.at.toISOString().slice(0, 16);
          mails.push({
            queue: DIGEST_QUEUE,
            key: `email:digest:${userId}:${day}`,
            payload: { userId, since: new Date(plan.at.getTime() - 86_400_000).toISOString() },
            runAt: plan.at,
          });
        }
      }
      await jobs.enqueueMany(trx, mails);
    },

    /**
     * The user's notifications, each naming its person where the user's consent (or break-glass)
     * reaches that person's identity now — decided at each read, so a withdrawn consent hides a
     * name an older notification once showed. Push and e-mail never carry it. A list that names
     * anyone is one audited read.
     */
    async list(ctx: RequestContext) {
      const actor = actorOf(ctx);
      // The names are read in the transaction of the audit row that lists whom they name.
      const { rows, names } = await db.transaction().execute(async (trx) => {
        const rows = await repo.listForUser(trx, actor.userId, 100);
        const names = await repo.visiblePersonNames(
          trx,
          personScope(actor, clock.now()),
          rows.flatMap((r) => (r.personId ? [r.personId] : [])),
        );
        if (names.size > 0)
          await recordAudit(trx, ctx, {
            action: 'notification.list',
            details: { returned: rows.length, persons: [...names.keys()] },
          });
        return { rows, names };
      });
      return {
        notifications: rows.map((r) => {
          const personName = r.personId ? (names.get(r.personId) ?? null) : null;
          const message = messageOf(r.kind, r.priority, r.payload, r.organisationName);
          return {
            id: r.id,
            kind: r.kind,
            personId: personName === null ? null : r.personId,
            personName,
            subjectId: r.subjectId,
            priority: r.priority,
            message: personName === null ? message : `${personName}さんについて: ${message}`,
            params: paramsOf(r.payload, r.organisationName),
            createdAt: r.createdAt.toISOString(),
            readAt: r.readAt?.toISOString() ?? null,
          };
        }),
        unread: await repo.countUnread(db, actor.userId),
      };
    },

    async markRead(ctx: RequestContext, id: string): Promise<void> {
      if (!(await repo.markRead(db, actorOf(ctx).userId, id, clock.now()))) throw new NotFound('お知らせ');
    },

    async markAllRead(ctx: RequestContext): Promise<number> {
      return repo.markAllRead(db, actorOf(ctx).userId, clock.now());
    },

    async preferences(ctx: RequestContext): Promise<NotificationPreferences> {
      const p = await preferenceOf(db, actorOf(ctx).userId);
      return {
        emailMode: p.emailMode,
        quietStart: p.quietStart?.slice(0, 5) ?? null,
        quietEnd: p.quietEnd?.slice(0, 5) ?? null,
        digestTime: p.digestTime.slice(0, 5),
      };
    },

    async savePreferences(
      ctx: RequestContext,
      body: UpdateNotificationPreferences,
    ): Promise<NotificationPreferences> {
      if ((body.quietStart === null) !== (body.quietEnd === null)) {
        throw new Invalid(
          body.quietStart === null ? 'quietStart' : 'quietEnd',
          '通知しない時間帯は開始と終了の両方を指定してください。',
        );
      }
      await repo.savePreferences(db, actorOf(ctx).userId, body, clock.now());
      return this.preferences(ctx);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
