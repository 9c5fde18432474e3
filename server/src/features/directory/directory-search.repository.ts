import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DirectorySearchQuery } from '@tsunagu/contract';
import { hasAccounts } from '../../db/organisation-sql.ts';
import { likePattern } from '../../db/sql-text.ts';
import type { Tables } from '../../db/tables.ts';

/** The Tokyo calendar facts of the instant an opening is asked about, computed by the caller. */
export interface OpeningMoment {
  date: string;
  weekday: number;
  /** 'HH:MM:SS' */
  time: string;
  /** 'MM-DD', for closures that repeat every year. */
  monthDay: string;
  isHoliday: boolean;
  isYearEnd: boolean;
}

export interface SearchPoint {
  latitude: number;
  longitude: number;
}

/**
 * Whether an organisation is open at a moment, in SQL: the rules of features/calendars/calendar.ts
 * in the same order (special day, closure, 年末年始, holiday, weekly hours), so a filter and a
 * page of results agree with what the calendar says one organisation at a time.
 */
export function openAt(m: OpeningMoment): RawBuilder<SqlBool> {
  const closureMd = (column: 'starts_on' | 'ends_on') => sql`to_char(c.${sql.ref(column)}, 'MM-DD')`;
  return sql<SqlBool>`(case
    when exists (select 1 from organisation_special_days s where s.organisation_id = o.id and s.on_date = ${m.date}::date)
      then exists (select 1 from organisation_special_days s cross join jsonb_array_elements(s.hours) h
        where s.organisation_id = o.id and s.on_date = ${m.date}::date
          and (h->>'opensAt')::time <= ${m.time}::time and ${m.time}::time < (h->>'closesAt')::time)
    when exists (select 1 from organisation_closures c where c.organisation_id = o.id and (
        (not c.is_yearly and c.starts_on <= ${m.date}::date and ${m.date}::date <= c.ends_on)
        or (c.is_yearly and c.starts_on <= ${m.date}::date and case
          when ${closureMd('starts_on')} <= ${closureMd('ends_on')}
            then ${m.monthDay} between ${closureMd('starts_on')} and ${closureMd('ends_on')}
          else ${m.monthDay} >= ${closureMd('starts_on')} or ${m.monthDay} <= ${closureMd('ends_on')} end)))
      then false
    when o.closes_year_end and ${m.isYearEnd} then false
    when o.closes_on_holidays and ${m.isHoliday} then false
    else exists (select 1 from organisation_business_hours bh where bh.organisation_id = o.id
      and bh.weekday = ${m.weekday} and bh.opens_at <= ${m.time}::time and ${m.time}::time < bh.closes_at)
  end)`;
}

const earthOf = (p: SearchPoint) => sql`ll_to_earth(${p.latitude}::float8, ${p.longitude}::float8)`;
const distanceFrom = (p: SearchPoint) =>
  sql<number | null>`case when o.latitude is not null and o.longitude is not null
    then earth_distance(ll_to_earth(o.latitude, o.longitude), ${earthOf(p)}) end`;

export interface SearchInput {
  query: DirectorySearchQuery;
  /** 検索キー of the text (platform/text/search-key.ts); empty for no text. */
  key: string;
  moment: OpeningMoment;
  point: SearchPoint | null;
  /** The region searched in, its ancestors (serving all of it) and descendants. */
  regionIds: readonly string[] | null;
}

/**
 * Text: a key of one or two characters is looked up in the grams array (GIN), a longer one with
 * pg_trgm on the search document (GIN, gin_trgm_ops), which cannot take fewer than three.
 */
function textMatch(key: string): Expression<SqlBool> {
  return [...key].length <= 2
    ? sql<SqlBool>`o.search_grams @> array[${key}]::text[]`
    : sql<SqlBool>`o.search_text like ${likePattern(key)}`;
}

