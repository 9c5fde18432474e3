import { sql, type Kysely } from 'kysely';
import type { ConsentMethod, InformationCategory, PlanKind, PlanStatus } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { canSeeRecord, type PersonScope, currentMembership } from '../../platform/access/person-access.ts';

/** A plan as lists show it: its latest version, the version in force, its monitoring. */
export interface PlanRow {
  id: string;
  personId: string;
  kind: PlanKind;
  category: InformationCategory;
  organisationId: string;
  organisationName: string;
  title: string | null;
  updatedAt: Date;
  latestVersion: number;
  latestStatus: PlanStatus;
  currentVersion: number | null;
  currentPlanDate: string | null;
  monitoringMonths: number | null;
  reviewOn: string | null;
  lastMonitoredOn: string | null;
  /** The last monitoring of the version in force found the plan must change. */
  changeNeeded: boolean;
}

/** The plans of a person the scope may see (consent per the plan's category, or its author). */
function planRows(scope: PersonScope, where: ReturnType<typeof sql>) {
  return sql<PlanRow>`
    select pl.id, pl.person_id, pl.kind, pl.category, pl.organisation_id, o.name as organisation_name, pl.title,
      pl.updated_at, lv.version as latest_version, lv.status as latest_status,
      cv.version as current_version, cv.plan_date as current_plan_date,
      coalesce(cv.monitoring_months, lv.monitoring_months) as monitoring_months,
      coalesce(cv.review_on, lv.review_on) as review_on,
      lm.monitored_on as last_monitored_on,
      coalesce(lm.needs_change and lm.plan_version >= cv.version, false) as change_needed
    from plans pl
    join organisations o on o.id = pl.organisation_id
    join lateral (select v.version, v.status, v.monitoring_months, v.review_on from plan_versions v
      where v.plan_id = pl.id order by v.version desc limit 1) lv on true
    left join lateral (select v.version, v.plan_date, v.monitoring_months, v.review_on from plan_versions v
      where v.plan_id = pl.id and v.status = 'confirmed' order by v.version desc limit 1) cv on true
    left join lateral (select m.monitored_on, m.needs_change, m.plan_version from plan_monitorings m
      where m.plan_id = pl.id order by m.monitored_on desc, m.recorded_at desc limit 1) lm on true
    where ${where} and ${canSeeRecord('pl.personId', 'pl.category', 'pl.organisationId', scope)}
    order by case pl.kind when 'crisis' then 0 when 'service_use' then 1 else 2 end, o.name, pl.id`;
}

export async function listVisiblePlans(db: Kysely<Tables>, scope: PersonScope, personId: string) {
  return (await planRows(scope, sql`pl.person_id = ${personId}::uuid`).execute(db)).rows;
}

export async function findVisiblePlan(db: Kysely<Tables>, scope: PersonScope, planId: string) {
  return (await planRows(scope, sql`pl.id = ${planId}::uuid`).execute(db)).rows[0];
}

/** What the guard needs before anything is shown: whose plan, which category. */
export function findPlanFacts(db: Kysely<Tables>, planId: string) {
  return db
    .selectFrom('plans')
    .select(['id', 'personId', 'kind', 'category', 'organisationId'])
    .where('id', '=', planId)
    .executeTakeFirst();
}

export function findPlanOfKind(db: Kysely<Tables>, personId: string, kind: PlanKind) {
  return db
    .selectFrom('plans')
    .select(['id', 'personId', 'kind', 'category', 'organisationId'])
    .where('personId', '=', personId)
    .where('kind', '=', kind)
    .orderBy('createdAt')
    .execute();
}

export interface VersionRow {
  id: string;
  version: number;
  status: PlanStatus;
  planDate: string;
  reviewOn: string | null;
  monitoringMonths: number | null;
  content: unknown;
  changeNote: string | null;
  createdAt: Date;
  createdByName: string | null;
  createdByOrganisationName: string | null;
  agreedOn: string | null;
  agreementMethod: ConsentMethod | null;
  agreementNote: string | null;
  agreementRecordedAt: Date | null;
  agreementRecordedByName: string | null;
  agreementRecordedByOrganisationName: string | null;
  confirmedAt: Date | null;
  confirmedByName: string | null;
  confirmedByOrganisationName: string | null;
  noMeetingReason: string | null;
}

