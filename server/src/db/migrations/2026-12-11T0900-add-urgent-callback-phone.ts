import { type Kysely } from 'kysely';

/**
 * The number to call back that the sender of a 至急・緊急 message gave in the composer (prefilled
 * from their organisation's phone, required for 緊急): the case page shows it, dialable, with the
 * sender's name and the organisation's own phone, whatever the responder's consent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('urgent_cases').addColumn('callback_phone', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('urgent_cases').dropColumn('callback_phone').execute();
}
