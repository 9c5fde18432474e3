import { sql, type Kysely } from 'kysely';

/**
 * Durable background work and live events. `jobs`: a queue in the database (claimed with
 * FOR UPDATE SKIP LOCKED, a lease kept alive by a heartbeat, a UNIQUE key per job so a step
 * is enqueued once). `live_events`: what the live streams carry, kept for a few days so a
 * client that reconnects with its last event id misses nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index jobs_due_idx on jobs (run_at) where status = 'queued'`.execute(db);
  await sql`create index jobs_running_idx on jobs (lease_expires_at) where status = 'running'`.execute(db);

  await db.schema
    .createTable('live_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid')
    .addColumn('category', 'text')
    .addColumn('subject_id', 'uuid')
    .addColumn('author_organisation_id', 'uuid')
    .addColumn('user_id', 'uuid') // for events addressed to one user (their notifications)
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_events_created_idx').on('live_events').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_events').execute();
  await db.schema.dropTable('jobs').execute();
}