/** Every version of a plan, oldest first, with the names of who wrote, recorded agreement and confirmed. */
export async function listVersions(db: Kysely<Tables>, planId: string): Promise<VersionRow[]> {
  const result = await sql<VersionRow>`
    select v.id, v.version, v.status, v.plan_date, v.review_on, v.monitoring_months, v.content, v.change_note,
      v.created_at, cu.display_name as created_by_name, co.name as created_by_organisation_name,
      v.agreed_on, v.agreement_method, v.agreement_note, v.agreement_recorded_at,
      au.display_name as agreement_recorded_by_name,
      (select o.name from memberships mm join organisations o on o.id = mm.organisation_id
        where mm.user_id = v.agreement_recorded_by_user_id and mm.organisation_id = pl.organisation_id
        limit 1) as agreement_recorded_by_organisation_name,
      v.confirmed_at, fu.display_name as confirmed_by_name,
      (select o.name from memberships mm join organisations o on o.id = mm.organisation_id
        where mm.user_id = v.confirmed_by_user_id and mm.organisation_id = pl.organisation_id
        limit 1) as confirmed_by_organisation_name,
      v.no_meeting_reason
    from plan_versions v
    join plans pl on pl.id = v.plan_id
    left join users cu on cu.id = v.created_by_user_id
    left join organisations co on co.id = v.created_by_organisation_id
    left join users au on au.id = v.agreement_recorded_by_user_id
    left join users fu on fu.id = v.confirmed_by_user_id
    where v.plan_id = ${planId}::uuid
    order by v.version`.execute(db);
  return result.rows;
}

