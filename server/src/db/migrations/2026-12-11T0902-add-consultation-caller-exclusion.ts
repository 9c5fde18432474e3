import { type Kysely } from 'kysely';

/**
 * Whether the caller of a consultation may be one of the person's excluded contacts (一切伝えては
 * いけない人, matched by 本人照合 when it was recorded, and saved only after the one recording
 * confirmed they saw the warning): the record carries the flag so that whoever reads it later
 * knows not to call back with anything about the person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('emergency_consultations')
    .addColumn('caller_may_be_excluded', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('emergency_consultations').dropColumn('caller_may_be_excluded').execute();
}
