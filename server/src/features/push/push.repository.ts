import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** A browser's subscription for a user: one row per endpoint (a browser that changes hands moves it). */
export async function upsertSubscription(
  db: Kysely<Tables>,
  s: { userId: string; endpoint: string; p256dh: string; auth: string; userAgent: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('pushSubscriptions')
    .values({
      userId: s.userId,
      endpoint: s.endpoint,
      p256dh: s.p256dh,
      auth: s.auth,
      userAgent: s.userAgent,
      createdAt: s.now,
    })
    .onConflict((oc) =>
      oc
        .column('endpoint')
        .doUpdateSet({ userId: s.userId, p256dh: s.p256dh, auth: s.auth, createdAt: s.now }),
    )
    .execute();
}

/** Deletes the user's own subscription at `endpoint` (another user's is never touched). */
export async function deleteSubscription(
  db: Kysely<Tables>,
  userId: string,
  endpoint: string,
): Promise<void> {
  await db
    .deleteFrom('pushSubscriptions')
    .where('endpoint', '=', endpoint)
    .where('userId', '=', userId)
    .execute();
}

/** The user's own subscription at `endpoint`, with what sending to it needs. */
export function subscriptionOf(db: Kysely<Tables>, userId: string, endpoint: string) {
  return db
    .selectFrom('pushSubscriptions')
    .select(['id', 'endpoint', 'p256dh', 'auth'])
    .where('endpoint', '=', endpoint)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

export async function markDelivered(db: Kysely<Tables>, id: string, at: Date): Promise<void> {
  await db.updateTable('pushSubscriptions').set({ lastSuccessAt: at }).where('id', '=', id).execute();
}
