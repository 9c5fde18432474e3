import { sql, type Insertable, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type {
  PlannedStep,
  UrgentPriority,
  UrgentStepKind,
  UrgentStepsTable,
} from '../../db/tables-off-hours.ts';
import type { InformationCategory } from '@tsunagu/contract';
import {
  canSeePerson,
  currentMembership,
  emergencyOpen,
  type PersonScope,
} from '../../platform/access/person-access.ts';
import { onDutyWhereSent, reachedUser } from './awaiting.repository.ts';

export interface CaseRow {
  id: string;
  sourceKind: 'message' | 'consultation';
  sourceId: string;
  personId: string | null;
  regionId: string | null;
  category: InformationCategory;
  priority: UrgentPriority;
  plan: PlannedStep[];
  openedByUserId: string | null;
  openedByOrganisationId: string;
  openedAt: Date;
  status: 'open' | 'acknowledged' | 'exhausted' | 'cancelled';
  acknowledgedAt: Date | null;
  acknowledgedByUserId: string | null;
  acknowledgedByOrganisationId: string | null;
  acknowledgementNote: string | null;
  callbackPhone: string | null;
}

const caseColumns = [
  'id',
  'sourceKind',
  'sourceId',
  'personId',
  'regionId',
  'category',
  'priority',
  'plan',
  'openedByUserId',
  'openedByOrganisationId',
  'openedAt',
  'status',
  'acknowledgedAt',
  'acknowledgedByUserId',
  'acknowledgedByOrganisationId',
  'acknowledgementNote',
  'callbackPhone',
] as const;

export async function insertCase(
  db: Kysely<Tables>,
  c: {
    sourceKind: 'message' | 'consultation';
    sourceId: string;
    personId: string | null;
    regionId: string | null;
    category: InformationCategory;
    priority: UrgentPriority;
    plan: PlannedStep[];
    openedByUserId: string;
    openedByOrganisationId: string;
    callbackPhone: string | null;
    now: Date;
  },
): Promise<string | null> {
  const row = await db
    .insertInto('urgentCases')
    .values({
      sourceKind: c.sourceKind,
      sourceId: c.sourceId,
      personId: c.personId,
      regionId: c.regionId,
      category: c.category,
      priority: c.priority,
      plan: JSON.stringify(c.plan),
      openedByUserId: c.openedByUserId,
      openedByOrganisationId: c.openedByOrganisationId,
      openedAt: c.now,
      status: 'open',
      callbackPhone: c.callbackPhone,
      updatedAt: c.now,
    })
    .onConflict((oc) => oc.columns(['sourceKind', 'sourceId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export function findCase(db: Kysely<Tables>, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('urgentCases').select(caseColumns).where('id', '=', id).executeTakeFirst();
}

/** The case, locked for the rest of the transaction: one step or acknowledgement at a time. */
export function lockCase(db: Kysely<Tables>, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('urgentCases').select(caseColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Several cases, locked in id order (two batches never wait on each other in a cycle). */
export async function lockCases(db: Kysely<Tables>, ids: readonly string[]): Promise<Map<string, CaseRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('urgentCases')
    .select(caseColumns)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function findCaseBySource(db: Kysely<Tables>, kind: 'message' | 'consultation', sourceId: string) {
  return db
    .selectFrom('urgentCases')
    .select(caseColumns)
    .where('sourceKind', '=', kind)
    .where('sourceId', '=', sourceId)
    .executeTakeFirst();
}

export async function setCaseStatus(
  db: Kysely<Tables>,
  id: string,
  status: CaseRow['status'],
  now: Date,
  ack?: { userId: string | null; organisationId: string | null; note: string | null },
): Promise<void> {
  await db
    .updateTable('urgentCases')
    .set({
      status,
      updatedAt: now,
      ...(ack
        ? {
            acknowledgedAt: now,
            acknowledgedByUserId: ack.userId,
            acknowledgedByOrganisationId: ack.organisationId,
            acknowledgementNote: ack.note,
          }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Several cases to one status (no acknowledgement): the end of their chains. */
export async function setCasesStatus(
  db: Kysely<Tables>,
  ids: readonly string[],
  status: CaseRow['status'],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('urgentCases')
    .set({ status, updatedAt: now })
    .where('id', 'in', [...ids])
    .execute();
}

/** A step as it fires. */
export type NewStep = Insertable<UrgentStepsTable>;

/**
 * Records fired steps once each, in one statement. Returns the new steps' ids by
 * `caseId:position`; a position that already fired (a repeated job) is absent.
 */
export async function insertSteps(
  db: Kysely<Tables>,
  steps: readonly NewStep[],
): Promise<Map<string, string>> {
  if (steps.length === 0) return new Map();
  const rows = await db
    .insertInto('urgentSteps')
    .values([...steps])
    .onConflict((oc) => oc.columns(['caseId', 'position']).doNothing())
    .returning(['id', 'caseId', 'position'])
    .execute();
  return new Map(rows.map((r) => [`${r.caseId}:${r.position}`, r.id]));
}

/** The earlier steps of these cases (kind, whom they reached, through which shifts), by case, in order. */
export async function earlierStepsByCase(
  db: Kysely<Tables>,
  caseIds: readonly string[],
): Promise<Map<string, { kind: UrgentStepKind; recipientUserIds: string[]; shiftIds: string[] }[]>> {
  const out = new Map<string, { kind: UrgentStepKind; recipientUserIds: string[]; shiftIds: string[] }[]>(
    caseIds.map((id) => [id, []]),
  );
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('urgentSteps')
    .select(['caseId', 'kind', 'recipientUserIds', 'shiftIds'])
    .where('caseId', 'in', [...new Set(caseIds)])
    .orderBy('caseId')
    .orderBy('position')
    .execute();
  for (const { caseId, ...step } of rows) out.get(caseId)!.push(step);
  return out;
}

export function stepsOf(db: Kysely<Tables>, caseId: string) {
  return db
    .selectFrom('urgentSteps')
    .select([
      'id',
      'position',
      'kind',
      'organisationId',
      'phone',
      'label',
      'recipientUserIds',
      'shiftIds',
      'notes',
      'dueAt',
      'firedAt',
    ])
    .where('caseId', '=', caseId)
    .orderBy('position')
    .execute();
}

/** The person's current team: organisations, whether they lead, and the named staff member. */
export async function teamOf(db: Kysely<Tables>, personId: string, today: string) {
  return (await teamsOf(db, [personId], today)).get(personId)!;
}

/** The current teams of several persons, by person (one query). */
export async function teamsOf(
  db: Kysely<Tables>,
  personIds: readonly string[],
  today: string,
): Promise<Map<string, { organisationId: string; userId: string | null; isLead: boolean }[]>> {
  const out = new Map<string, { organisationId: string; userId: string | null; isLead: boolean }[]>(
    personIds.map((id) => [id, []]),
  );
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('teamMembers')
    .select(['personId', 'organisationId', 'userId', 'isLead'])
    .where('personId', 'in', [...new Set(personIds)])
    .where(currentMembership('teamMembers', today))
    .execute();
  for (const { personId, ...m } of rows) out.get(personId)!.push(m);
  return out;
}

/** Active staff of organisations (not disabled), by organisation. */
export async function staffOf(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
): Promise<{ userId: string; organisationId: string }[]> {
  if (organisationIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['m.userId', 'm.organisationId'])
    .where('m.organisationId', 'in', organisationIds)
    .where('u.disabledAt', 'is', null)
    .execute();
}

/** Of these (user, organisation) pairs, the ones still active: as `userId:organisationId` keys. */
export async function activeMemberships(
  db: Kysely<Tables>,
  pairs: readonly { userId: string; organisationId: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['m.userId', 'm.organisationId'])
    .where('u.disabledAt', 'is', null)
    .where('m.userId', 'in', [...new Set(pairs.map((p) => p.userId))])
    .execute();
  const ok = new Set(rows.map((r) => `${r.userId}:${r.organisationId}`));
  return new Set(pairs.map((p) => `${p.userId}:${p.organisationId}`).filter((k) => ok.has(k)));
}

export async function personRegion(
  db: Kysely<Tables>,
  personId: string,
): Promise<{ regionId: string | null; municipalityId: string | null } | undefined> {
  const row = await db
    .selectFrom('persons')
    .select(['dailyLifeAreaId', 'responsibleMunicipalityId'])
    .where('id', '=', personId)
    .executeTakeFirst();
  return row
    ? {
        regionId: row.dailyLifeAreaId ?? row.responsibleMunicipalityId,
        municipalityId: row.responsibleMunicipalityId,
      }
    : undefined;
}

/** The region and its ancestors, nearest first. */
export async function regionLine(db: Kysely<Tables>, regionId: string): Promise<string[]> {
  const rows = await sql<{ id: string; depth: number }>`
    with recursive up as (
      select id, parent_id, 0 as depth from regions where id = ${regionId}::uuid
      union all
      select r.id, r.parent_id, up.depth + 1 from regions r join up on r.id = up.parent_id where up.depth < 10
    ) select id, depth from up order by depth`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The chain for a region: the tiers of the nearest region (itself or an ancestor) that has any, else the default. */
export async function tiersFor(db: Kysely<Tables>, regionId: string | null) {
  const line = regionId ? await regionLine(db, regionId) : [];
  const rows = await db
    .selectFrom('escalationTiers')
    .select(['regionId', 'position', 'organisationId', 'phone', 'label'])
    .where((eb) =>
      eb.or([eb('regionId', 'is', null), ...(line.length > 0 ? [eb('regionId', 'in', line)] : [])]),
    )
    .orderBy('position')
    .execute();
  const owner = [...line, null].find((r) => rows.some((t) => t.regionId === r));
  return owner === undefined ? [] : rows.filter((t) => t.regionId === owner);
}

/** Minutes to wait for an acknowledgement: the nearest region's setting, else the default, else 10/30. */
export async function ackMinutesFor(
  db: Kysely<Tables>,
  regionId: string | null,
  priority: UrgentPriority,
): Promise<number> {
  const line = regionId ? await regionLine(db, regionId) : [];
  const rows = await db
    .selectFrom('escalationSettings')
    .select(['regionId', 'emergencyAckMinutes', 'urgentAckMinutes'])
    .where((eb) =>
      eb.or([eb('regionId', 'is', null), ...(line.length > 0 ? [eb('regionId', 'in', line)] : [])]),
    )
    .execute();
  const owner = [...line, null].map((r) => rows.find((s) => s.regionId === r)).find((s) => s !== undefined);
  if (owner) return priority === 'emergency' ? owner.emergencyAckMinutes : owner.urgentAckMinutes;
  return priority === 'emergency' ? 10 : 30;
}

/**
 * Cases whose step reached the user, that the user's organisation opened, or that were sent to an
 * organisation where the user is on duty now (primary or backup of a live shift), with whom each is
 * about: the person's name and kana only where `canSeePerson` lets the scope see their identity
 * (they are never read otherwise), and whether that sight is break-glass (for the audit row).
 */
export async function casesFor(db: Kysely<Tables>, scope: PersonScope, since: Date) {
  const reachedMe = reachedUser(scope.userId);
  const onDutyThere = onDutyWhereSent(scope.userId, scope.now);
  return sql<{
    id: string;
    personId: string | null;
    priority: UrgentPriority;
    status: CaseRow['status'];
    openedAt: Date;
    openedByOrganisationName: string;
    category: InformationCategory;
    reachedMe: boolean;
    identityVisible: boolean;
    personName: string | null;
    personKana: string | null;
    viaEmergency: boolean;
  }>`select c.id, c.person_id, c.priority, c.status, c.opened_at, o.name as opened_by_organisation_name, c.category,
      ${reachedMe} as reached_me, v.identity_visible,
      case when v.identity_visible then p.name end as person_name,
      case when v.identity_visible then p.kana_display end as person_kana,
      (v.identity_visible and ${emergencyOpen('p.id', scope)}) as via_emergency
    from urgent_cases c join organisations o on o.id = c.opened_by_organisation_id
      left join persons p on p.id = c.person_id
      cross join lateral (select (p.id is not null and coalesce(${canSeePerson('p', scope)}, false)) as identity_visible) v
    where c.opened_at >= ${since}
      and (${reachedMe} or c.opened_by_organisation_id = ${scope.organisationId}::uuid or ${onDutyThere})
    order by (c.status = 'open') desc, c.opened_at desc limit 100`
    .execute(db)
    .then((r) => r.rows);
}

export function userNames(db: Kysely<Tables>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'displayName'])
    .where('id', 'in', [...ids])
    .execute();
}

export function organisationNames(db: Kysely<Tables>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}