export async function insertPlan(
  db: Kysely<Tables>,
  p: {
    personId: string;
    kind: PlanKind;
    category: InformationCategory;
    organisationId: string;
    title: string | null;
    userId: string;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('plans')
    .values({
      personId: p.personId,
      kind: p.kind,
      category: p.category,
      organisationId: p.organisationId,
      title: p.title,
      createdByUserId: p.userId,
      createdAt: p.now,
      updatedAt: p.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(
  db: Kysely<Tables>,
  v: {
    planId: string;
    personId: string;
    version: number;
    planDate: string;
    reviewOn: string | null;
    monitoringMonths: number | null;
    content: unknown;
    changeNote: string | null;
    title: string | null;
    userId: string;
    organisationId: string;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('planVersions')
    .values({
      planId: v.planId,
      personId: v.personId,
      version: v.version,
      status: 'draft',
      planDate: v.planDate,
      reviewOn: v.reviewOn,
      monitoringMonths: v.monitoringMonths,
      content: JSON.stringify(v.content),
      changeNote: v.changeNote,
      createdByUserId: v.userId,
      createdByOrganisationId: v.organisationId,
      createdAt: v.now,
    })
    .execute();
  await db
    .updateTable('plans')
    .set({ updatedAt: v.now, title: v.title })
    .where('id', '=', v.planId)
    .execute();
}

/** Records the person's agreement on a 計画案; false when the version is not (or no longer) a draft. */
export async function recordAgreement(
  db: Kysely<Tables>,
  planId: string,
  version: number,
  a: { agreedOn: string; method: ConsentMethod; note: string | null; userId: string; now: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('planVersions')
    .set({
      status: 'agreed',
      agreedOn: a.agreedOn,
      agreementMethod: a.method,
      agreementNote: a.note,
      agreementRecordedByUserId: a.userId,
      agreementRecordedAt: a.now,
    })
    .where('planId', '=', planId)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (r.numUpdatedRows > 0n)
    await db.updateTable('plans').set({ updatedAt: a.now }).where('id', '=', planId).execute();
  return r.numUpdatedRows > 0n;
}

/** 確定: only an agreed version moves; false otherwise. */
export async function confirmVersion(
  db: Kysely<Tables>,
  planId: string,
  version: number,
  by: { userId: string; now: Date; noMeetingReason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('planVersions')
    .set({
      status: 'confirmed',
      confirmedAt: by.now,
      confirmedByUserId: by.userId,
      noMeetingReason: by.noMeetingReason,
    })
    .where('planId', '=', planId)
    .where('version', '=', version)
    .where('status', '=', 'agreed')
    .where('agreedOn', 'is not', null)
    .executeTakeFirst();
  if (r.numUpdatedRows > 0n)
    await db.updateTable('plans').set({ updatedAt: by.now }).where('id', '=', planId).execute();
  return r.numUpdatedRows > 0n;
}

export interface MonitoringRow {
  id: string;
  planVersion: number;
  monitoredOn: string;
  personAccount: string;
  progress: unknown;
  needsChange: boolean;
  changeNote: string | null;
  overallStatus: string | null;
  recordedByName: string | null;
  recordedByOrganisationName: string;
  recordedAt: Date;
}

export function listMonitorings(db: Kysely<Tables>, planId: string): Promise<MonitoringRow[]> {
  return db
    .selectFrom('planMonitorings as m')
    .leftJoin('users as u', 'u.id', 'm.recordedByUserId')
    .innerJoin('organisations as o', 'o.id', 'm.recordedByOrganisationId')
    .select([
      'm.id',
      'm.planVersion',
      'm.monitoredOn',
      'm.personAccount',
      'm.progress',
      'm.needsChange',
      'm.changeNote',
      'm.overallStatus',
      'u.displayName as recordedByName',
      'o.name as recordedByOrganisationName',
      'm.recordedAt',
    ])
    .where('m.planId', '=', planId)
    .orderBy('m.monitoredOn', 'desc')
    .orderBy('m.recordedAt', 'desc')
    .execute();
}

export async function insertMonitoring(
  db: Kysely<Tables>,
  m: {
    planId: string;
    personId: string;
    planVersion: number;
    monitoredOn: string;
    personAccount: string;
    progress: unknown;
    needsChange: boolean;
    changeNote: string | null;
    overallStatus: string | null;
    userId: string;
    organisationId: string;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('planMonitorings')
    .values({
      planId: m.planId,
      personId: m.personId,
      planVersion: m.planVersion,
      monitoredOn: m.monitoredOn,
      personAccount: m.personAccount,
      progress: JSON.stringify(m.progress),
      needsChange: m.needsChange,
      changeNote: m.changeNote,
      overallStatus: m.overallStatus,
      recordedByUserId: m.userId,
      recordedByOrganisationId: m.organisationId,
      recordedAt: m.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('plans').set({ updatedAt: m.now }).where('id', '=', m.planId).execute();
  return row.id;
}

/**
 * The 個別支援計画 of a person the scope may see, each with the goals of its version in force (or
 * its latest, while none is): the team view of how every provider's plan serves the person's needs.
 */
export async function visibleSupportPlanGoals(db: Kysely<Tables>, scope: PersonScope, personId: string) {
  const result = await sql<{
    planId: string;
    organisationName: string;
    version: number;
    status: PlanStatus;
    content: unknown;
  }>`
    select pl.id as plan_id, o.name as organisation_name, v.version, v.status, v.content
    from plans pl
    join organisations o on o.id = pl.organisation_id
    join lateral (select * from plan_versions v where v.plan_id = pl.id
      order by (v.status = 'confirmed') desc, v.version desc limit 1) v on true
    where pl.person_id = ${personId}::uuid and pl.kind = 'individual_support'
      and ${canSeeRecord('pl.personId', 'pl.category', 'pl.organisationId', scope)}
    order by o.name`.execute(db);
  return result.rows;
}

/** Organisations by id, with whether each is on the person's team today. */
export async function organisationsOnTeam(
  db: Kysely<Tables>,
  personId: string,
  ids: readonly string[],
  today: string,
) {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string; name: string; onTeam: boolean }>`
    select o.id, o.name, exists (select 1 from team_members tm where tm.person_id = ${personId}::uuid
      and tm.organisation_id = o.id and ${currentMembership('tm', today)}) as on_team
    from organisations o where o.id in (${sql.join(ids.map((id) => sql`${id}::uuid`))})
    order by o.name`.execute(db);
  return result.rows;
}

export function personName(db: Kysely<Tables>, personId: string) {
  return db.selectFrom('persons').select('name').where('id', '=', personId).executeTakeFirst();
}
