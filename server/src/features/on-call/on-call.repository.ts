import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RegionLevel } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { DAY_MS } from '../../platform/tokyo-time.ts';

/** A shift is at most this long, so "overlaps [from, to)" needs only shifts starting after from − this. */
export const MAX_SHIFT_DAYS = 7;

/** A shift as the lookups return it, with its people and whether each can still be reached. */
export interface ShiftRow {
  id: string;
  organisationId: string;
  organisationName: string;
  startsAt: Date;
  endsAt: Date;
  regionIds: string[];
  contactPhone: string | null;
  note: string | null;
  cancelledAt: Date | null;
  primaryUserId: string;
  primaryName: string;
  /** Not disabled and still a member of the shift's organisation. */
  primaryActive: boolean;
  backupUserId: string | null;
  backupName: string | null;
  backupActive: boolean;
  /** The organisation's grace period: minutes after the end its backup is still asked (当番（副）). */
  backupGraceMinutes: number;
}

const activeMember = (userColumn: string, userAlias: string) =>
  sql<boolean>`coalesce(${sql.ref(`${userAlias}.disabled_at`)} is null and exists (select 1 from memberships m
    where m.user_id = ${sql.ref(userColumn)} and m.organisation_id = s.organisation_id), false)`;

const shiftColumns = sql`s.id, s.organisation_id as "organisationId", o.name as "organisationName",
  s.starts_at as "startsAt", s.ends_at as "endsAt", s.contact_phone as "contactPhone", s.note,
  s.cancelled_at as "cancelledAt",
  (select coalesce(json_agg(x.region_id order by x.region_id), '[]'::json) from on_call_shift_regions x
    where x.shift_id = s.id) as "regionIds",
  s.primary_user_id as "primaryUserId", pu.display_name as "primaryName",
  ${activeMember('s.primary_user_id', 'pu')} as "primaryActive",
  s.backup_user_id as "backupUserId", bu.display_name as "backupName",
  ${activeMember('s.backup_user_id', 'bu')} as "backupActive",
  o.on_call_backup_grace_minutes as "backupGraceMinutes"`;

const shiftJoins = sql`join organisations o on o.id = s.organisation_id
  join users pu on pu.id = s.primary_user_id
  left join users bu on bu.id = s.backup_user_id`;

/** Live shifts overlapping [from, to) (bounded by MAX_SHIFT_DAYS so the index on starts_at serves). */
const overlaps = (from: Date, to: Date) =>
  sql`s.cancelled_at is null and s.starts_at < ${to} and s.ends_at > ${from}
    and s.starts_at > ${new Date(from.getTime() - MAX_SHIFT_DAYS * DAY_MS)}`;

/** Each region with itself and its ancestors, and the distance up (0 = itself). */
export const ancestorsOf = (regionIds: readonly string[]): RawBuilder<unknown> =>
  sql`up(root, id, parent_id, level, depth) as (
      select r.id, r.id, r.parent_id, r.level, 0 from regions r where r.id = any(${sql.val(regionIds)}::uuid[])
      union all
      select up.root, r.id, r.parent_id, r.level, up.depth + 1 from regions r join up on r.id = up.parent_id)`;

/**
 * The live shifts overlapping [from, to) that cover each region — through the region itself or
 * one of its ancestors — nearest region first, then the latest start. One query for all regions.
 */
export async function shiftsCovering(
  db: Kysely<Tables>,
  regionIds: readonly string[],
  from: Date,
  to: Date,
): Promise<(ShiftRow & { root: string; depth: number; matchedRegionId: string })[]> {
  if (regionIds.length === 0) return [];
  const result = await sql<ShiftRow & { root: string; depth: number; matchedRegionId: string }>`
    with recursive ${ancestorsOf(regionIds)}
    select up.root, min(up.depth)::int as depth, (array_agg(up.id order by up.depth))[1] as "matchedRegionId",
      ${shiftColumns}
    from on_call_shifts s
    join on_call_shift_regions sr on sr.shift_id = s.id
    join up on up.id = sr.region_id
    ${shiftJoins}
    where ${overlaps(from, to)}
    group by up.root, s.id, o.id, pu.id, bu.id
    order by up.root, depth, s.starts_at desc, s.id`.execute(db);
  return result.rows;
}

/**
 * Shifts overlapping [from, to), optionally of some organisations and/or relevant to some regions:
 * `related` (the default) naming them, an ancestor or a descendant; `covering` naming them or an
 * ancestor. Cancelled ones only when asked.
 */
