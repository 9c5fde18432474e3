import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { UrgentCaseStatus, UrgentPriority } from '../../db/tables-off-hours.ts';
import type { OperationsScope } from '../../platform/access/policy.ts';

/**
 * The operational side of urgent cases (当番不在): which region oversees a case, and the cases
 * with a step that reached no one. Nothing here reads a person.
 */

/** The 基幹相談支援センター serving a region or an area above it: they oversee its cases. */
export async function overseeingOrganisations(
  db: Kysely<Tables>,
  regionId: string | null,
): Promise<string[]> {
  if (!regionId) return [];
  const rows = await sql<{ id: string }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from regions where id = ${regionId}::uuid
      union all
      select r.id, r.parent_id, up.depth + 1 from regions r join up on r.id = up.parent_id where up.depth < 10)
    select distinct o.id from organisations o join organisation_regions r on r.organisation_id = o.id
    where o.kind = 'core_consultation_center' and r.region_id in (select id from up)`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * The cases opened since `since` with a step that reached no one, within the scope: all of them
 * for a system administrator, else those of the regions a 基幹相談支援センター serves (and below).
 */
export async function unreachedCases(db: Kysely<Tables>, scope: OperationsScope, since: Date) {
  const oversees = scope.all
    ? sql`true`
    : sql`c.region_id in (with recursive down(id) as (
          select r.region_id from organisation_regions r join organisations k on k.id = r.organisation_id
          where r.organisation_id = ${scope.organisationId}::uuid and k.kind = 'core_consultation_center'
          union all select g.id from regions g join down on g.parent_id = down.id)
        select id from down)`;
  const rows = await sql<{
    id: string;
    priority: UrgentPriority;
    status: UrgentCaseStatus;
    openedAt: Date;
    openedByOrganisationName: string;
    unreachedSteps: number;
    lastUnreachedAt: Date;
  }>`select c.id, c.priority, c.status, c.opened_at, o.name as opened_by_organisation_name,
      u.n as unreached_steps, u.last as last_unreached_at
    from urgent_cases c join organisations o on o.id = c.opened_by_organisation_id
      cross join lateral (select count(*)::int as n, max(s.fired_at) as last from urgent_steps s
        where s.case_id = c.id and cardinality(s.recipient_user_ids) = 0) u
    where c.opened_at >= ${since} and u.n > 0 and ${oversees}
    order by u.last desc, c.id limit 100`.execute(db);
  return rows.rows;
}

/** The organisations a case was sent to: its steps' organisations and those of the shifts they reached. */
export async function organisationsSentTo(db: Kysely<Tables>, caseId: string): Promise<string[]> {
  const rows = await sql<{ organisationId: string }>`
    select s.organisation_id from urgent_steps s where s.case_id = ${caseId}::uuid and s.organisation_id is not null
    union
    select sh.organisation_id from urgent_steps s join on_call_shifts sh on sh.id = any(s.shift_ids)
    where s.case_id = ${caseId}::uuid`.execute(db);
  return rows.rows.map((r) => r.organisationId);
}

/** The organisations each user is a member of (oldest membership first). */
export async function membershipsOf(
  db: Kysely<Tables>,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('memberships')
    .select(['userId', 'organisationId'])
    .where('userId', 'in', [...userIds])
    .orderBy('createdAt')
    .execute();
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.organisationId]);
  return out;
}
