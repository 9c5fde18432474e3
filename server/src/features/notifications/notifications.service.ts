import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFound } from '../../platform/errors.ts';
import * as repo from './notifications.repository.ts';

/** The Japanese sentence of a notification (the team communication issue adds more kinds and channels). */
function messageOf(kind: string, payload: Record<string, unknown>, organisationName: string | null): string {
  if (kind === 'emergency_access') {
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const org = organisationName ? `（${organisationName}）` : '';
    return `担当している方の記録に、緊急時の閲覧がありました。閲覧者: ${text(payload.openedBy)}${org}。理由: ${text(payload.reason)}`;
  }
  return 'お知らせがあります。';
}

/** In-app notifications (お知らせ) to staff. */
export function createNotificationsService(deps: Deps) {
  const { db, clock } = deps;
  return {
    /** Adds notifications inside the caller's transaction, so they exist exactly when the event does. */
    async notify(
      trx: Kysely<Tables>,
      userIds: readonly string[],
      n: { kind: string; personId: string | null; payload: Record<string, unknown> },
    ): Promise<void> {
      await repo.insertNotifications(trx, [...new Set(userIds)], n, clock.now());
    },

    async list(ctx: RequestContext) {
      const userId = actorOf(ctx).userId;
      const rows = await repo.listForUser(db, userId, 100);
      return {
        notifications: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          personId: r.personId,
          message: messageOf(r.kind, r.payload, r.organisationName),
          createdAt: r.createdAt.toISOString(),
          readAt: r.readAt?.toISOString() ?? null,
        })),
        unread: await repo.countUnread(db, userId),
      };
    },

    async markRead(ctx: RequestContext, id: string): Promise<void> {
      if (!(await repo.markRead(db, actorOf(ctx).userId, id, clock.now()))) throw new NotFound('お知らせ');
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
