import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

export async function insertNotifications(
  db: Kysely<Tables>,
  userIds: readonly string[],
  n: { kind: string; personId: string | null; payload: Record<string, unknown> },
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        userId,
        kind: n.kind,
        personId: n.personId,
        payload: JSON.stringify(n.payload),
        createdAt: now,
      })),
    )
    .execute();
}

export function listForUser(db: Kysely<Tables>, userId: string, limit: number) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('organisations as o', (j) => j.on(sql<boolean>`o.id = (n.payload ->> 'organisationId')::uuid`))
    .select([
      'n.id',
      'n.kind',
      'n.personId',
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

export async function countUnread(db: Kysely<Tables>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
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
