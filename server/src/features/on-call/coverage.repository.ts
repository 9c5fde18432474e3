import { sql, type Kysely } from 'kysely';
import type { RegionLevel } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { ancestorsOf } from './on-call.repository.ts';

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

/** The organisations a system administrator chose for each of these regions (absent: no choice). */
export async function chosenDefiners(
  db: Kysely<Tables>,
  regionIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (regionIds.length === 0) return out;
  const rows = await db
    .selectFrom('regionCoverageOrganisations')
    .select(['regionId', 'organisationId'])
    .where('regionId', 'in', [...new Set(regionIds)])
    .orderBy('organisationId')
    .execute();
  for (const r of rows) out.set(r.regionId, [...(out.get(r.regionId) ?? []), r.organisationId]);
  return out;
}

/**
 * The default organisations whose hours define each municipality's day: its municipal office
 * (市町村障害福祉課) and the 基幹相談支援センター serving it. One query.
 */
export async function defaultDefiners(
  db: Kysely<Tables>,
  municipalityIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (municipalityIds.length === 0) return out;
  const rows = await db
    .selectFrom('organisationRegions as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisationId')
    .select(['r.regionId as municipalityId', 'o.id as organisationId'])
    .where('o.kind', 'in', ['municipal_disability_welfare_division', 'core_consultation_center'])
    .where('r.regionId', 'in', [...new Set(municipalityIds)])
    .orderBy('o.id')
    .execute();
  for (const r of rows) out.set(r.municipalityId, [...(out.get(r.municipalityId) ?? []), r.organisationId]);
  return out;
}

/** Replaces a region's chosen organisations (none: back to the default). */
export async function replaceDefiners(
  db: Kysely<Tables>,
  regionId: string,
  organisationIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('regionCoverageOrganisations').where('regionId', '=', regionId).execute();
  if (organisationIds.length === 0) return;
  await db
    .insertInto('regionCoverageOrganisations')
    .values([...new Set(organisationIds)].map((organisationId) => ({ regionId, organisationId })))
    .execute();
}

/** Names and kinds of organisations, for the screens that show who defines a day. */
export function organisationsNamed(db: Kysely<Tables>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind'])
    .where('id', 'in', [...new Set(ids)])
    .orderBy('kana')
    .execute();
}
