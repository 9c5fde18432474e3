import { sql, type Kysely } from 'kysely';

/**
 * 計画: サービス等利用計画, 個別支援計画 and クライシスプラン. A plan is a lineage (one per person
 * and kind; one 個別支援計画 per provider); every save is a new immutable version whose state
 * moves 計画案 → 本人同意 → 確定; monitoring records hang off the plan. `category` is the consent
 * category the plan follows (福祉サービス or クライシス), so lists filter by consent in SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('service_use', 'individual_support', 'crisis')`),
    )
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('title', 'text')
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index plans_person_idx on plans (person_id, kind)`.execute(db);
  // One service use plan and one crisis plan per person; one individual support plan per provider.
  await sql`create unique index plans_one_service_use on plans (person_id) where kind = 'service_use'`.execute(
    db,
  );
  await sql`create unique index plans_one_crisis on plans (person_id) where kind = 'crisis'`.execute(db);
  await sql`create unique index plans_one_support_per_provider on plans (person_id, organisation_id)
    where kind = 'individual_support'`.execute(db);

  await db.schema
    .createTable('plan_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'agreed', 'confirmed')`))
    .addColumn('plan_date', 'date', (c) => c.notNull())
    .addColumn('review_on', 'date')
    .addColumn('monitoring_months', 'integer', (c) => c.check(sql`monitoring_months between 1 and 12`))
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('agreed_on', 'date')
    .addColumn('agreement_method', 'text')
    .addColumn('agreement_note', 'text')
    .addColumn('agreement_recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('agreement_recorded_at', 'timestamptz')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('plan_versions_plan_version_key', ['plan_id', 'version'])
    // 確定 only with a recorded agreement: the rule holds in the database too.
    .addCheckConstraint(
      'plan_versions_confirmed_needs_agreement',
      sql`status = 'draft' or (agreed_on is not null and agreement_method is not null)`,
    )
    .execute();

  await db.schema
    .createTable('plan_monitorings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('monitored_on', 'date', (c) => c.notNull())
    .addColumn('person_account', 'text', (c) => c.notNull())
    .addColumn('progress', 'jsonb', (c) => c.notNull())
    .addColumn('needs_change', 'boolean', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index plan_monitorings_plan_idx on plan_monitorings (plan_id, monitored_on desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_monitorings').execute();
  await db.schema.dropTable('plan_versions').execute();
  await db.schema.dropTable('plans').execute();
}
