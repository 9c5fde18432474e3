import { sql, type Kysely } from 'kysely';

/** 機関: organisations, the regions they serve and their weekly business hours. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kana', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('fax', 'text')
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisations_kana_idx').on('organisations').column('kana').execute();

  await db.schema
    .createTable('organisation_regions')
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('region_id', 'uuid', (c) => c.notNull().references('regions.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('organisation_regions_pkey', ['organisation_id', 'region_id'])
    .execute();
  await db.schema
    .createIndex('organisation_regions_region_idx')
    .on('organisation_regions')
    .column('region_id')
    .execute();

  await db.schema
    .createTable('organisation_business_hours')
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('weekday', 'smallint', (c) => c.notNull().check(sql`weekday between 0 and 6`))
    .addColumn('opens_at', 'time', (c) => c.notNull())
    .addColumn('closes_at', 'time', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_business_hours_pkey', ['organisation_id', 'weekday', 'opens_at'])
    .addCheckConstraint('organisation_business_hours_order', sql`opens_at < closes_at`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_business_hours').execute();
  await db.schema.dropTable('organisation_regions').execute();
  await db.schema.dropTable('organisations').execute();
}
