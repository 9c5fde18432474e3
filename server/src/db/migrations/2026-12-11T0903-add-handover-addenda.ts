import { sql, type Kysely } from 'kysely';

/**
 * 申し送りの追加: an off-hours event recorded after its opening's handover was gathered (a call at
 * 2:00 written up at 9:30) goes into an addendum of that handover, delivered and notified as such.
 * An organisation keeps one handover per opening, and any number of addenda to it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('handovers')
    .addColumn('addendum_of', 'uuid', (c) => c.references('handovers.id').onDelete('cascade'))
    .execute();
  await db.schema.alterTable('handovers').dropConstraint('handovers_opening_key').execute();
  await sql`create unique index handovers_opening_once on handovers (organisation_id, opening_at)
    where addendum_of is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('handovers').where('addendum_of', 'is not', null).execute();
  await sql`drop index handovers_opening_once`.execute(db);
  await db.schema
    .alterTable('handovers')
    .addUniqueConstraint('handovers_opening_key', ['organisation_id', 'opening_at'])
    .execute();
  await db.schema.alterTable('handovers').dropColumn('addendum_of').execute();
}