export async function shiftsBetween(
  db: Kysely<Tables>,
  filter: {
    organisationId?: string;
    organisationIds?: readonly string[];
    regionIds?: readonly string[];
    relation?: 'related' | 'covering';
    includeCancelled?: boolean;
    excludeId?: string;
  },
  from: Date,
  to: Date,
): Promise<ShiftRow[]> {
  const ids = filter.regionIds;
  const regionFilter = ids
    ? sql`and exists (select 1 from on_call_shift_regions x where x.shift_id = s.id and x.region_id in (
        with recursive up(id, parent_id) as (
          select id, parent_id from regions where id = any(${sql.val(ids)}::uuid[])
          union all select r.id, r.parent_id from regions r join up on r.id = up.parent_id),
        down(id) as (
          select id from regions where id = any(${sql.val(ids)}::uuid[])
          union all select r.id from regions r join down on r.parent_id = down.id)
        select id from up ${filter.relation === 'covering' ? sql`` : sql`union select id from down`}))`
    : sql``;
  const earliest = new Date(from.getTime() - MAX_SHIFT_DAYS * DAY_MS);
  const live = filter.includeCancelled
    ? sql`s.starts_at < ${to} and s.ends_at > ${from} and s.starts_at > ${earliest}`
    : overlaps(from, to);
  const result = await sql<ShiftRow>`select ${shiftColumns} from on_call_shifts s ${shiftJoins}
    where ${live}
      ${filter.organisationId ? sql`and s.organisation_id = ${filter.organisationId}` : sql``}
      ${filter.organisationIds ? sql`and s.organisation_id = any(${sql.val(filter.organisationIds)}::uuid[])` : sql``}
      ${filter.excludeId ? sql`and s.id <> ${filter.excludeId}` : sql``}
      ${regionFilter}
    order by s.starts_at, o.kana, s.id`.execute(db);
  return result.rows;
}

/** One shift by id (cancelled included), or undefined. */
export async function findShift(db: Kysely<Tables>, id: string): Promise<ShiftRow | undefined> {
  return (await findShifts(db, [id]))[0];
}

/** Shifts by id (cancelled included), in one query; unknown ids are absent. */
export async function findShifts(db: Kysely<Tables>, ids: readonly string[]): Promise<ShiftRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<ShiftRow>`select ${shiftColumns} from on_call_shifts s ${shiftJoins}
    where s.id = any(${sql.val([...new Set(ids)])}::uuid[])`.execute(db);
  return result.rows;
}

/** The ids of regions at some levels: all of them, or those in the subtree of a region. */
export async function regionIdsAt(
  db: Kysely<Tables>,
  levels: readonly RegionLevel[],
  under?: string,
): Promise<string[]> {
  if (!under) {
    const rows = await db
      .selectFrom('regions')
      .select('id')
      .where('level', 'in', levels)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }
  const result = await sql<{ id: string }>`with recursive down(id, level) as (
      select id, level from regions where id = ${under}
      union all select r.id, r.level from regions r join down on r.parent_id = down.id)
    select id from down where level = any(${sql.val(levels)}::text[])`.execute(db);
  return result.rows.map((r) => r.id);
}

/** The regions an organisation serves (its 担当圏域). */
export async function regionsOfOrganisation(db: Kysely<Tables>, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organisationRegions')
    .select('regionId')
    .where('organisationId', '=', organisationId)
    .execute();
  return rows.map((r) => r.regionId);
}

export async function organisationName(db: Kysely<Tables>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name;
}

