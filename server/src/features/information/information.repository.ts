import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  FreshnessState,
  InformationCategory,
  ItemKind,
  ItemListQuery,
  ItemSource,
  ItemTopic,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import {
  accessColumns,
  identityVisibleSql,
  personAccessColumns,
  recordVisible,
  type PersonAccessRow,
  type PersonScope,
} from '../../platform/access/person-access.ts';

/** An item row with its provenance names and computed freshness. */
export interface ItemRow {
  versionId: string;
  lineageId: string;
  version: number;
  isCurrent: boolean;
  personId: string;
  category: InformationCategory;
  topic: ItemTopic | null;
  content: string;
  source: ItemSource;
  kind: ItemKind;
  observedOn: string;
  recordedAt: Date;
  recordedByUserId: string | null;
  recordedByName: string | null;
  recordedByOrganisationId: string;
  recordedByOrganisationName: string | null;
  confirmedAt: Date | null;
  confirmedByUserId: string | null;
  confirmedByName: string | null;
  confirmedByOrganisationId: string | null;
  confirmedByOrganisationName: string | null;
  correctionReason: string | null;
  reviewDays: number;
  freshness: FreshnessState;
}

/**
 * The review interval of each category for the person aliased `p`, as a jsonb map: the nearest
 * override on the person's municipality, its 障害保健福祉圏域 or its prefecture, else the
 * installation's. Computed once per person (in the `acc` CTE), not once per item.
 */
const rulesOf = sql`(select jsonb_object_agg(g.category, coalesce(fm.review_days, fa.review_days, fp.review_days, g.review_days))
    from freshness_rules g
    left join regions m on m.id = p.responsible_municipality_id
    left join regions a on a.id = m.parent_id
    left join freshness_rules fm on fm.region_id = m.id and fm.category = g.category
    left join freshness_rules fa on fa.region_id = a.id and fa.category = g.category
    left join freshness_rules fp on fp.region_id = a.parent_id and fp.category = g.category
    where g.region_id is null)`;

/** One row per person in `personIds`: its review intervals and the scope's access to it. */
function accessCte(scope: PersonScope, personIds: RawBuilder<unknown>) {
  // Materialized: evaluated once, not folded into the outer query and re-run for every item.
  return sql`acc as materialized (select p.id, ${rulesOf} as rules, ${accessColumns('p.id', scope)} from persons p where p.id = ${personIds})`;
}

const reviewDays = sql<number>`coalesce((acc.rules ->> i.category)::int, 90)`;

/**
 * 新しい while the item is younger than its interval, 確認時期 up to twice that, 古い after.
 * Age counts from the later of the day it was true and the day it was last confirmed.
 */
function freshnessOf(today: string): RawBuilder<FreshnessState> {
  const age = sql`(${today}::date - greatest(i.observed_on, (i.confirmed_at at time zone 'Asia/Tokyo')::date))`;
  return sql<FreshnessState>`case when ${age} <= ${reviewDays} then 'fresh' when ${age} <= 2 * ${reviewDays} then 'due' else 'stale' end`;
}

const visibleItem = (scope: PersonScope) =>
  recordVisible('acc', 'i.category', 'i.recordedByOrganisationId', scope);

export interface ItemFilters extends Omit<ItemListQuery, 'limit' | 'before'> {
  before?: { recordedAt: Date; id: string } | undefined;
  categories?: readonly InformationCategory[];
}

