import { sql, type Kysely } from 'kysely';
import type { CertificateBody, ContactBody, PersonListQuery, TeamRole } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { likePattern } from '../../db/sql-text.ts';
import { changedSearchKeys, searchKey, searchKeys } from '../../platform/text/search-key.ts';
import {
  canSeePerson,
  canSeeRecord,
  consentLapse,
  emergencyOpen,
  onTeam,
  type PersonScope,
  currentMembership,
} from '../../platform/access/person-access.ts';

export interface IdentityFields {
  name: string;
  kana: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  dailyLifeAreaId: string | null;
  responsibleMunicipalityId: string | null;
  usesWelfareServices: boolean;
}

export async function insertPerson(
  db: Kysely<Tables>,
  p: IdentityFields & { registeredByOrganisationId: string; registeredByUserId: string; isDemo?: boolean },
  now: Date,
): Promise<string> {
  const keys = searchKeys(p.name, p.kana);
  const row = await db
    .insertInto('persons')
    .values({ ...p, ...keys, kana: keys.kanaKey, kanaDisplay: p.kana, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePerson(
  db: Kysely<Tables>,
  id: string,
  change: Partial<IdentityFields>,
  now: Date,
): Promise<void> {
  const { kana, ...rest } = change;
  const keys = changedSearchKeys(change);
  await db
    .updateTable('persons')
    .set({
      ...rest,
      ...keys,
      ...(kana !== undefined ? { kana: searchKey(kana), kanaDisplay: kana } : {}),
      updatedAt: now,
    })
    .where('id', '=', id)
    .execute();
}

export function findIdentity(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('persons as p')
    .leftJoin('regions as d', 'd.id', 'p.dailyLifeAreaId')
    .leftJoin('regions as m', 'm.id', 'p.responsibleMunicipalityId')
    .select([
      'p.id',
      'p.name',
      'p.kanaDisplay as kana',
      'p.birthDate',
      'p.phone',
      'p.email',
      'p.address',
      'p.dailyLifeAreaId',
      'd.name as dailyLifeAreaName',
      'p.responsibleMunicipalityId',
      'm.name as responsibleMunicipalityName',
      'p.usesWelfareServices',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export function regionLevel(db: Kysely<Tables>, id: string) {
  return db.selectFrom('regions').select('level').where('id', '=', id).executeTakeFirst();
}

export interface PersonListRow {
  id: string;
  name: string;
  kana: string;
  birthDate: string;
  responsibleMunicipalityName: string | null;
  myTeamRole: TeamRole | null;
  isLead: boolean;
  expiringCertificates: number;
  viaEmergencyAccess: boolean;
}

/** Persons the scope may see (consent-filtered in SQL), optionally matching a partial name or reading. */
export async function listVisiblePersons(
  db: Kysely<Tables>,
  scope: PersonScope,
  q: PersonListQuery,
): Promise<{ rows: PersonListRow[]; total: number }> {
  const conditions = [canSeePerson('p', scope)];
  const key = searchKey(q.q ?? '');
  if (key) conditions.push(sql`(p.name_key like ${likePattern(key)} or p.kana_key like ${likePattern(key)})`);
  const where = sql.join(conditions, sql` and `);
  // Only persons one of canSeePerson's three ways could open are candidates: the organisation's
  // teams, the persons it registered, the caller's break-glass accesses. A city holds tens of
  // thousands of persons; an organisation sees a few hundred.
  const candidates = sql`(select tm.person_id as id from team_members tm
      where tm.organisation_id = ${scope.organisationId}::uuid and ${currentMembership('tm', scope.today)}
    union select r.id from persons r where r.registered_by_organisation_id = ${scope.organisationId}::uuid
    union select ea.person_id from emergency_accesses ea where ea.user_id = ${scope.userId}::uuid
      and ea.started_at <= ${scope.now} and ea.expires_at > ${scope.now})`;
  const welfareVisible = canSeeRecord('p.id', 'welfare_services', 'c.recordedByOrganisationId', scope);
  const rows = await sql<PersonListRow>`
    select p.id, p.name, p.kana_display as kana, p.birth_date, m.name as responsible_municipality_name,
      (select tm.role from team_members tm where tm.person_id = p.id and tm.organisation_id = ${scope.organisationId}::uuid
         and ${currentMembership('tm', scope.today)}
         order by tm.is_lead desc, tm.started_on limit 1) as my_team_role,
      exists (select 1 from team_members tm where tm.person_id = p.id and tm.organisation_id = ${scope.organisationId}::uuid and tm.is_lead
         and ${currentMembership('tm', scope.today)}) as is_lead,
      (select count(*)::int from person_certificates c where c.person_id = p.id
         and c.valid_until <= ${scope.today}::date + 90 and ${welfareVisible}) as expiring_certificates,
      (${emergencyOpen('p.id', scope)} and not ${onTeam('p.id', scope)}) as via_emergency_access
    from ${candidates} c join persons p on p.id = c.id left join regions m on m.id = p.responsible_municipality_id
    where ${where}
    order by p.kana, p.id
    limit ${q.limit ?? 100} offset ${q.offset ?? 0}`.execute(db);
  const total = await sql<{
    n: number;
  }>`select count(*)::int as n from ${candidates} c join persons p on p.id = c.id
    where ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/**
 * The persons on the organisation's teams now whom its consent no longer (or not yet) lets it
 * see, counted by why: a list that drops them silently reads as "nobody here".
 */
export async function countTeamPersonsOutsideConsent(
  db: Kysely<Tables>,
  scope: PersonScope,
): Promise<{ expired: number; withdrawn: number; none: number }> {
  const result = await sql<{ expired: number; withdrawn: number; none: number }>`
    select count(*) filter (where lapse = 'expired')::int as expired,
      count(*) filter (where lapse = 'withdrawn')::int as withdrawn,
      count(*) filter (where lapse = 'none')::int as none
    from (select distinct p.id, ${consentLapse('p.id', scope)} as lapse
      from team_members tm join persons p on p.id = tm.person_id
      where tm.organisation_id = ${scope.organisationId}::uuid and ${currentMembership('tm', scope.today)}
        and not ${canSeePerson('p', scope)}) hidden`.execute(db);
  return result.rows[0] ?? { expired: 0, withdrawn: 0, none: 0 };
}

// ---------------------------------------------------------------- certificates

export function listCertificates(db: Kysely<Tables>, personId: string) {
  return db
    .selectFrom('personCertificates')
    .select([
      'id',
      'kind',
      'number',
      'supportCategory',
      'grade',
      'validFrom',
      'validUntil',
      'recordedByOrganisationId',
    ])
    .where('personId', '=', personId)
    .orderBy('validUntil')
    .execute();
}

export async function insertCertificate(
  db: Kysely<Tables>,
  personId: string,
  c: CertificateBody,
  by: { userId: string; organisationId: string },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('personCertificates')
    .values({
      personId,
      kind: c.kind,
      number: c.number ?? null,
      supportCategory: c.supportCategory ?? null,
      grade: c.grade ?? null,
      validFrom: c.validFrom ?? null,
      validUntil: c.validUntil,
      recordedByUserId: by.userId,
      recordedByOrganisationId: by.organisationId,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCertificate(
  db: Kysely<Tables>,
  personId: string,
  id: string,
  c: CertificateBody,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('personCertificates')
    .set({
      kind: c.kind,
      number: c.number ?? null,
      supportCategory: c.supportCategory ?? null,
      grade: c.grade ?? null,
      validFrom: c.validFrom ?? null,
      validUntil: c.validUntil,
      updatedAt: now,
    })
    .where('id', '=', id)
    .where('personId', '=', personId)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function deleteCertificate(db: Kysely<Tables>, personId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('personCertificates')
    .where('id', '=', id)
    .where('personId', '=', personId)
    .executeTakeFirst();
  return r.numDeletedRows === 1n;
}

// ---------------------------------------------------------------- contacts (family and informal supporters)

export function listContacts(db: Kysely<Tables>, personId: string) {
  return db
    .selectFrom('personContacts')
    .select(['id', 'name', 'relationship', 'phone', 'notes', 'isExcluded', 'exclusionNote'])
    .where('personId', '=', personId)
    .orderBy('isExcluded', 'desc')
    .orderBy('createdAt')
    .execute();
}

export async function insertContact(
  db: Kysely<Tables>,
  personId: string,
  c: ContactBody,
  organisationId: string,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('personContacts')
    .values({
      personId,
      name: c.name.trim(),
      relationship: c.relationship,
      phone: c.phone ?? null,
      notes: c.notes ?? null,
      isExcluded: c.isExcluded,
      exclusionNote: c.exclusionNote ?? null,
      recordedByOrganisationId: organisationId,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateContact(
  db: Kysely<Tables>,
  personId: string,
  id: string,
  c: ContactBody,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('personContacts')
    .set({
      name: c.name.trim(),
      relationship: c.relationship,
      phone: c.phone ?? null,
      notes: c.notes ?? null,
      isExcluded: c.isExcluded,
      exclusionNote: c.exclusionNote ?? null,
      updatedAt: now,
    })
    .where('id', '=', id)
    .where('personId', '=', personId)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function deleteContact(db: Kysely<Tables>, personId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('personContacts')
    .where('id', '=', id)
    .where('personId', '=', personId)
    .executeTakeFirst();
  return r.numDeletedRows === 1n;
}
