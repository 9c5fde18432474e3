import { sql, type Kysely } from 'kysely';
import type { DeliveryMethod, DeliveryRecipientKind, MeetingAttendee } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { canSeeRecord, type PersonScope } from '../../platform/access/person-access.ts';

/** サービス担当者会議, 交付, and the 支給決定 a plan goes by: Kysely only. */

export interface MeetingRow {
  id: string;
  planVersion: number;
  heldOn: string;
  startsAt: string;
  endsAt: string | null;
  place: string;
  attendees: unknown;
  topics: string;
  conclusions: string;
  remainingIssues: string | null;
  recordedByName: string | null;
  recordedByOrganisationName: string;
  recordedAt: Date;
}

/** A plan's meetings, newest first. */
export function listMeetings(db: Kysely<Tables>, planId: string): Promise<MeetingRow[]> {
  return db
    .selectFrom('planMeetings as m')
    .leftJoin('users as u', 'u.id', 'm.recordedByUserId')
    .innerJoin('organisations as o', 'o.id', 'm.recordedByOrganisationId')
    .select([
      'm.id',
      'm.planVersion',
      'm.heldOn',
      'm.startsAt',
      'm.endsAt',
      'm.place',
      'm.attendees',
      'm.topics',
      'm.conclusions',
      'm.remainingIssues',
      'u.displayName as recordedByName',
      'o.name as recordedByOrganisationName',
      'm.recordedAt',
    ])
    .where('m.planId', '=', planId)
    .orderBy('m.heldOn', 'desc')
    .orderBy('m.startsAt', 'desc')
    .orderBy('m.recordedAt', 'desc')
    .execute();
}

/** How many meetings discussed a version. */
export async function countMeetingsOn(db: Kysely<Tables>, planId: string, version: number): Promise<number> {
  const row = await db
    .selectFrom('planMeetings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('planId', '=', planId)
    .where('planVersion', '=', version)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertMeeting(
  db: Kysely<Tables>,
  m: {
    planId: string;
    personId: string;
    planVersion: number;
    heldOn: string;
    startsAt: string;
    endsAt: string | null;
    place: string;
    attendees: MeetingAttendee[];
    topics: string;
    conclusions: string;
    remainingIssues: string | null;
    userId: string;
    organisationId: string;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('planMeetings')
    .values({
      planId: m.planId,
      personId: m.personId,
      planVersion: m.planVersion,
      heldOn: m.heldOn,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      place: m.place,
      attendees: JSON.stringify(m.attendees),
      topics: m.topics,
      conclusions: m.conclusions,
      remainingIssues: m.remainingIssues,
      recordedByUserId: m.userId,
      recordedByOrganisationId: m.organisationId,
      recordedAt: m.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('plans').set({ updatedAt: m.now }).where('id', '=', m.planId).execute();
  return row.id;
}

export interface DeliveryRow {
  id: string;
  planVersion: number;
  deliveredOn: string;
  method: DeliveryMethod;
  recipients: unknown;
  note: string | null;
  recordedByName: string | null;
  recordedByOrganisationName: string;
  recordedAt: Date;
}

/** A plan's 交付 records, newest first. */
export function listDeliveries(db: Kysely<Tables>, planId: string): Promise<DeliveryRow[]> {
  return db
    .selectFrom('planDeliveries as d')
    .leftJoin('users as u', 'u.id', 'd.recordedByUserId')
    .innerJoin('organisations as o', 'o.id', 'd.recordedByOrganisationId')
    .select([
      'd.id',
      'd.planVersion',
      'd.deliveredOn',
      'd.method',
      'd.recipients',
      'd.note',
      'u.displayName as recordedByName',
      'o.name as recordedByOrganisationName',
      'd.recordedAt',
    ])
    .where('d.planId', '=', planId)
    .orderBy('d.deliveredOn', 'desc')
    .orderBy('d.recordedAt', 'desc')
    .execute();
}

export async function insertDelivery(
  db: Kysely<Tables>,
  d: {
    planId: string;
    personId: string;
    planVersion: number;
    deliveredOn: string;
    method: DeliveryMethod;
    recipients: { kind: DeliveryRecipientKind; organisationId: string | null; name: string | null }[];
    note: string | null;
    userId: string;
    organisationId: string;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('planDeliveries')
    .values({
      planId: d.planId,
      personId: d.personId,
      planVersion: d.planVersion,
      deliveredOn: d.deliveredOn,
      method: d.method,
      recipients: JSON.stringify(d.recipients),
      note: d.note,
      recordedByUserId: d.userId,
      recordedByOrganisationId: d.organisationId,
      recordedAt: d.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('plans').set({ updatedAt: d.now }).where('id', '=', d.planId).execute();
  return row.id;
}

/** Names of organisations by id (a 交付 names them as they are called now). */
export async function organisationNames(
  db: Kysely<Tables>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The start of the 支給決定期間 of the person's 障害福祉サービス受給者証 in force on `onDate` (or the
 * newest one, when none covers it): the 支給決定日 a plan without its own goes by.
 */
export async function certificateDecisionOn(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
  onDate: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('personCertificates as c')
    .select('validFrom')
    .where('personId', '=', personId)
    // Certificates belong to 福祉サービス: read only where the caller may see them.
    .where(canSeeRecord('c.personId', 'welfare_services', 'c.recordedByOrganisationId', scope))
    .where('kind', '=', 'service_recipient')
    .where('validFrom', 'is not', null)
    .orderBy(sql`(valid_from <= ${onDate}::date and valid_until >= ${onDate}::date)`, 'desc')
    .orderBy('validUntil', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.validFrom ?? null;
}
