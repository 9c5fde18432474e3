import { sql, type Kysely } from 'kysely';
import type { ConsentMethod, GrantBasis, InformationCategory } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { PersonScope } from '../../platform/access/person-access.ts';
import { leadsTeam } from '../../platform/access/person-access.ts';

export interface GrantRow {
  id: string;
  personId: string;
  organisationId: string;
  organisationName: string;
  categories: InformationCategory[];
  basis: GrantBasis;
  method: ConsentMethod | null;
  statute: string | null;
  obtainedOn: string;
  obtainedByUserId: string | null;
  obtainedByName: string | null;
  obtainedByOrganisationId: string | null;
  obtainedByOrganisationName: string | null;
  expiresOn: string | null;
  withdrawnAt: Date | null;
  withdrawnByUserId: string | null;
  withdrawnByName: string | null;
  withdrawnByOrganisationId: string | null;
  withdrawnByOrganisationName: string | null;
  withdrawalNote: string | null;
  hasDocument: boolean;
  createdAt: Date;
}

function selectGrants(db: Kysely<Tables>) {
  return db
    .selectFrom('accessGrants as g')
    .innerJoin('organisations as o', 'o.id', 'g.organisationId')
    .leftJoin('users as ou', 'ou.id', 'g.obtainedByUserId')
    .leftJoin('organisations as oo', 'oo.id', 'g.obtainedByOrganisationId')
    .leftJoin('users as wu', 'wu.id', 'g.withdrawnByUserId')
    .leftJoin('organisations as wo', 'wo.id', 'g.withdrawnByOrganisationId')
    .select([
      'g.id',
      'g.personId',
      'g.organisationId',
      'o.name as organisationName',
      sql<
        InformationCategory[]
      >`array(select gc.category from access_grant_categories gc where gc.grant_id = g.id order by gc.category)`.as(
        'categories',
      ),
      'g.basis',
      'g.method',
      'g.statute',
      'g.obtainedOn',
      'g.obtainedByUserId',
      'ou.displayName as obtainedByName',
      'g.obtainedByOrganisationId',
      'oo.name as obtainedByOrganisationName',
      'g.expiresOn',
      'g.withdrawnAt',
      'g.withdrawnByUserId',
      'wu.displayName as withdrawnByName',
      'g.withdrawnByOrganisationId',
      'wo.name as withdrawnByOrganisationName',
      'g.withdrawalNote',
      sql<boolean>`exists (select 1 from grant_documents d where d.grant_id = g.id)`.as('hasDocument'),
      'g.createdAt',
    ]);
}

export function listGrants(db: Kysely<Tables>, personId: string): Promise<GrantRow[]> {
  return selectGrants(db).where('g.personId', '=', personId).orderBy('g.createdAt', 'desc').execute();
}

export function findGrant(db: Kysely<Tables>, id: string): Promise<GrantRow | undefined> {
  return selectGrants(db).where('g.id', '=', id).executeTakeFirst();
}

export async function insertGrant(
  db: Kysely<Tables>,
  g: {
    personId: string;
    organisationId: string;
    categories: readonly InformationCategory[];
    basis: GrantBasis;
    method: ConsentMethod | null;
    statute: string | null;
    obtainedOn: string;
    expiresOn: string | null;
    obtainedByUserId: string;
    obtainedByOrganisationId: string;
  },
  now: Date,
): Promise<string> {
  const { categories, ...fields } = g;
  const row = await db
    .insertInto('accessGrants')
    .values({ ...fields, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('accessGrantCategories')
    .values(categories.map((category) => ({ grantId: row.id, category })))
    .execute();
  return row.id;
}

export async function withdrawGrant(
  db: Kysely<Tables>,
  id: string,
  by: { at: Date; userId: string; organisationId: string; note: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('accessGrants')
    .set({
      withdrawnAt: by.at,
      withdrawnByUserId: by.userId,
      withdrawnByOrganisationId: by.organisationId,
      withdrawalNote: by.note,
    })
    .where('id', '=', id)
    .where('withdrawnAt', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Grants expiring within `days` (or expired within the last 90 days) on persons whose team the scope leads. */
export async function listRenewals(db: Kysely<Tables>, scope: PersonScope, days: number) {
  const result = await sql<{
    grantId: string;
    personId: string;
    personName: string;
    organisationName: string;
    categories: InformationCategory[];
    expiresOn: string;
    daysUntilExpiry: number;
  }>`
    select g.id as grant_id, p.id as person_id, p.name as person_name, o.name as organisation_name,
      array(select gc.category from access_grant_categories gc where gc.grant_id = g.id order by gc.category) as categories,
      g.expires_on, (g.expires_on - ${scope.today}::date) as days_until_expiry
    from access_grants g
    join persons p on p.id = g.person_id
    join organisations o on o.id = g.organisation_id
    where g.withdrawn_at is null and g.expires_on is not null
      and g.expires_on <= ${scope.today}::date + ${days}::int
      and g.expires_on >= ${scope.today}::date - 90
      and ${leadsTeam('p.id', scope)}
      and not exists (select 1 from access_grants newer where newer.person_id = g.person_id and newer.organisation_id = g.organisation_id
        and newer.withdrawn_at is null and newer.created_at > g.created_at
        and (newer.expires_on is null or newer.expires_on > ${scope.today}::date + ${days}::int))
    order by g.expires_on`.execute(db);
  return result.rows;
}

export async function saveDocument(
  db: Kysely<Tables>,
  d: {
    grantId: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    data: Buffer;
    uploadedByUserId: string;
  },
  now: Date,
): Promise<void> {
  await db.deleteFrom('grantDocuments').where('grantId', '=', d.grantId).execute();
  await db
    .insertInto('grantDocuments')
    .values({ ...d, createdAt: now })
    .execute();
}

export function findDocument(db: Kysely<Tables>, grantId: string) {
  return db
    .selectFrom('grantDocuments')
    .select(['filename', 'contentType', 'data', 'sha256'])
    .where('grantId', '=', grantId)
    .executeTakeFirst();
}
