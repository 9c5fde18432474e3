import { sql, type Kysely } from 'kysely';

/**
 * A job queue that cannot loop, hang unseen or lose its duplicate guard (issue 19, decision 0007).
 * - `jobs.started_at`: when the current (or last) run was claimed; `jobs.overdue_at`: when a run
 *   outlived its queue's timeout and grace (its lease is kept until its handler settles).
 * - `job_keys`: every key ever enqueued. Enqueueing takes the key here first, so a job's row can
 *   be pruned after it finished while its key still refuses a second enqueue.
 * - `live_event_horizon`: the highest live event id pruned (one row, written by the first prune;
 *   none means nothing was pruned), so a stream resuming from an older Last-Event-ID is told to
 *   reload instead of silently missing what was pruned.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('started_at', 'timestamptz')
    .addColumn('overdue_at', 'timestamptz')
    .execute();
  await sql`create index jobs_finished_idx on jobs (finished_at) where status in ('done', 'failed')`.execute(
    db,
  );

  await db.schema
    .createTable('job_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`insert into job_keys (key, created_at) select key, created_at from jobs`.execute(db);

  await db.schema
    .createTable('live_event_horizon')
    .addColumn('singleton', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`singleton`),
    )
    .addColumn('pruned_through_id', 'bigint', (c) => c.notNull())
    .addColumn('pruned_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_event_horizon').execute();
  await db.schema.dropTable('job_keys').execute();
  await sql`drop index jobs_finished_idx`.execute(db);
  await db.schema.alterTable('jobs').dropColumn('overdue_at').dropColumn('started_at').execute();
}
