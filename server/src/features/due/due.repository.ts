import { sql, type Kysely } from 'kysely';
import type { CertificateKind, DueBand, DueScope, PlanKind } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import {
  canSeePerson,
  canSeeRecord,
  leadsTeam,
  type PersonScope,
  currentMembership,
} from '../../platform/access/person-access.ts';

/**
 * The persons a due list covers, as a CTE `vis (id, name)`: those the caller is named on the team
 * of (mine) or whose team the caller's organisation is on (organisation), and whose identity the
 * caller may see. Every row below is also filtered by consent for its own category.
 */
function visiblePersons(scope: PersonScope, which: DueScope) {
  const mine = which === 'mine' ? sql`and tm.user_id = ${scope.userId}::uuid` : sql``;
  return sql`vis as (select p.id, p.name from persons p
    where p.id in (select tm.person_id from team_members tm
      where tm.organisation_id = ${scope.organisationId}::uuid ${mine}
        and ${currentMembership('tm', scope.today)})
      and ${canSeePerson('p', scope)})`;
}

/** Plans with a version in force, for monitoring and review dates (computed by the service). */
export async function plansInForce(db: Kysely<Tables>, scope: PersonScope, which: DueScope) {
  const result = await sql<{
    planId: string;
    kind: PlanKind;
    personId: string;
    personName: string;
    organisationId: string;
    organisationName: string;
    version: number;
    planDate: string;
    monitoringMonths: number | null;
    reviewOn: string | null;
    lastMonitoredOn: string | null;
    changeNeeded: boolean;
  }>`with ${visiblePersons(scope, which)}
    select pl.id as plan_id, pl.kind, pl.person_id, vis.name as person_name, pl.organisation_id,
      o.name as organisation_name, cv.version, cv.plan_date, cv.monitoring_months, cv.review_on, lm.monitored_on as last_monitored_on,
      coalesce(lm.needs_change and lm.plan_version >= cv.version, false) as change_needed
    from plans pl
    join vis on vis.id = pl.person_id
    join organisations o on o.id = pl.organisation_id
    join lateral (select v.version, v.plan_date, v.monitoring_months, v.review_on from plan_versions v
      where v.plan_id = pl.id and v.status = 'confirmed' order by v.version desc limit 1) cv on true
    left join lateral (select m.monitored_on, m.needs_change, m.plan_version from plan_monitorings m
      where m.plan_id = pl.id order by m.monitored_on desc, m.recorded_at desc limit 1) lm on true
    where ${canSeeRecord('pl.personId', 'pl.category', 'pl.organisationId', scope)}`.execute(db);
  return result.rows;
}

/** Certificates (受給者証・手帳・自立支援医療) ending within `days` or ended in the last `days`, not yet renewed. */
export async function expiringCertificates(
  db: Kysely<Tables>,
  scope: PersonScope,
  which: DueScope,
  days: number,
) {
  const result = await sql<{
    certificateId: string;
    kind: CertificateKind;
    personId: string;
    personName: string;
    validUntil: string;
  }>`with ${visiblePersons(scope, which)}
    select c.id as certificate_id, c.kind, c.person_id, vis.name as person_name, c.valid_until
    from person_certificates c
    join vis on vis.id = c.person_id
    where c.valid_until <= ${scope.today}::date + ${days}::int and c.valid_until >= ${scope.today}::date - ${days}::int
      and not exists (select 1 from person_certificates newer where newer.person_id = c.person_id
        and newer.kind = c.kind and newer.valid_until > c.valid_until)
      and ${canSeeRecord('c.personId', 'welfare_services', 'c.recordedByOrganisationId', scope)}`.execute(db);
  return result.rows;
}

/**
 * Consents ending within `days` (or ended in the last `days`) and not renewed: shown to the lead of
 * the team (who renews them) and to the organisation that would lose access.
 */
export async function expiringGrants(db: Kysely<Tables>, scope: PersonScope, which: DueScope, days: number) {
  const result = await sql<{
    grantId: string;
    personId: string;
    personName: string;
    organisationName: string;
    expiresOn: string;
  }>`with ${visiblePersons(scope, which)}
    select g.id as grant_id, g.person_id, vis.name as person_name, o.name as organisation_name, g.expires_on
    from access_grants g
    join vis on vis.id = g.person_id
    join organisations o on o.id = g.organisation_id
    where g.withdrawn_at is null and g.expires_on is not null
      and g.expires_on <= ${scope.today}::date + ${days}::int and g.expires_on >= ${scope.today}::date - ${days}::int
      and (g.organisation_id = ${scope.organisationId}::uuid or ${leadsTeam('g.personId', scope)})
      and not exists (select 1 from access_grants newer where newer.person_id = g.person_id
        and newer.organisation_id = g.organisation_id and newer.withdrawn_at is null and newer.created_at > g.created_at
        and (newer.expires_on is null or newer.expires_on > g.expires_on))`.execute(db);
  return result.rows;
}

/**
 * The staff a 期限 reminder may go to: every account named on a person's team now, with the
 * organisation it is named for and whether that organisation leads the team (who renews
 * certificates and consents). Disabled accounts and ended memberships are left out.
 */
export async function namedTeamStaff(db: Kysely<Tables>, today: string) {
  const result = await sql<{ userId: string; organisationId: string }>`
    select distinct tm.user_id, tm.organisation_id from team_members tm
    join users u on u.id = tm.user_id and u.disabled_at is null
    join memberships m on m.user_id = tm.user_id and m.organisation_id = tm.organisation_id
    where tm.user_id is not null and tm.started_on <= ${today}::date
      and (tm.ended_on is null or tm.ended_on > ${today}::date)
    order by tm.user_id, tm.organisation_id`.execute(db);
  return result.rows;
}

/** The persons whose team the organisation leads now. */
export async function personsLedBy(db: Kysely<Tables>, organisationId: string, today: string) {
  const rows = await db
    .selectFrom('teamMembers')
    .select('personId')
    .distinct()
    .where('organisationId', '=', organisationId)
    .where('isLead', '=', true)
    .where('startedOn', '<=', today)
    .where((eb) => eb.or([eb('endedOn', 'is', null), eb('endedOn', '>', today)]))
    .execute();
  return new Set(rows.map((r) => r.personId));
}

/** Marks bands as told, once: answers the rows that were new (the rest were told before). */
export async function markReminded(
  db: Kysely<Tables>,
  rows: readonly { userId: string; personId: string; itemKey: string; band: DueBand; dueOn: string }[],
  now: Date,
): Promise<{ id: string; itemKey: string; band: DueBand }[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('dueReminders')
    .values(rows.map((r) => ({ ...r, createdAt: now })))
    .onConflict((oc) => oc.columns(['userId', 'itemKey', 'band']).doNothing())
    .returning(['id', 'itemKey', 'band'])
    .execute();
}
