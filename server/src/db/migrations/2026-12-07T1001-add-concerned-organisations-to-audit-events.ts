import { sql, type Kysely } from 'kysely';

/**
 * Audit rows name every organisation an event concerns besides the one it was acted under
 * (e.g. the organisations of an account whose credentials another admin tried to reset), so
 * each of them sees it in its audit view. NULL on older rows and on rows that concern no one
 * else; the sealer's MAC covers the column whenever it is set (decision 0005).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_events')
    .addColumn('concerned_organisation_ids', sql`uuid[]`)
    .execute();
  await sql`create index audit_events_concerned_idx on audit_events
    using gin (concerned_organisation_ids) where concerned_organisation_ids is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').dropColumn('concerned_organisation_ids').execute();
}