/** The SELECT of items with provenance and freshness; `acc` must be in scope. */
function itemColumns(scope: PersonScope): RawBuilder<unknown> {
  // Names by primary key per row: a page has 50 rows, the users table thousands.
  return sql`i.id as version_id, i.lineage_id, i.version, i.is_current, i.person_id, i.category, i.topic, i.content,
      i.source, i.kind, i.observed_on, i.recorded_at, i.recorded_by_user_id,
      (select ru.display_name from users ru where ru.id = i.recorded_by_user_id) as recorded_by_name,
      i.recorded_by_organisation_id, (select ro.name from organisations ro where ro.id = i.recorded_by_organisation_id) as recorded_by_organisation_name,
      i.confirmed_at, i.confirmed_by_user_id, (select cu.display_name from users cu where cu.id = i.confirmed_by_user_id) as confirmed_by_name,
      i.confirmed_by_organisation_id, (select co.name from organisations co where co.id = i.confirmed_by_organisation_id) as confirmed_by_organisation_name,
      i.correction_reason, ${reviewDays} as review_days, ${freshnessOf(scope.today)} as freshness`;
}

/**
 * The newest current items the scope may see about a person (the timeline), consent-filtered
 * in SQL. Walks the (person, recorded_at) index newest first and stops at `limit` visible rows.
 */
export async function listVisibleItems(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
  f: ItemFilters,
  limit: number,
): Promise<ItemRow[]> {
  // The page is chosen first (index order, visible rows only); names are joined to those rows alone.
  // The literal person id (not acc.id) lets the planner see how long this person's history is.
  const newest = (categoryMatch: RawBuilder<unknown>) => sql`select i.* from acc join information_items i
      on i.is_current and i.person_id = ${personId}::uuid and ${categoryMatch}
      where ${itemConditions(scope, f)}
      order by i.recorded_at desc, i.id desc limit ${limit}`;
  // Some categories of a long history: the newest of each from the (person, category) index, then merged.
  const page = f.categories
    ? sql`select x.* from unnest(${sql.val(f.categories)}::text[]) as c(category)
        cross join lateral (${newest(sql`i.category = c.category`)}) x
        order by x.recorded_at desc, x.id desc limit ${limit}`
    : newest(sql`true`);
  const result = await sql<ItemRow>`with ${accessCte(scope, sql`${personId}::uuid`)},
    page as (${page})
    select ${itemColumns(scope)}
    from acc join page i on true
    order by i.recorded_at desc, i.id desc`.execute(db);
  return result.rows;
}

