import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** The regions an organisation serves (its 担当圏域). */
export async function servedRegions(db: Kysely<Tables>, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organisationRegions')
    .select('regionId')
    .where('organisationId', '=', organisationId)
    .execute();
  return rows.map((r) => r.regionId);
}

/** Region names by id. */
export async function regionNames(db: Kysely<Tables>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('regions')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Organisations' own phone numbers (the office's number, public): never a member of staff's. */
export function organisationPhones(db: Kysely<Tables>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'phone'])
    .where('id', 'in', [...ids])
    .execute();
}
