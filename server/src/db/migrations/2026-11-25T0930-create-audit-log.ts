import { sql, type Kysely } from 'kysely';

/**
 * 監査ログ: append-only events, the queue of rows the sealer has not yet chained, and the
 * seals (a keyed MAC per row, chained in sealing order). Triggers refuse UPDATE, DELETE and
 * TRUNCATE for everyone; on PostgreSQL the app role is also denied those privileges.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // The database clock: this is a record of when it happened, not a business rule.
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_organisation_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('allowed', 'denied', 'failed')`))
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'jsonb')
    .execute();
  await db.schema.createIndex('audit_events_occurred_idx').on('audit_events').column('occurred_at').execute();
  await db.schema
    .createIndex('audit_events_actor_idx')
    .on('audit_events')
    .columns(['actor_user_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_organisation_idx')
    .on('audit_events')
    .columns(['actor_organisation_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_events_target_idx').on('audit_events').column('target_id').execute();

  await db.schema
    .createTable('audit_pending')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .execute();

  await db.schema
    .createTable('audit_seals')
    .addColumn('chain_position', 'bigint', (c) => c.primaryKey())
    .addColumn('audit_seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('sealed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();

  await sql`
    create function audit_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  for (const table of ['audit_events', 'audit_seals']) {
    await sql`create trigger ${sql.raw(table)}_append_only before update or delete on ${sql.raw(table)}
      for each row execute function audit_refuse_change()`.execute(db);
    await sql`create trigger ${sql.raw(table)}_no_truncate before truncate on ${sql.raw(table)}
      for each statement execute function audit_refuse_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_seals').execute();
  await db.schema.dropTable('audit_pending').execute();
  await db.schema.dropTable('audit_events').execute();
  await sql`drop function audit_refuse_change()`.execute(db);
}