function itemConditions(scope: PersonScope, f: ItemFilters): RawBuilder<boolean> {
  const conditions = [visibleItem(scope)];
  if (f.category) conditions.push(sql`i.category = ${f.category}`);
  if (f.categories) conditions.push(sql`i.category = any(${sql.val(f.categories)}::text[])`);
  if (f.source) conditions.push(sql`i.source = ${f.source}`);
  if (f.kind) conditions.push(sql`i.kind = ${f.kind}`);
  if (f.freshness) conditions.push(sql`${freshnessOf(scope.today)} = ${f.freshness}`);
  if (f.before) conditions.push(sql`(i.recorded_at, i.id) < (${f.before.recordedAt}, ${f.before.id}::uuid)`);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/**
 * The timeline page in one statement: the caller's access to the person, the page of items
 * they may see (`limit` rows, consent-filtered as in `listVisibleItems`), and the audit row of
 * the read, written by `audit` only if the person may be read at all. Returns null when the
 * person does not exist. `audit` receives the page's lineage ids as a jsonb expression and the
 * condition under which the read is allowed.
 */
export async function readTimelinePage(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
  f: ItemFilters,
  limit: number,
  audit: (o: {
    when: RawBuilder<boolean>;
    viaEmergency: RawBuilder<boolean>;
    details: RawBuilder<unknown>;
  }) => RawBuilder<unknown>,
): Promise<{ access: PersonAccessRow; items: ItemRow[]; audited: boolean } | null> {
  const auditCte = audit({
    when: sql<boolean>`exists (select 1 from acc where acc.readable)`,
    viaEmergency: sql<boolean>`(select acc.emergency from acc)`,
    details: sql`(select jsonb_build_object('returned', count(*)::int,
        'items', coalesce(jsonb_agg(x.lineage_id order by x.recorded_at desc, x.id desc), '[]'::jsonb))
      from (select lineage_id, recorded_at, id from page order by recorded_at desc, id desc limit ${limit}) x)`,
  });
  type Row = Omit<ItemRow, 'versionId'> & {
    versionId: string | null;
    accessId: string;
    accessOnTeam: boolean;
    accessIsLead: boolean;
    accessRegisteredByUs: boolean;
    accessEmergencyUntil: Date | null;
    accessGranted: InformationCategory[];
    audited: boolean;
  };
  const result =
    await sql<Row>`with pa as materialized (select p.id, ${rulesOf} as rules, ${personAccessColumns(scope)}
        from persons p where p.id = ${personId}::uuid),
    acc as (select pa.*, pa.emergency_until is not null as emergency, ${identityVisibleSql('pa')} as readable from pa),
    page as (select i.* from acc join information_items i on acc.readable and i.is_current
        and i.person_id = ${personId}::uuid
      where ${itemConditions(scope, f)}
      order by i.recorded_at desc, i.id desc limit ${limit + 1}),
    ${auditCte}
    select acc.id as access_id, acc.on_team as access_on_team, acc.is_lead as access_is_lead,
      acc.registered_by_us as access_registered_by_us, acc.emergency_until as access_emergency_until,
      acc.granted as access_granted, exists (select 1 from audit_event) as audited, r.*
    from acc left join lateral (select ${itemColumns(scope)} from page i) r on true
    order by r.recorded_at desc, r.version_id desc`.execute(db);
  const first = result.rows[0];
  if (!first) return null;
  const access: PersonAccessRow = {
    id: first.accessId,
    onTeam: first.accessOnTeam,
    isLead: first.accessIsLead,
    registeredByUs: first.accessRegisteredByUs,
    emergencyUntil: first.accessEmergencyUntil,
    granted: first.accessGranted,
  };
  const items = result.rows.filter((r): r is Row & { versionId: string } => r.versionId !== null);
  return { access, items, audited: first.audited };
}

/** One lineage's current version (with its freshness), or every version oldest first. */
export async function findItemVersions(
  db: Kysely<Tables>,
  scope: PersonScope,
  lineageId: string,
  onlyCurrent: boolean,
): Promise<ItemRow[]> {
  const current = onlyCurrent ? sql`and i.is_current` : sql``;
  const person = sql`(select person_id from information_items where lineage_id = ${lineageId}::uuid limit 1)`;
  const result = await sql<ItemRow>`with ${accessCte(scope, person)}
    select ${itemColumns(scope)} from acc join information_items i on i.person_id = acc.id
    where i.lineage_id = ${lineageId}::uuid ${current} order by i.version`.execute(db);
  return result.rows;
}

export interface NewItem {
  personId: string;
  category: InformationCategory;
  topic: ItemTopic | null;
  content: string;
  source: ItemSource;
  kind: ItemKind;
  observedOn: string;
  recordedAt: Date;
  recordedByUserId: string;
  recordedByOrganisationId: string;
}

export async function insertItem(
  db: Kysely<Tables>,
  item: NewItem,
  lineage?: { lineageId: string; version: number; correctionReason: string },
): Promise<string> {
  const lineageId = lineage?.lineageId ?? crypto.randomUUID();
  await db
    .insertInto('informationItems')
    .values({
      ...item,
      lineageId,
      version: lineage?.version ?? 1,
      isCurrent: true,
      correctionReason: lineage?.correctionReason ?? null,
      confirmedAt: null,
      confirmedByUserId: null,
      confirmedByOrganisationId: null,
    })
    .execute();
  return lineageId;
}

/** Retires the current version of a lineage so a correction can take its place. */
export async function retireCurrent(db: Kysely<Tables>, lineageId: string): Promise<void> {
  await db
    .updateTable('informationItems')
    .set({ isCurrent: false })
    .where('lineageId', '=', lineageId)
    .where('isCurrent', '=', true)
    .execute();
}

export async function confirmItem(
  db: Kysely<Tables>,
  versionId: string,
  by: { at: Date; userId: string; organisationId: string },
): Promise<void> {
  await db
    .updateTable('informationItems')
    .set({ confirmedAt: by.at, confirmedByUserId: by.userId, confirmedByOrganisationId: by.organisationId })
    .where('id', '=', versionId)
    .execute();
}

/** Freshness counts per person over the items the scope may see (for "my persons"). */
export async function freshnessCountsByPerson(
  db: Kysely<Tables>,
  scope: PersonScope,
  personIds: readonly string[],
): Promise<Map<string, { due: number; stale: number; lastRecordedAt: Date | null }>> {
  if (personIds.length === 0) return new Map();
  const state = freshnessOf(scope.today);
  const result = await sql<{ personId: string; due: number; stale: number; lastRecordedAt: Date | null }>`
    with ${accessCte(scope, sql`any(${sql.val(personIds)}::uuid[])`)}
    select acc.id as person_id,
      count(*) filter (where ${state} = 'due')::int as due,
      count(*) filter (where ${state} = 'stale')::int as stale,
      max(i.recorded_at) as last_recorded_at
    from acc join information_items i on i.person_id = acc.id and i.is_current
    where ${visibleItem(scope)}
    group by acc.id`.execute(db);
  return new Map(
    result.rows.map((r) => [r.personId, { due: r.due, stale: r.stale, lastRecordedAt: r.lastRecordedAt }]),
  );
}

/** Freshness counts per category of one person, over what the scope may see (the person page overview). */
export async function freshnessByCategory(db: Kysely<Tables>, scope: PersonScope, personId: string) {
  // Per category the interval is one number: compare each item's date with two thresholds
  // instead of evaluating the freshness expression per item.
  const result = await sql<{ category: InformationCategory; fresh: number; due: number; stale: number }>`
    with ${accessCte(scope, sql`${personId}::uuid`)},
    r as (select key as category, value::int as days from acc, jsonb_each_text(acc.rules)),
    dated as (select i.category, greatest(i.observed_on, (i.confirmed_at at time zone 'Asia/Tokyo')::date) as ref
      from acc join information_items i on i.person_id = ${personId}::uuid and i.is_current
      where ${visibleItem(scope)})
    select d.category,
      count(*) filter (where d.ref >= ${scope.today}::date - coalesce(r.days, 90))::int as fresh,
      count(*) filter (where d.ref < ${scope.today}::date - coalesce(r.days, 90) and d.ref >= ${scope.today}::date - 2 * coalesce(r.days, 90))::int as due,
      count(*) filter (where d.ref < ${scope.today}::date - 2 * coalesce(r.days, 90))::int as stale
    from dated d left join r on r.category = d.category
    group by d.category order by d.category`.execute(db);
  return result.rows;
}

// ---------------------------------------------------------------- review intervals

export function listRules(db: Kysely<Tables>, regionId: string | null) {
  let q = db.selectFrom('freshnessRules').select(['category', 'reviewDays', 'regionId']);
  q = regionId
    ? q.where((eb) => eb.or([eb('regionId', '=', regionId), eb('regionId', 'is', null)]))
    : q.where('regionId', 'is', null);
  return q.execute();
}

export async function upsertRule(
  db: Kysely<Tables>,
  regionId: string | null,
  category: InformationCategory,
  reviewDays: number,
  now: Date,
): Promise<void> {
  const updated = await db
    .updateTable('freshnessRules')
    .set({ reviewDays, updatedAt: now })
    .where('category', '=', category)
    .where((eb) => (regionId ? eb('regionId', '=', regionId) : eb('regionId', 'is', null)))
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n)
    await db
      .insertInto('freshnessRules')
      .values({ regionId, category, reviewDays, updatedAt: now })
      .execute();
}
