import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** An organisation's calendar as stored: weekly hours, holiday policy, closures and special days. */
export interface CalendarRow {
  organisationId: string;
  closesOnHolidays: boolean;
  closesYearEnd: boolean;
  /** Times as the database returns them ('HH:MM:SS'). */
  weekly: { weekday: number; opensAt: string; closesAt: string }[];
  closures: { id: string; startsOn: string; endsOn: string; isYearly: boolean; reason: string }[];
  specialDays: {
    id: string;
    date: string;
    hours: { opensAt: string; closesAt: string }[];
    reason: string | null;
  }[];
}

/**
 * The calendars of several organisations in one query, with the closures and special days that
 * can matter between two dates (yearly closures always). Unknown ids are simply absent.
 */
export async function selectCalendars(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<CalendarRow[]> {
  if (organisationIds.length === 0) return [];
  const rows = await sql<CalendarRow>`select o.id as "organisationId",
      o.closes_on_holidays as "closesOnHolidays", o.closes_year_end as "closesYearEnd",
      coalesce((select json_agg(json_build_object('weekday', h.weekday, 'opensAt', h.opens_at, 'closesAt', h.closes_at)
        order by h.weekday, h.opens_at) from organisation_business_hours h where h.organisation_id = o.id), '[]'::json) as weekly,
      coalesce((select json_agg(json_build_object('id', c.id, 'startsOn', c.starts_on, 'endsOn', c.ends_on,
          'isYearly', c.is_yearly, 'reason', c.reason) order by c.starts_on)
        from organisation_closures c where c.organisation_id = o.id
          and (c.is_yearly and c.starts_on <= ${toDate}::date
            or c.starts_on <= ${toDate}::date and c.ends_on >= ${fromDate}::date)), '[]'::json) as closures,
      coalesce((select json_agg(json_build_object('id', s.id, 'date', s.on_date, 'hours', s.hours, 'reason', s.reason)
          order by s.on_date)
        from organisation_special_days s where s.organisation_id = o.id
          and s.on_date between ${fromDate}::date and ${toDate}::date), '[]'::json) as "specialDays"
    from organisations o where o.id = any(${sql.val(organisationIds)}::uuid[])`.execute(db);
  return rows.rows;
}

/** Whether an organisation exists (a calendar belongs to one). */
export async function organisationExists(db: Kysely<Tables>, id: string): Promise<boolean> {
  const row = await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function updateHolidayPolicy(
  db: Kysely<Tables>,
  organisationId: string,
  policy: { closesOnHolidays?: boolean; closesYearEnd?: boolean },
  now: Date,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ ...policy, updatedAt: now })
    .where('id', '=', organisationId)
    .execute();
}

/** One-off closures of an organisation that share a day with [startsOn, endsOn]. */
export function overlappingClosures(
  db: Kysely<Tables>,
  organisationId: string,
  startsOn: string,
  endsOn: string,
) {
  return db
    .selectFrom('organisationClosures')
    .select(['id', 'startsOn', 'endsOn', 'reason'])
    .where('organisationId', '=', organisationId)
    .where('isYearly', '=', false)
    .where('startsOn', '<=', endsOn)
    .where('endsOn', '>=', startsOn)
    .execute();
}

export async function insertClosure(
  db: Kysely<Tables>,
  c: { organisationId: string; startsOn: string; endsOn: string; isYearly: boolean; reason: string },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('organisationClosures')
    .values({ ...c, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findClosure(db: Kysely<Tables>, organisationId: string, id: string) {
  return db
    .selectFrom('organisationClosures')
    .select(['id', 'startsOn', 'endsOn', 'isYearly', 'reason'])
    .where('organisationId', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteClosure(db: Kysely<Tables>, id: string): Promise<void> {
  await db.deleteFrom('organisationClosures').where('id', '=', id).execute();
}

/** Sets the special hours (or closure, when `hours` is empty) of one day, replacing what was there. */
export async function upsertSpecialDay(
  db: Kysely<Tables>,
  d: {
    organisationId: string;
    date: string;
    hours: { opensAt: string; closesAt: string }[];
    reason: string | null;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('organisationSpecialDays')
    .values({
      organisationId: d.organisationId,
      onDate: d.date,
      hours: JSON.stringify(d.hours),
      reason: d.reason,
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((oc) =>
      oc.columns(['organisationId', 'onDate']).doUpdateSet({
        hours: JSON.stringify(d.hours),
        reason: d.reason,
        updatedAt: now,
      }),
    )
    .execute();
}

export async function deleteSpecialDay(
  db: Kysely<Tables>,
  organisationId: string,
  date: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('organisationSpecialDays')
    .where('organisationId', '=', organisationId)
    .where('onDate', '=', date)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}
