import { sql, type Kysely, type RawBuilder } from 'kysely';
import { informationCategories, type InformationCategory } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { tokyoDate } from '../tokyo-time.ts';
import type { Actor } from './actor.ts';

/**
 * The consent rules of 要配慮個人情報, in one place, as SQL that every list and read uses:
 * a staff member sees a person's information in a category only if their organisation is on
 * the person's support team now and a grant (consent, 支援会議, or another statute) that is
 * neither withdrawn nor expired covers that category for their organisation; the organisation
 * that recorded something always sees it; break-glass opens everything to one staff member
 * for a few hours. Time enters as parameters (the injected clock), never the database's now().
 */
export interface PersonScope {
  userId: string;
  organisationId: string | null;
  /** Asia/Tokyo calendar date of `now`, 'YYYY-MM-DD'. */
  today: string;
  now: Date;
}

/** The Tokyo calendar date of an instant (the rules' 'today'). */
export const tokyoDateOf = tokyoDate;

export function personScope(actor: Actor, now: Date): PersonScope {
  return { userId: actor.userId, organisationId: actor.organisationId, today: tokyoDateOf(now), now };
}

/**
 * The scope of a staff member a job works for — their own due list, read to remind them alone —
 * without making them an actor: the job stays the system (its context, its audit rows).
 */
export function memberScope(member: { userId: string; organisationId: string }, now: Date): PersonScope {
  return { userId: member.userId, organisationId: member.organisationId, today: tokyoDateOf(now), now };
}

/**
 * THE consent predicate: the grant row under `alias` is live on `today` — already obtained,
 * not withdrawn, not expired. Every list and read decides consent through this one fragment
 * (directly or through the helpers below); no copy of it lives anywhere else.
 */
export function liveGrant(alias: string, today: string): RawBuilder<boolean> {
  const g = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`(${g('withdrawnAt')} is null and ${g('obtainedOn')} <= ${today}::date
    and (${g('expiresOn')} is null or ${g('expiresOn')} >= ${today}::date))`;
}

/** The team membership row under `alias` is current on `today`. */
export function currentMembership(alias: string, today: string): RawBuilder<boolean> {
  const tm = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`(${tm('startedOn')} <= ${today}::date and (${tm('endedOn')} is null or ${tm('endedOn')} > ${today}::date))`;
}

/** An SQL expression: a column reference by name, or a value already in SQL. */
type Expr = string | RawBuilder<unknown>;
const expr = (e: Expr): RawBuilder<unknown> => (typeof e === 'string' ? sql.ref(e) : e);

/** A live grant for the person covers `category` for the organisation (all three SQL expressions). */
export function grantCoversAt(
  person: Expr,
  organisation: Expr,
  category: Expr,
  today: string,
): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from access_grants g join access_grant_categories gc on gc.grant_id = g.id
    where g.person_id = ${expr(person)} and g.organisation_id = ${expr(organisation)} and gc.category = ${expr(category)}
      and ${liveGrant('g', today)})`;
}

/** The categories live grants for the person cover for the organisation, as a sorted array. */
export function grantedCategoriesAt(
  person: Expr,
  organisation: Expr,
  today: string,
): RawBuilder<InformationCategory[]> {
  return sql<InformationCategory[]>`array(select distinct gc.category from access_grants g
    join access_grant_categories gc on gc.grant_id = g.id
    where g.person_id = ${expr(person)} and g.organisation_id = ${expr(organisation)} and ${liveGrant('g', today)}
    order by 1)`;
}

/** The organisation is on the person's team today (optionally: as its lead). */
export function onTeamAt(
  person: Expr,
  organisation: Expr,
  today: string,
  asLead = false,
): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from team_members tm
    where tm.person_id = ${expr(person)} and tm.organisation_id = ${expr(organisation)}
      ${asLead ? sql`and tm.is_lead` : sql``} and ${currentMembership('tm', today)})`;
}

/**
 * The organisation may be told a record of `category` about the person now: it is on the team and a
 * live grant covers the category for it (what `audienceOf` answers for an organisation, as SQL).
 */
export function mayReceiveAt(
  person: Expr,
  organisation: Expr,
  category: Expr,
  today: string,
): RawBuilder<boolean> {
  return sql<boolean>`(${onTeamAt(person, organisation, today)} and ${grantCoversAt(person, organisation, category, today)})`;
}

const scopeOrganisation = (scope: PersonScope) => sql`${scope.organisationId}::uuid`;

/** The scope's organisation has an active team membership for the person in `personIdColumn`. */
export function onTeam(personIdColumn: string, scope: PersonScope): RawBuilder<boolean> {
  return onTeamAt(personIdColumn, scopeOrganisation(scope), scope.today);
}

/** The scope's organisation leads the person's team now. */
export function leadsTeam(personIdColumn: string, scope: PersonScope): RawBuilder<boolean> {
  return onTeamAt(personIdColumn, scopeOrganisation(scope), scope.today, true);
}

