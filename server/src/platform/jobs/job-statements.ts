import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** The channel a NOTIFY on enqueue wakes workers on. */
export const JOBS_CHANNEL = 'tsunagu_jobs';

/**
 * The queue of notices to the system administrators about a failed or overdue job of a watched
 * queue. The platform enqueues them; a feature handles them (platform never imports a feature).
 */
export const JOB_ALERT_QUEUE = 'job.alert';
const ALERT_MAX_ATTEMPTS = 20;

export interface Job {
  id: string;
  queue: string;
  key: string;
  payload: Record<string, unknown>;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
}

/** A claimed row: running (to run now), or failed here because its attempts were used up. */
export interface ClaimedJob extends Job {
  status: 'running' | 'failed';
}

export interface EnqueueRow {
  queue: string;
  key: string;
  payload: Record<string, unknown>;
  runAt: Date;
  maxAttempts: number;
}

/** What the last error of a job whose run ended with its process (or its lease) says. */
export const INTERRUPTED = 'interrupted: its process ended (or stopped renewing its lease) during the run';

/**
 * CTEs `taken` and `inserted` that enqueue the rows of the CTE named `source` (queue, key,
 * payload, run_at, max_attempts, ord) whose key was never used. The key is taken in `job_keys`
 * first, and that table is never pruned: a key enqueues once, ever, even after its job's row is
 * gone. Of two rows with one key in the same call, the first (lowest `ord`) wins; rows are
 * inserted in `ord` order (their ids follow the order given).
 */
function insertCtes(source: 'source' | 'alerting', now: Date): RawBuilder<unknown> {
  const from = sql.raw(source);
  return sql`taken as (
      insert into job_keys (key, created_at) select distinct key, ${now}::timestamptz from ${from}
      on conflict (key) do nothing returning key),
    inserted as (
      insert into jobs (queue, key, payload, run_at, status, max_attempts, created_at)
      select queue, key, payload, run_at, 'queued', max_attempts, ${now}::timestamptz from (
        select distinct on (s.key) s.* from ${from} s join taken t on t.key = s.key order by s.key, s.ord) firsts
      order by ord
      on conflict (key) do nothing returning key, queue)`;
}

/**
 * CTEs that enqueue a notice for each row of the CTE `changed` whose `alert` ('failed' or
 * 'overdue') is set and whose queue is watched: in the same statement as the change, so a
 * failure is never recorded without its notice.
 */
function alertCtes(watched: readonly string[], now: Date): RawBuilder<unknown> {
  return sql`alerting as (
      select ${JOB_ALERT_QUEUE}::text as queue, 'job-alert:' || id || ':' || alert as key,
        jsonb_build_object('jobId', id::text, 'reason', alert) as payload, ${now}::timestamptz as run_at,
        ${ALERT_MAX_ATTEMPTS}::int as max_attempts, 0 as ord
      from changed where alert is not null and queue = any(${sql.val([...watched])}::text[])),
    ${insertCtes('alerting', now)}`;
}

/** Enqueues rows in one statement; returns the keys that were new. A NOTIFY per new job wakes the workers. */
export async function insertJobs(
  executor: Kysely<Tables>,
  rows: readonly EnqueueRow[],
  now: Date,
  channel: string,
): Promise<Set<string>> {
  const values = rows.map(
    (r, i) =>
      sql`(${r.queue}::text, ${r.key}::text, ${JSON.stringify(r.payload)}::jsonb, ${r.runAt}::timestamptz,
        ${r.maxAttempts}::int, ${i}::int)`,
  );
  // The NOTIFY (PostgreSQL sends one per queue and transaction) is delivered when the caller's
  // transaction commits: a due job then starts without waiting for a poll. One round trip.
  const result = await sql<{ key: string }>`with source (queue, key, payload, run_at, max_attempts, ord) as (
      values ${sql.join(values)}),
    ${insertCtes('source', now)}
    select key, pg_notify(${channel}, queue) from inserted`.execute(executor);
  return new Set(result.rows.map((r) => r.key));
}

export type ClaimKind = 'any' | 'fresh' | 'retry';

/**
 * Claims up to `limit` due jobs of `queues` (and jobs whose holder's lease lapsed), SKIP LOCKED:
 * each becomes running under `workerId` with one more attempt, except a job whose attempts are
 * used up, which fails here (with its notice) instead of running again. `fresh` takes only jobs
 * never run; `retry` only jobs run before, fewest attempts first.
 */
export async function claimJobs(
  db: Kysely<Tables>,
  p: {
    queues: readonly string[];
    limit: number;
    pick: ClaimKind;
    workerId: string;
    leaseMs: number;
    now: Date;
    watched: readonly string[];
  },
): Promise<ClaimedJob[]> {
  const tried =
    p.pick === 'fresh' ? sql`and attempts = 0` : p.pick === 'retry' ? sql`and attempts > 0` : sql``;
  const order = p.pick === 'retry' ? sql`attempts, run_at, id` : sql`run_at, id`;
  // Leases are liveness, not business time: they use the database's clock.
  const result = await sql<ClaimedJob>`with picked as (
      select id, attempts >= max_attempts as spent from jobs
      where queue = any(${sql.val([...p.queues])}::text[]) ${tried}
        and ((status = 'queued' and run_at <= ${p.now}) or (status = 'running' and lease_expires_at < clock_timestamp()))
      order by ${order}
      limit ${p.limit}
      for update skip locked),
    changed as (
      update jobs j set
        status = case when k.spent then 'failed' else 'running' end,
        locked_by = case when k.spent then j.locked_by else ${p.workerId} end,
        lease_expires_at = case when k.spent then null
          else clock_timestamp() + make_interval(secs => ${p.leaseMs / 1000}) end,
        attempts = case when k.spent then j.attempts else j.attempts + 1 end,
        started_at = case when k.spent then j.started_at else ${p.now}::timestamptz end,
        overdue_at = case when k.spent then j.overdue_at end,
        finished_at = case when k.spent then ${p.now}::timestamptz end,
        last_error = case when k.spent and j.status = 'running' then ${INTERRUPTED} else j.last_error end
      from picked k where j.id = k.id
      returning j.id, j.queue, j.key, j.payload, j.run_at, j.attempts, j.max_attempts, j.status,
        case when k.spent then 'failed' end as alert),
    ${alertCtes(p.watched, p.now)}
    select id, queue, key, payload, run_at, attempts, max_attempts, status from changed
    order by run_at, id`.execute(db);
  return result.rows;
}

