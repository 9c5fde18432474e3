import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** An audit row exactly as the MAC covers it: times in microseconds and JSON as the database prints it. */
export interface ChainRow {
  seq: string;
  occurredUs: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  detailsText: string | null;
  personId: string | null;
  viaEmergency: boolean;
  /** The concerned organisations as the database prints the uuid[] ('{…}'), or null. */
  concernedText: string | null;
}

/** The keyed MAC of a row at a chain position, chained to the previous MAC ('' at the start). */
export function chainMac(key: Buffer, previousMac: string, chainPosition: string, row: ChainRow): string {
  const canonical = JSON.stringify([
    chainPosition,
    row.seq,
    row.occurredUs,
    row.actorUserId,
    row.actorOrganisationId,
    row.action,
    row.targetType,
    row.targetId,
    row.outcome,
    row.ip,
    row.requestId,
    row.detailsText,
    // Added by later migrations: part of the MAC only when set, so rows sealed before them still verify.
    ...(row.personId !== null || row.viaEmergency || row.concernedText !== null
      ? [row.personId, row.viaEmergency]
      : []),
    ...(row.concernedText !== null ? [row.concernedText] : []),
  ]);
  return createHmac('sha256', key).update(previousMac).update('\n').update(canonical).digest('hex');
}

/** SELECT list that yields ChainRow columns from audit_events aliased `e`. */
export const chainRowColumns = sql`e.seq, ((extract(epoch from e.occurred_at) * 1000000)::bigint)::text as occurred_us,
  e.actor_user_id, e.actor_organisation_id, e.action, e.target_type, e.target_id, e.outcome, e.ip,
  e.request_id, e.details::text as details_text, e.person_id, e.via_emergency,
  e.concerned_organisation_ids::text as concerned_text`;

export interface ChainHead {
  chainPosition: string;
  auditSeq: string;
  mac: string;
}

export async function readChainHead(db: Kysely<Tables>): Promise<ChainHead | null> {
  const head = await db
    .selectFrom('auditSeals')
    .select(['chainPosition', 'auditSeq', 'mac'])
    .orderBy('chainPosition', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head ?? null;
}
