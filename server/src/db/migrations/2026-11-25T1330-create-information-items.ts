import { sql, type Kysely } from 'kysely';

/**
 * 情報: quality-tagged information about a person. Corrections add a version (the lineage
 * keeps one current row); "still true" updates only the confirmation. Review intervals per
 * category (and per region) give each item its freshness.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('information_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('lineage_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('is_current', 'boolean', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('observed_on', 'date', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    // Null until someone confirms it is still true (最新確認); freshness counts from the later of this and observed_on.
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('confirmed_by_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('correction_reason', 'text')
    .addUniqueConstraint('information_items_lineage_version_key', ['lineage_id', 'version'])
    .execute();
  await sql`create index information_items_timeline_idx on information_items (person_id, recorded_at desc, id desc) where is_current`.execute(
    db,
  );
  await sql`create unique index information_items_one_current on information_items (lineage_id) where is_current`.execute(
    db,
  );
  await sql`create index information_items_content_trgm on information_items using gin (content gin_trgm_ops)`.execute(
    db,
  );

  await db.schema
    .createTable('freshness_rules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_id', 'uuid', (c) => c.references('regions.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('review_days', 'integer', (c) => c.notNull().check(sql`review_days > 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index freshness_rules_key on freshness_rules (coalesce(region_id, '00000000-0000-0000-0000-000000000000'::uuid), category)`.execute(
    db,
  );
  // Review intervals for the whole installation; a region can override any of them.
  const defaults: [string, number][] = [
    ['identity', 365],
    ['voice', 180],
    ['medical', 90],
    ['medication', 30],
    ['daily_living', 90],
    ['life_history', 365],
    ['welfare_services', 180],
    ['family_environment', 180],
    ['housing', 180],
    ['work_daytime', 90],
    ['finances', 180],
    ['crisis', 90],
  ];
  await db
    .insertInto('freshness_rules')
    .values(
      defaults.map(([category, days]) => ({
        region_id: null,
        category,
        review_days: days,
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('freshness_rules').execute();
  await db.schema.dropTable('information_items').execute();
}