/** Records a failed run: queued again at `retryAt`, or failed for good (with its notice). */
export async function recordFailure(
  db: Kysely<Tables>,
  p: {
    id: string;
    workerId: string;
    error: string;
    retryAt: Date | null;
    now: Date;
    watched: readonly string[];
  },
): Promise<boolean> {
  const final = p.retryAt === null;
  const result = await sql<{ id: string }>`with changed as (
      update jobs set status = ${final ? 'failed' : 'queued'}, run_at = ${p.retryAt ?? sql`run_at`},
        last_error = ${p.error}, lease_expires_at = null, finished_at = ${final ? p.now : null}
      where id = ${p.id} and locked_by = ${p.workerId} and status = 'running'
      returning id, queue, ${final ? 'failed' : null}::text as alert),
    ${alertCtes(p.watched, p.now)}
    select id from changed`.execute(db);
  return final && result.rows.length > 0;
}

/** Marks finished runs done, many in one statement. */
export async function recordDone(db: Kysely<Tables>, ids: readonly string[], workerId: string, now: Date) {
  await sql`update jobs set status = 'done', finished_at = ${now}, lease_expires_at = null, last_error = null
    where id = any(${sql.val([...ids])}::bigint[]) and locked_by = ${workerId}`.execute(db);
}

/**
 * Marks runs that outlived their timeout and grace as overdue (with their notices). They stay
 * running, their leases kept fresh, until their handler settles or their worker restarts.
 */
export async function recordOverdue(
  db: Kysely<Tables>,
  p: { ids: readonly string[]; workerId: string; now: Date; watched: readonly string[] },
): Promise<number> {
  const result = await sql<{ id: string }>`with changed as (
      update jobs set overdue_at = ${p.now}
      where id = any(${sql.val([...p.ids])}::bigint[]) and locked_by = ${p.workerId}
        and status = 'running' and overdue_at is null
      returning id, queue, 'overdue'::text as alert),
    ${alertCtes(p.watched, p.now)}
    select id from changed`.execute(db);
  return result.rows.length;
}

/**
 * Takes back a worker's jobs from its previous life (a crash, a SIGKILL, a hung handler): an
 * interrupted run counts as a failed attempt, so each job waits its backoff (`retryAt`), and one
 * whose attempts are used up fails here (with its notice) instead of killing the process again.
 */
export async function recoverJobs(
  db: Kysely<Tables>,
  p: {
    workerId: string;
    now: Date;
    watched: readonly string[];
    retryAt: (job: { queue: string; attempts: number }) => Date;
  },
): Promise<void> {
  const held = await sql<{ id: string; queue: string; attempts: number }>`select id, queue, attempts from jobs
    where status = 'running' and locked_by = ${p.workerId}`.execute(db);
  if (held.rows.length === 0) return;
  const ids = held.rows.map((r) => r.id);
  const retryAts = held.rows.map((r) => p.retryAt(r));
  await sql`with back (id, retry_at) as (
      select * from unnest(${sql.val(ids)}::bigint[], ${sql.val(retryAts)}::timestamptz[])),
    changed as (
      update jobs j set
        status = case when j.attempts >= j.max_attempts then 'failed' else 'queued' end,
        run_at = case when j.attempts >= j.max_attempts then j.run_at else greatest(j.run_at, b.retry_at) end,
        finished_at = case when j.attempts >= j.max_attempts then ${p.now}::timestamptz end,
        locked_by = case when j.attempts >= j.max_attempts then j.locked_by end,
        lease_expires_at = null, last_error = ${INTERRUPTED}
      from back b where j.id = b.id and j.status = 'running' and j.locked_by = ${p.workerId}
      returning j.id, j.queue, case when j.attempts >= j.max_attempts then 'failed' end as alert),
    ${alertCtes(p.watched, p.now)}
    select id from changed`.execute(db);
}

/** Renews the leases of the runs this worker holds (a hung run too: it settles or its worker restarts). */
export async function renewLeases(
  db: Kysely<Tables>,
  ids: readonly string[],
  workerId: string,
  leaseMs: number,
) {
  await sql`update jobs set lease_expires_at = clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
    where status = 'running' and locked_by = ${workerId} and id = any(${sql.val([...ids])}::bigint[])`.execute(
    db,
  );
}

/** When the next queued job of `queues` falls due (business time). */
export async function nextDue(db: Kysely<Tables>, queues: readonly string[]): Promise<Date | null> {
  const next = await sql<{ runAt: Date | null }>`select min(run_at) as run_at from jobs
    where status = 'queued' and queue = any(${sql.val([...queues])}::text[])`.execute(db);
  const runAt = next.rows[0]?.runAt;
  return runAt ? new Date(runAt) : null;
}