/** A live grant (not withdrawn, not expired, already obtained) covers `category` for the scope's organisation. */
export function grantCovers(
  personIdColumn: string,
  category: RawBuilder<unknown>,
  scope: PersonScope,
): RawBuilder<boolean> {
  return grantCoversAt(personIdColumn, scopeOrganisation(scope), category, scope.today);
}

/**
 * Why the scope's organisation has no consent for a person's identity: 'expired' when a grant
 * for it has run out (renewable), 'withdrawn' when the person withdrew one, 'none' when none was
 * ever recorded. For counting the persons a team member no longer sees, never for naming them.
 */
export function consentLapse(
  personIdColumn: string,
  scope: PersonScope,
): RawBuilder<'expired' | 'withdrawn' | 'none'> {
  const grantFor = sql`select 1 from access_grants g join access_grant_categories gc on gc.grant_id = g.id
    where g.person_id = ${sql.ref(personIdColumn)} and g.organisation_id = ${scope.organisationId}::uuid
      and gc.category = 'identity'`;
  return sql`(case
    when exists (${grantFor} and g.withdrawn_at is null and g.expires_on < ${scope.today}::date) then 'expired'
    when exists (${grantFor} and g.withdrawn_at is not null) then 'withdrawn'
    else 'none' end)`;
}

