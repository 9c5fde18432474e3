import { sql, type Kysely } from 'kysely';

/**
 * Reminders of 期限 sent: one row per staff member, due item and band (90 / 60 / 30 days ahead,
 * past due), so each band is told once however often the daily run looks. The item's key names
 * what is due and when (a plan's monitoring on a date, a certificate's expiry…): a new due date
 * is a new item, and its bands are told afresh.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('due_reminders')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) =>
      c.notNull().check(sql`band in ('within_90', 'within_60', 'within_30', 'overdue')`),
    )
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('due_reminders_once', ['user_id', 'item_key', 'band'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('due_reminders').execute();
}
