import { sql, type Kysely, type SqlBool } from 'kysely';
import {
  directoryCategoryOf,
  type BusinessHoursRange,
  type OrganisationKind,
  type OrganisationListQuery,
  type Sector,
} from '@tsunagu/contract';
import { businessHoursJson, hasAccounts, regionIdsJson } from '../../db/organisation-sql.ts';
import { likePattern } from '../../db/sql-text.ts';
import type { Tables } from '../../db/tables.ts';
import { changedSearchKeys, searchKey, searchKeys } from '../../platform/text/search-key.ts';

export interface OrganisationRow {
  id: string;
  name: string;
  kana: string;
  sector: Sector;
  kind: OrganisationKind;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  fax: string | null;
  createdAt: Date;
  updatedAt: Date;
  regionIds: string[];
  businessHours: BusinessHoursRange[];
  staffCount: number;
}

function selectOrganisations(db: Kysely<Tables>) {
  return db
    .selectFrom('organisations as o')
    .select([
      'o.id',
      'o.name',
      'o.kana',
      'o.sector',
      'o.kind',
      'o.postalCode',
      'o.address',
      'o.phone',
      'o.fax',
      'o.createdAt',
      'o.updatedAt',
      regionIdsJson.as('regionIds'),
      businessHoursJson.as('businessHours'),
      sql<number>`(select count(*)::int from memberships m where m.organisation_id = o.id)`.as('staffCount'),
    ]);
}

export async function listOrganisations(
  db: Kysely<Tables>,
  q: OrganisationListQuery,
): Promise<{ rows: OrganisationRow[]; total: number }> {
  let where = db.selectFrom('organisations as o').select('o.id');
  const filter = <T extends typeof where | ReturnType<typeof selectOrganisations>>(query: T): T => {
    let x = query as ReturnType<typeof selectOrganisations>;
    const key = searchKey(q.q ?? '');
    if (key) {
      const pattern = likePattern(key);
      x = x.where((eb) => eb.or([eb('o.nameKey', 'like', pattern), eb('o.kanaKey', 'like', pattern)]));
    }
    if (q.sector) x = x.where('o.sector', '=', q.sector);
    if (q.kind) x = x.where('o.kind', '=', q.kind);
    if (q.onTsunagu !== undefined) {
      // On tsunagu = has accounts: pickers of colleagues ask for these, so that thousands of
      // imported directory entries do not flood them.
      x = x.where(q.onTsunagu ? hasAccounts : sql<SqlBool>`not ${hasAccounts}`);
    }
    if (q.regionId) {
      const regionId = q.regionId;
      x = x.where((eb) =>
        eb.exists(
          eb
            .selectFrom('organisationRegions as r')
            .select('r.regionId')
            .whereRef('r.organisationId', '=', 'o.id')
            .where('r.regionId', '=', regionId),
        ),
      );
    }
    return x as T;
  };
  where = filter(where);
  const rows = await filter(selectOrganisations(db))
    .orderBy('o.kana')
    .orderBy('o.id')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0)
    .execute();
  const total = await db
    .selectFrom(where.as('f'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: total.n };
}

export function findOrganisation(db: Kysely<Tables>, id: string): Promise<OrganisationRow | undefined> {
  return selectOrganisations(db).where('o.id', '=', id).executeTakeFirst();
}

export interface OrganisationFields {
  name: string;
  kana: string;
  sector: Sector;
  kind: OrganisationKind;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  fax: string | null;
}

export async function insertOrganisation(
  db: Kysely<Tables>,
  f: OrganisationFields & { isDemo?: boolean },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('organisations')
    .values({
      ...f,
      ...searchKeys(f.name, f.kana),
      directoryCategory: directoryCategoryOf(f.sector, f.kind),
      confirmedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOrganisation(
  db: Kysely<Tables>,
  id: string,
  f: Partial<OrganisationFields>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ ...f, ...changedSearchKeys(f), updatedAt: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function replaceRegions(
  db: Kysely<Tables>,
  organisationId: string,
  regionIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('organisationRegions').where('organisationId', '=', organisationId).execute();
  if (regionIds.length > 0) {
    await db
      .insertInto('organisationRegions')
      .values(regionIds.map((regionId) => ({ organisationId, regionId })))
      .execute();
  }
}

export async function replaceBusinessHours(
  db: Kysely<Tables>,
  organisationId: string,
  hours: readonly BusinessHoursRange[],
): Promise<void> {
  await db.deleteFrom('organisationBusinessHours').where('organisationId', '=', organisationId).execute();
  if (hours.length > 0) {
    await db
      .insertInto('organisationBusinessHours')
      .values(
        hours.map((h) => ({ organisationId, weekday: h.weekday, opensAt: h.opensAt, closesAt: h.closesAt })),
      )
      .execute();
  }
}

export async function hasMembers(db: Kysely<Tables>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('userId')
    .where('organisationId', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteOrganisation(db: Kysely<Tables>, id: string): Promise<void> {
  await db.deleteFrom('organisations').where('id', '=', id).execute();
}
