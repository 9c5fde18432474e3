import type { Kysely } from 'kysely';

/** Audit rows name the person whose data was read or written, and flag reads under break-glass. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('person_id', 'uuid').execute();
  await db.schema
    .alterTable('audit_events')
    .addColumn('via_emergency', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('audit_events_person_idx')
    .on('audit_events')
    .columns(['person_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').dropColumn('via_emergency').execute();
  await db.schema.alterTable('audit_events').dropColumn('person_id').execute();
}
