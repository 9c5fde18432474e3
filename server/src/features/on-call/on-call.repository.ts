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
  ${activeMember('s.backup_user_id', 'bu')} as "backupActive"`;

const shiftJoins = sql`join organisations o on o.id = s.organisation_id
  join users pu on pu.id = s.primary_user_id
  left join users bu on bu.id = s.backup_user_id`;

/** Live shifts overlapping [from, to) (bounded by MAX_SHIFT_DAYS so the index on starts_at serves). */
const overlaps = (from: Date, to: Date) =>
  sql`s.cancelled_at is null and s.starts_at < ${to} and s.ends_at > ${from}
    and s.starts_at > ${new Date(from.getTime() - MAX_SHIFT_DAYS * DAY_MS)}`;

/** Each region with itself and its ancestors, and the distance up (0 = itself). */
const ancestorsOf = (regionIds: readonly string[]): RawBuilder<unknown> =>
  sql`up(root, id, parent_id, level, depth) as (
      select r.id, r.id, r.parent_id, r.level, 0 from regions r where r.id = any(${sql.val(regionIds)}::uuid[])
      union all
      select up.root, r.id, r.parent_id, r.level, up.depth + 1 from regions r join up on r.id = up.parent_id)`;

/**
 * The live shifts that cover each region at `instant` — through the region itself or one of
 * its ancestors — nearest region first, then the latest start. One query for all regions.
 */
export async function shiftsCoveringAt(
  db: Kysely<Tables>,
  regionIds: readonly string[],
  instant: Date,
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
    where ${overlaps(instant, new Date(instant.getTime() + 1))}
    group by up.root, s.id, o.id, pu.id, bu.id
    order by up.root, depth, s.starts_at desc, s.id`.execute(db);
  return result.rows;
}

/**
 * Shifts overlapping [from, to), optionally of one organisation and/or relevant to some regions
 * (covering them, an ancestor or a descendant), cancelled ones included when asked.
 */
export async function shiftsBetween(
  db: Kysely<Tables>,
  filter: { organisationId?: string; regionIds?: readonly string[]; includeCancelled?: boolean },
  from: Date,
  to: Date,
): Promise<ShiftRow[]> {
  const regionFilter = filter.regionIds
    ? sql`and exists (select 1 from on_call_shift_regions x where x.shift_id = s.id and x.region_id in (
        with recursive up(id, parent_id) as (
          select id, parent_id from regions where id = any(${sql.val(filter.regionIds)}::uuid[])
          union all select r.id, r.parent_id from regions r join up on r.id = up.parent_id),
        down(id) as (
          select id from regions where id = any(${sql.val(filter.regionIds)}::uuid[])
          union all select r.id from regions r join down on r.parent_id = down.id)
        select id from up union select id from down))`
    : sql``;
  const live = filter.includeCancelled
    ? sql`s.starts_at < ${to} and s.ends_at > ${from} and s.starts_at > ${new Date(from.getTime() - MAX_SHIFT_DAYS * DAY_MS)}`
    : overlaps(from, to);
  const result = await sql<ShiftRow>`select ${shiftColumns} from on_call_shifts s ${shiftJoins}
    where ${live}
      ${filter.organisationId ? sql`and s.organisation_id = ${filter.organisationId}` : sql``}
      ${regionFilter}
    order by s.starts_at, o.kana, s.id`.execute(db);
  return result.rows;
}

/** One shift by id (cancelled included), or undefined. */
export async function findShift(db: Kysely<Tables>, id: string): Promise<ShiftRow | undefined> {
  const result = await sql<ShiftRow>`select ${shiftColumns} from on_call_shifts s ${shiftJoins}
    where s.id = ${id}`.execute(db);
  return result.rows[0];
}

/** The regions a coverage check looks at, each with itself and its ancestors (level and distance). */
export async function regionsWithAncestors(
  db: Kysely<Tables>,
  scope: readonly string[] | 'all',
  levels: readonly RegionLevel[],
): Promise<{ root: string; id: string; level: RegionLevel; depth: number }[]> {
  const roots =
    scope === 'all'
      ? (await db.selectFrom('regions').select('id').where('level', 'in', levels).execute()).map((r) => r.id)
      : scope;
  if (roots.length === 0) return [];
  const result = await sql<{ root: string; id: string; level: RegionLevel; depth: number }>`
    with recursive ${ancestorsOf(roots)}
    select root, id, level, depth from up order by root, depth`.execute(db);
  return result.rows;
}

/** Municipal offices (市町村障害福祉課) serving each municipality: their hours decide when on-call is needed. */
export async function municipalOfficesOf(
  db: Kysely<Tables>,
  municipalityIds: readonly string[],
): Promise<{ municipalityId: string; organisationId: string }[]> {
  if (municipalityIds.length === 0) return [];
  return db
    .selectFrom('organisationRegions as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisationId')
    .select(['r.regionId as municipalityId', 'o.id as organisationId'])
    .where('o.kind', '=', 'municipal_disability_welfare_division')
    .where('r.regionId', 'in', municipalityIds)
    .execute();
}
