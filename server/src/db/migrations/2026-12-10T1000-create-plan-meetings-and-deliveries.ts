import { sql, type Kysely } from 'kysely';

/**
 * サービス担当者会議 and 交付 of plans. A meeting discusses one version of a plan, and handing a
 * version to the person and the providers is recorded with whom it went to; both refer to the
 * version itself (plan and version number), so neither can name a version that does not exist.
 * A version confirmed after the 支給決定 without a meeting on it keeps the reason why.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_versions').addColumn('no_meeting_reason', 'text').execute();

  await db.schema
    .createTable('plan_meetings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('starts_at', 'time', (c) => c.notNull())
    .addColumn('ends_at', 'time')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('attendees', 'jsonb', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('conclusions', 'text', (c) => c.notNull())
    .addColumn('remaining_issues', 'text')
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint(
      'plan_meetings_version_fkey',
      ['plan_id', 'plan_version'],
      'plan_versions',
      ['plan_id', 'version'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await sql`create index plan_meetings_plan_idx on plan_meetings (plan_id, plan_version)`.execute(db);

  await db.schema
    .createTable('plan_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('delivered_on', 'date', (c) => c.notNull())
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('in_person', 'mail', 'fax', 'electronic')`),
    )
    .addColumn('recipients', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint(
      'plan_deliveries_version_fkey',
      ['plan_id', 'plan_version'],
      'plan_versions',
      ['plan_id', 'version'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await sql`create index plan_deliveries_plan_idx on plan_deliveries (plan_id, plan_version)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_deliveries').execute();
  await db.schema.dropTable('plan_meetings').execute();
  await db.schema.alterTable('plan_versions').dropColumn('no_meeting_reason').execute();
}
