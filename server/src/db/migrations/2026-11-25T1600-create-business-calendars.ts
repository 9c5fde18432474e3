import { sql, type Kysely } from 'kysely';

/**
 * 営業日カレンダー: beyond the weekly hours, whether an organisation closes on national holidays
 * (祝日・振替休日, most offices do; a hospital ward does not) and over 年末年始 (12/29–1/3), its
 * other closures (date ranges, once or every year, e.g. お盆) and one-off days that are closed
 * or open with special hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('closes_on_holidays', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('closes_year_end', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable('organisation_closures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    // A yearly closure repeats on the same month and day every year (the year of starts_on is when it begins).
    .addColumn('is_yearly', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('organisation_closures_order', sql`starts_on <= ends_on`)
    .execute();
  await db.schema
    .createIndex('organisation_closures_organisation_idx')
    .on('organisation_closures')
    .columns(['organisation_id', 'ends_on'])
    .execute();

  await db.schema
    .createTable('organisation_special_days')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('on_date', 'date', (c) => c.notNull())
    // [{ "opensAt": "HH:MM", "closesAt": "HH:MM" }, …]; empty = closed all day (臨時休業).
    .addColumn('hours', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('organisation_special_days_day_key', ['organisation_id', 'on_date'])
    .addCheckConstraint('organisation_special_days_hours_array', sql`jsonb_typeof(hours) = 'array'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_special_days').execute();
  await db.schema.dropTable('organisation_closures').execute();
  await db.schema.alterTable('organisations').dropColumn('closes_year_end').execute();
  await db.schema.alterTable('organisations').dropColumn('closes_on_holidays').execute();
}