/** The scope's user holds a break-glass access to the person that has not run out. */
export function emergencyOpen(personIdColumn: string, scope: PersonScope): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from emergency_accesses ea
    where ea.person_id = ${sql.ref(personIdColumn)} and ea.user_id = ${scope.userId}::uuid
      and ea.started_at <= ${scope.now} and ea.expires_at > ${scope.now})`;
}

/** May the scope see the person's identity (基本情報)? `alias` is the persons table's alias. */
export function canSeePerson(alias: string, scope: PersonScope): RawBuilder<boolean> {
  const id = `${alias}.id`;
  return sql<boolean>`(${emergencyOpen(id, scope)}
    or ${sql.ref(`${alias}.registeredByOrganisationId`)} = ${scope.organisationId}::uuid
    or (${onTeam(id, scope)} and ${grantCovers(id, sql.lit('identity'), scope)}))`;
}

/** May the scope see a record with a category, about a person, recorded by an organisation? */
/** `category` is either a column reference or a category literal. */
export function canSeeRecord(
  personIdColumn: string,
  categoryColumn: string,
  recordedByColumn: string | null,
  scope: PersonScope,
): RawBuilder<boolean> {
  const category = (informationCategories as readonly string[]).includes(categoryColumn)
    ? sql.lit(categoryColumn)
    : sql.ref(categoryColumn);
  const recordedByUs = recordedByColumn
    ? sql`${sql.ref(recordedByColumn)} = ${scope.organisationId}::uuid`
    : sql`false`;
  return sql<boolean>`(${emergencyOpen(personIdColumn, scope)} or ${recordedByUs}
    or (${onTeam(personIdColumn, scope)} and ${grantCovers(personIdColumn, category, scope)}))`;
}

/** What the policy needs to know about one person for one caller, read in one query. */
export interface PersonAccess {
  personId: string;
  identityVisible: boolean;
  onTeam: boolean;
  isLead: boolean;
  registeredByUs: boolean;
  emergencyUntil: Date | null;
  /** Categories visible through team + grants, or all under break-glass. */
  visibleCategories: Set<InformationCategory>;
}

/** The columns `personAccessColumns` yields, as they arrive. */
export interface PersonAccessRow {
  id: string;
  onTeam: boolean;
  isLead: boolean;
  registeredByUs: boolean;
  emergencyUntil: Date | null;
  granted: InformationCategory[];
}

/**
 * What the policy needs about the person aliased `p`, as select-list columns (`on_team`,
 * `is_lead`, `registered_by_us`, `emergency_until`, `granted`), for `toPersonAccess`. A
 * statement that reads a page of a person's records can then carry the access row with it.
 */
export function personAccessColumns(scope: PersonScope): RawBuilder<unknown> {
  return sql`${onTeam('p.id', scope)} as on_team,
      ${leadsTeam('p.id', scope)} as is_lead,
      (p.registered_by_organisation_id = ${scope.organisationId}::uuid) as registered_by_us,
      (select max(ea.expires_at) from emergency_accesses ea where ea.person_id = p.id and ea.user_id = ${scope.userId}::uuid
         and ea.started_at <= ${scope.now} and ea.expires_at > ${scope.now}) as emergency_until,
      ${grantedCategoriesAt('p.id', scopeOrganisation(scope), scope.today)} as granted`;
}

/**
 * `toPersonAccess(row).identityVisible` in SQL, over the columns of `personAccessColumns`
 * under `alias`: lets one statement audit a read only when the person may be read. Callers
 * check that the two agree (see information.service's timeline).
 */
export function identityVisibleSql(alias: string): RawBuilder<boolean> {
  const a = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`(${a('emergencyUntil')} is not null or ${a('registeredByUs')}
    or (${a('onTeam')} and 'identity' = any(${a('granted')})))`;
}

export function toPersonAccess(r: PersonAccessRow): PersonAccess {
  const emergency = r.emergencyUntil !== null;
  const visible = new Set<InformationCategory>(emergency ? informationCategories : r.onTeam ? r.granted : []);
  if (r.registeredByUs) visible.add('identity');
  return {
    personId: r.id,
    identityVisible: visible.has('identity'),
    onTeam: r.onTeam,
    isLead: r.isLead,
    registeredByUs: r.registeredByUs,
    emergencyUntil: r.emergencyUntil,
    visibleCategories: visible,
  };
}

export async function loadPersonAccess(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
): Promise<PersonAccess | null> {
  const row = await sql<PersonAccessRow>`select p.id, ${personAccessColumns(scope)}
    from persons p where p.id = ${personId}::uuid`.execute(db);
  const r = row.rows[0];
  return r ? toPersonAccess(r) : null;
}

/**
 * Who may see a record of `category` about a person right now: the organisations on the team
 * whose live grants cover it, the organisation that recorded it, and the staff holding a
 * break-glass access. The live streams ask this once per event, whatever the number of clients.
 */
export async function audienceOf(
  db: Kysely<Tables>,
  record: { personId: string; category: string; recordedByOrganisationId: string | null },
  at: { today: string; now: Date },
): Promise<{ organisationIds: Set<string>; userIds: Set<string> }> {
  // One round trip: the organisations (team + grant) and the break-glass users, told apart by kind.
  const rows = await sql<{ kind: 'organisation' | 'user'; id: string }>`
    select distinct 'organisation' as kind, tm.organisation_id::text as id from team_members tm
    where tm.person_id = ${record.personId}::uuid and ${currentMembership('tm', at.today)}
      and ${grantCoversAt('tm.personId', 'tm.organisationId', sql`${record.category}`, at.today)}
    union all
    select distinct 'user', ea.user_id::text from emergency_accesses ea
    where ea.person_id = ${record.personId}::uuid and ea.started_at <= ${at.now} and ea.expires_at > ${at.now}`.execute(
    db,
  );
  const organisationIds = new Set(rows.rows.filter((r) => r.kind === 'organisation').map((r) => r.id));
  if (record.recordedByOrganisationId) organisationIds.add(record.recordedByOrganisationId);
  const userIds = new Set(rows.rows.filter((r) => r.kind === 'user').map((r) => r.id));
  return { organisationIds, userIds };
}

/**
 * The staff a message expects to read it: the named staff of the person's team and the staff
 * it mentions, whose organisation may see its category (or is the author's), but not its author.
 * `m` aliases the messages table.
 */
export function expectedReaders(today: string): RawBuilder<{ userId: string; organisationId: string }> {
  return sql`select distinct r.user_id, r.organisation_id from (
      select tm.user_id, tm.organisation_id from team_members tm
        where tm.person_id = m.person_id and tm.user_id is not null and ${currentMembership('tm', today)}
      union
      select mm.user_id, mem.organisation_id from message_mentions mm join memberships mem on mem.user_id = mm.user_id
        where mm.message_id = m.id and mm.user_id is not null
    ) r
    where r.user_id is distinct from m.author_user_id
      and (r.organisation_id = m.author_organisation_id
        or ${grantCoversAt('m.personId', 'r.organisationId', 'm.category', today)})`;
}

/**
 * The same rules, evaluated once per person rather than once per row: select-list columns
 * `on_team`, `emergency` and `granted` (the categories live grants cover) for the person whose
 * id is `personIdColumn`. Queries over many records of few persons join this as a CTE and then
 * test each record with `recordVisible` — same decision, a fraction of the work.
 */
export function accessColumns(personIdColumn: string, scope: PersonScope): RawBuilder<unknown> {
  return sql`${onTeam(personIdColumn, scope)} as on_team, ${emergencyOpen(personIdColumn, scope)} as emergency,
    ${grantedCategoriesAt(personIdColumn, scopeOrganisation(scope), scope.today)} as granted`;
}

/** Whether a record is visible, given the person's access columns under `accessAlias`. */
export function recordVisible(
  accessAlias: string,
  categoryColumn: string,
  recordedByColumn: string,
  scope: PersonScope,
): RawBuilder<boolean> {
  const a = (c: string) => sql.ref(`${accessAlias}.${c}`);
  return sql<boolean>`(${a('emergency')} or ${sql.ref(recordedByColumn)} = ${scope.organisationId}::uuid
    or (${a('onTeam')} and ${sql.ref(categoryColumn)} = any(${a('granted')})))`;
}