/** Of these users, those who are active (not disabled) members of the organisation, with their names. */
export async function activeMembers(
  db: Kysely<Tables>,
  organisationId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['u.id', 'u.displayName'])
    .where('m.organisationId', '=', organisationId)
    .where('u.id', 'in', userIds)
    .where('u.disabledAt', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export interface ShiftFields {
  startsAt: Date;
  endsAt: Date;
  primaryUserId: string;
  backupUserId: string | null;
  contactPhone: string | null;
  note: string | null;
}

export async function insertShift(
  db: Kysely<Tables>,
  s: ShiftFields & { organisationId: string; createdByUserId: string; regionIds: readonly string[] },
  now: Date,
): Promise<string> {
  const { regionIds, ...fields } = s;
  const { id } = await db
    .insertInto('onCallShifts')
    .values({ ...fields, cancelledAt: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceShiftRegions(db, id, regionIds);
  return id;
}

export async function replaceShiftRegions(
  db: Kysely<Tables>,
  shiftId: string,
  regionIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('onCallShiftRegions').where('shiftId', '=', shiftId).execute();
  await db
    .insertInto('onCallShiftRegions')
    .values(regionIds.map((regionId) => ({ shiftId, regionId })))
    .execute();
}

export async function updateShift(
  db: Kysely<Tables>,
  id: string,
  fields: Partial<ShiftFields> & { cancelledAt?: Date },
  now: Date,
): Promise<void> {
  await db
    .updateTable('onCallShifts')
    .set({ ...fields, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

/** Locks a shift's row for the rest of the transaction (a swap and an admin's edit must not cross). */
export async function lockShift(db: Kysely<Tables>, id: string): Promise<void> {
  await db.selectFrom('onCallShifts').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertHistory(
  db: Kysely<Tables>,
  h: {
    shiftId: string;
    kind: 'created' | 'updated' | 'reassigned' | 'swapped' | 'cancelled';
    actorUserId: string | null;
    changes: Record<string, [unknown, unknown]>;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('onCallShiftHistory')
    .values({ ...h, changes: JSON.stringify(h.changes), at: now })
    .execute();
}

export function listHistory(db: Kysely<Tables>, shiftId: string) {
  return db
    .selectFrom('onCallShiftHistory as h')
    .leftJoin('users as u', 'u.id', 'h.actorUserId')
    .select(['h.kind', 'h.at', 'h.changes', 'u.displayName as actorName'])
    .where('h.shiftId', '=', shiftId)
    .orderBy('h.seq')
    .execute();
}

export interface SwapRow {
  id: string;
  shiftId: string;
  role: 'primary' | 'backup';
  fromUserId: string;
  fromName: string;
  toUserId: string;
  toName: string;
  message: string | null;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn' | 'cancelled';
  createdAt: Date;
  decidedAt: Date | null;
  organisationId: string;
  organisationName: string;
  startsAt: Date;
  endsAt: Date;
}

function selectSwaps(db: Kysely<Tables>) {
  return db
    .selectFrom('onCallSwapRequests as q')
    .innerJoin('onCallShifts as s', 's.id', 'q.shiftId')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .innerJoin('users as fu', 'fu.id', 'q.fromUserId')
    .innerJoin('users as tu', 'tu.id', 'q.toUserId')
    .select([
      'q.id',
      'q.shiftId',
      'q.role',
      'q.fromUserId',
      'fu.displayName as fromName',
      'q.toUserId',
      'tu.displayName as toName',
      'q.message',
      'q.status',
      'q.createdAt',
      'q.decidedAt',
      's.organisationId',
      'o.name as organisationName',
      's.startsAt',
      's.endsAt',
    ]);
}

export function findSwap(db: Kysely<Tables>, id: string): Promise<SwapRow | undefined> {
  return selectSwaps(db).where('q.id', '=', id).executeTakeFirst();
}

export function swapsOfShift(db: Kysely<Tables>, shiftId: string): Promise<SwapRow[]> {
  return selectSwaps(db).where('q.shiftId', '=', shiftId).orderBy('q.createdAt', 'desc').execute();
}

/** Swap requests involving a user, and (for an admin) all of an organisation's: pending first, newest first. */
export function swapsFor(
  db: Kysely<Tables>,
  userId: string,
  adminOf: string | null,
  since: Date,
): Promise<SwapRow[]> {
  return selectSwaps(db)
    .where((eb) =>
      eb.or([
        eb('q.fromUserId', '=', userId),
        eb('q.toUserId', '=', userId),
        ...(adminOf ? [eb('s.organisationId', '=', adminOf)] : []),
      ]),
    )
    .where((eb) => eb.or([eb('q.status', '=', 'pending'), eb('q.createdAt', '>=', since)]))
    .orderBy(sql`q.status = 'pending'`, 'desc')
    .orderBy('q.createdAt', 'desc')
    .limit(100)
    .execute();
}

export async function insertSwap(
  db: Kysely<Tables>,
  q: {
    shiftId: string;
    role: 'primary' | 'backup';
    fromUserId: string;
    toUserId: string;
    message: string | null;
  },
  now: Date,
): Promise<string> {
  const { id } = await db
    .insertInto('onCallSwapRequests')
    .values({ ...q, status: 'pending', createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Decides a pending request; false when it was no longer pending. */
export async function decideSwap(
  db: Kysely<Tables>,
  id: string,
  status: 'accepted' | 'declined' | 'withdrawn' | 'cancelled',
  byUserId: string | null,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('onCallSwapRequests')
    .set({ status, decidedAt: now, decidedByUserId: byUserId })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Cancels the pending requests of a shift (or of one of its roles) when an admin changes it. */
export async function cancelPendingSwaps(
  db: Kysely<Tables>,
  shiftId: string,
  roles: readonly ('primary' | 'backup')[],
  byUserId: string | null,
  now: Date,
): Promise<void> {
  if (roles.length === 0) return;
  await db
    .updateTable('onCallSwapRequests')
    .set({ status: 'cancelled', decidedAt: now, decidedByUserId: byUserId })
    .where('shiftId', '=', shiftId)
    .where('status', '=', 'pending')
    .where('role', 'in', roles)
    .execute();
}
