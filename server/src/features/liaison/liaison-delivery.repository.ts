import { sql, type Kysely } from 'kysely';
import type { LiaisonDeliveryChannel } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';

// 送信の記録: each way a sheet left (printed, mailed to a FAX gateway, its PIN by SMS) and how it went.

export async function insertDelivery(
  db: Kysely<Tables>,
  d: {
    sheetId: string;
    channel: LiaisonDeliveryChannel;
    toAddress: string | null;
    status: 'queued' | 'sent';
    requestedByUserId: string | null;
    now: Date;
  },
): Promise<string> {
  const { now, ...values } = d;
  const row = await db
    .insertInto('liaisonDeliveries')
    .values({ ...values, createdAt: now, sentAt: d.status === 'sent' ? now : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findDelivery(db: Kysely<Tables>, id: string) {
  return db.selectFrom('liaisonDeliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function settleDelivery(
  db: Kysely<Tables>,
  id: string,
  r: { ok: boolean; error: string | null; final: boolean; now: Date },
): Promise<void> {
  await db
    .updateTable('liaisonDeliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      lastError: r.error,
      ...(r.ok ? { status: 'sent' as const, sentAt: r.now } : r.final ? { status: 'failed' as const } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export function listDeliveries(db: Kysely<Tables>, sheetIds: readonly string[]) {
  if (sheetIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('liaisonDeliveries')
    .select(['sheetId', 'channel', 'status', 'toAddress', 'createdAt', 'sentAt'])
    .where('sheetId', 'in', sheetIds)
    .orderBy('createdAt')
    .execute();
}

/** The SMS gateways of the sending organisation (or of the installation), for a PIN by SMS. */
export function smsEndpoints(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('webhookEndpoints')
    .select(['id', 'url', 'secretSealed', 'organisationId'])
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('organisationId', '=', organisationId), eb('organisationId', 'is', null)]))
    .orderBy(sql`organisation_id is null`)
    .execute();
}

/** One SMS gateway as a queued PIN's job needs it (it may have been disabled since). */
export function findSmsEndpoint(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('webhookEndpoints')
    .select(['url', 'secretSealed', 'enabled'])
    .where('id', '=', id)
    .executeTakeFirst();
}
