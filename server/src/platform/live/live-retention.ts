import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/**
 * How long live events are kept: a client away for less resumes from its Last-Event-ID without
 * losing any; one away longer (or resuming from an id already pruned) is told to reload.
 */
export const LIVE_EVENT_RETENTION_MS = 3 * 86_400_000;

const BATCH = 5_000;

/**
 * Deletes the live events created before `before`, a batch per statement, and moves the horizon
 * (the highest id pruned) in the same statement, so a stream never resumes across a gap unseen.
 * Returns how many went.
 */
export async function pruneLiveEvents(
  db: Kysely<Tables>,
  before: Date,
  now: Date,
  signal: AbortSignal,
): Promise<number> {
  let total = 0;
  for (;;) {
    signal.throwIfAborted();
    const result = await sql<{ n: number }>`with gone as (
        delete from live_events where id in (
          select id from live_events where created_at < ${before} order by id limit ${BATCH})
        returning id),
      moved as (
        insert into live_event_horizon (singleton, pruned_through_id, pruned_at)
        select true, max(id), ${now}::timestamptz from gone having count(*) > 0
        on conflict (singleton) do update set pruned_at = excluded.pruned_at,
          pruned_through_id = greatest(live_event_horizon.pruned_through_id, excluded.pruned_through_id)
        returning 1)
      select count(*)::int as n from gone`.execute(db);
    const n = result.rows[0]?.n ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}

/** The highest live event id pruned ('0' when none was: the table has no row yet). */
export async function prunedThrough(db: Kysely<Tables>): Promise<string> {
  const row = await db.selectFrom('liveEventHorizon').select('prunedThroughId').executeTakeFirst();
  return row?.prunedThroughId ?? '0';
}

/** The newest live event id (or `fallback` when there is none). */
export async function newestLiveEventId(db: Kysely<Tables>, fallback: string): Promise<string> {
  const row = await db
    .selectFrom('liveEvents')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? fallback;
}
