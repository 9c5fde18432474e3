import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { regionLevels, type RegionLevel } from '@tsunagu/contract';

const columns = [
  'id',
  'parentId',
  'level',
  'name',
  'kana',
  'code',
  'centreLatitude',
  'centreLongitude',
] as const;

/** A region's centre: both coordinates or neither. */
export interface Centre {
  centreLatitude: number | null;
  centreLongitude: number | null;
}

export function listRegions(db: Kysely<Tables>) {
  // Top of the tree first, then by reading (kana) within a level.
  return db
    .selectFrom('regions')
    .select(columns)
    .orderBy(sql`array_position(${sql.val(regionLevels)}::text[], level)`)
    .orderBy('kana')
    .orderBy('name')
    .execute();
}

export function findRegion(db: Kysely<Tables>, id: string) {
  return db.selectFrom('regions').select(columns).where('id', '=', id).executeTakeFirst();
}

export function insertRegion(
  db: Kysely<Tables>,
  r: {
    parentId: string | null;
    level: RegionLevel;
    name: string;
    kana: string | null;
    code: string | null;
    centre?: Centre | undefined;
    now: Date;
  },
) {
  return db
    .insertInto('regions')
    .values({
      parentId: r.parentId,
      level: r.level,
      name: r.name,
      kana: r.kana,
      code: r.code,
      ...r.centre,
      createdAt: r.now,
      updatedAt: r.now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export function updateRegion(
  db: Kysely<Tables>,
  id: string,
  change: { name?: string; kana?: string | null; code?: string | null; now: Date } & Partial<Centre>,
) {
  const { now, ...fields } = change;
  return db
    .updateTable('regions')
    .set({ ...fields, updatedAt: now })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function isRegionInUse(db: Kysely<Tables>, id: string): Promise<boolean> {
  const child = await db
    .selectFrom('regions')
    .select('id')
    .where('parentId', '=', id)
    .limit(1)
    .executeTakeFirst();
  if (child) return true;
  const served = await db
    .selectFrom('organisationRegions')
    .select('regionId')
    .where('regionId', '=', id)
    .limit(1)
    .executeTakeFirst();
  return served !== undefined;
}

export async function deleteRegion(db: Kysely<Tables>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('regions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function existingRegionIds(db: Kysely<Tables>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('regions').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
