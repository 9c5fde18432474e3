import { sql, type Kysely } from 'kysely';
import type { MessagePriority } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { canSeePerson, type PersonScope } from '../../platform/access/person-access.ts';

export interface NewNotification {
  kind: string;
  personId: string | null;
  subjectId: string | null;
  priority: MessagePriority;
  payload: Record<string, unknown>;
}

/** One notification for one user. */
export interface NotificationRow extends NewNotification {
  userId: string;
}

/**
 * Inserts notifications in one statement; a repeat for the same event and user is ignored.
 * Returns the new ones.
 */
export async function insertNotifications(
  db: Kysely<Tables>,
  rows: readonly NotificationRow[],
  now: Date,
): Promise<
  { id: string; userId: string; priority: MessagePriority; kind: string; subjectId: string | null }[]
> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        userId: r.userId,
        kind: r.kind,
        personId: r.personId,
        subjectId: r.subjectId,
        priority: r.priority,
        payload: JSON.stringify(r.payload),
        createdAt: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['kind', 'subjectId', 'userId']).where('subjectId', 'is not', null).doNothing(),
    )
    .returning(['id', 'userId', 'priority', 'kind', 'subjectId'])
    .execute();
  return inserted;
}

export function listForUser(db: Kysely<Tables>, userId: string, limit: number) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('organisations as o', (j) => j.on(sql<boolean>`o.id = (n.payload ->> 'organisationId')::uuid`))
    .select([
      'n.id',
      'n.kind',
      'n.personId',
      'n.subjectId',
      'n.priority',
      'n.payload',
      'n.createdAt',
      'n.readAt',
      'o.name as organisationName',
    ])
    .where('n.userId', '=', userId)
    .orderBy('n.createdAt', 'desc')
    .limit(limit)
    .execute();
}

export function findNotification(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.userId')
    .select([
      'n.id',
      'n.userId',
      'n.kind',
      'n.priority',
      'n.readAt',
      'n.createdAt',
      'n.payload',
      'u.email',
      'u.disabledAt',
    ])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function countUnread(db: Kysely<Tables>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Unread notifications created after `since` (for a digest). */
export async function countUnreadSince(db: Kysely<Tables>, userId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .where('createdAt', '>', since)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function markRead(db: Kysely<Tables>, userId: string, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('notifications')
    .set({ readAt: now })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  if (r.numUpdatedRows === 1n) return true;
  const exists = await db
    .selectFrom('notifications')
    .select('id')
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return exists !== undefined;
}

export async function markAllRead(db: Kysely<Tables>, userId: string, now: Date): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ readAt: now })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function findPreferences(db: Kysely<Tables>, userId: string) {
  return db.selectFrom('notificationPreferences').selectAll().where('userId', '=', userId).executeTakeFirst();
}

export async function findPreferencesOf(db: Kysely<Tables>, userIds: readonly string[]) {
  const rows =
    userIds.length === 0
      ? []
      : await db.selectFrom('notificationPreferences').selectAll().where('userId', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.userId, r]));
}

export async function savePreferences(
  db: Kysely<Tables>,
  userId: string,
  p: {
    emailMode: 'immediate' | 'digest' | 'never';
    quietStart: string | null;
    quietEnd: string | null;
    digestTime: string;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('notificationPreferences')
    .values({ userId, ...p, updatedAt: now })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ ...p, updatedAt: now }))
    .execute();
}

export function userEmail(db: Kysely<Tables>, userId: string) {
  return db.selectFrom('users').select(['email', 'disabledAt']).where('id', '=', userId).executeTakeFirst();
}

/**
 * The names of those of these persons whose identity the scope may see now (consent, its own
 * registration, break-glass): decided when the notifications are read, so a withdrawal hides them.
 */
export async function visiblePersonNames(
  db: Kysely<Tables>,
  scope: PersonScope,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('persons as p')
    .select(['p.id', 'p.name'])
    .where('p.id', 'in', [...new Set(personIds)])
    .where(canSeePerson('p', scope))
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The staff of these organisations whose accounts are active: those told when an organisation is. */
export async function activeStaffOf(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select('m.userId')
    .where('m.organisationId', 'in', [...organisationIds])
    .where('u.disabledAt', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.userId))];
}