/** One page of the directory, with the total, in one statement. */
export async function searchDirectory(db: Kysely<Tables>, input: SearchInput) {
  const { query: q, key, moment, point } = input;
  const open = openAt(moment);
  const distance = point ? distanceFrom(point) : sql<number | null>`null::float8`;
  // A place chosen to search near is what the caller asked for: nearest first, words or not.
  const sort = q.sort ?? (point ? 'distance' : key ? 'relevance' : 'kana');
  let select = db
    .selectFrom('organisations as o')
    .select([
      'o.id',
      'o.name',
      'o.kana',
      'o.kind',
      'o.directoryCategory as category',
      'o.serviceTypes',
      'o.remits',
      'o.address',
      'o.phone',
      hasAccounts.as('isOnTsunagu'),
      'o.entrySource',
      sql<boolean>`${open}`.as('isOpen'),
      distance.as('distanceMetres'),
      'o.acceptsNewUsers',
      'o.offersTrialStay',
      'o.confirmedAt',
      sql<number>`(count(*) over ())::int`.as('total'),
    ]);
  if (key) select = select.where(textMatch(key));
  if (q.category) select = select.where('o.directoryCategory', '=', q.category);
  if (q.kind) select = select.where('o.kind', '=', q.kind);
  if (q.serviceType) select = select.where(sql<SqlBool>`o.service_types @> array[${q.serviceType}]::text[]`);
  if (q.remit) select = select.where(sql<SqlBool>`o.remits @> array[${q.remit}]::text[]`);
  if (q.acceptsNewUsers !== undefined) select = select.where('o.acceptsNewUsers', '=', q.acceptsNewUsers);
  if (q.trialStay !== undefined) select = select.where('o.offersTrialStay', '=', q.trialStay);
  if (q.onTsunagu !== undefined) {
    select = select.where(q.onTsunagu ? hasAccounts : sql<SqlBool>`not ${hasAccounts}`);
  }
  if (input.regionIds) {
    const ids = input.regionIds;
    select = select.where(
      sql<SqlBool>`exists (select 1 from organisation_regions r where r.organisation_id = o.id
        and r.region_id = any(${sql.val(ids)}::uuid[]))`,
    );
  }
  if (q.openNow) select = select.where(open);
  if (point && q.withinKm !== undefined) {
    const metres = q.withinKm * 1000;
    select = select.where(
      sql<SqlBool>`o.latitude is not null and o.longitude is not null
        and earth_box(${earthOf(point)}, ${metres}::float8) @> ll_to_earth(o.latitude, o.longitude)
        and earth_distance(ll_to_earth(o.latitude, o.longitude), ${earthOf(point)}) <= ${metres}::float8`,
    );
  }
  if (sort === 'distance' && point) {
    select = select.orderBy(sql`${distance} asc nulls last`);
  } else if (sort === 'relevance' && key) {
    const pattern = likePattern(key);
    select = select.orderBy(
      sql`case when o.name_key = ${key} then 0 when o.name_key like ${`${pattern.slice(1)}`} then 1
        when o.name_key like ${pattern} then 2 when o.kana_key like ${pattern} then 3 else 4 end`,
    );
  }
  return select
    .orderBy('o.kanaKey')
    .orderBy('o.id')
    .limit(q.limit ?? 20)
    .offset(q.offset ?? 0)
    .execute();
}

/** One line of a search result as the database gives it. */
export type SearchRow = Awaited<ReturnType<typeof searchDirectory>>[number];

/** A region with the regions above it (that serve all of it) and below it (that lie within it). */
export async function regionFamily(db: Kysely<Tables>, regionId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive up(id, parent_id) as (
        select id, parent_id from regions where id = ${regionId}
        union select r.id, r.parent_id from regions r join up on r.id = up.parent_id),
      down(id) as (
        select id from regions where id = ${regionId}
        union select r.id from regions r join down on r.parent_id = down.id)
    select id from up union select id from down`.execute(db);
  return rows.map((r) => r.id);
}

/** The point an entry or a region's centre stands at; null when it has no coordinates. */
export async function pointOf(
  db: Kysely<Tables>,
  of: { organisationId: string } | { regionId: string },
): Promise<{ found: boolean; point: SearchPoint | null }> {
  const row =
    'organisationId' in of
      ? await db
          .selectFrom('organisations')
          .select(['latitude', 'longitude'])
          .where('id', '=', of.organisationId)
          .executeTakeFirst()
      : await db
          .selectFrom('regions')
          .select(['centreLatitude as latitude', 'centreLongitude as longitude'])
          .where('id', '=', of.regionId)
          .executeTakeFirst();
  if (!row) return { found: false, point: null };
  return {
    found: true,
    point:
      row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude }
        : null,
  };
}
