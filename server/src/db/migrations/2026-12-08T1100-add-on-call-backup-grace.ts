import { sql, type Kysely } from 'kysely';

/**
 * How long after a shift ends its backup (当番（副）) is still the one asked about a case that
 * shift took (the escalation's backup step): per organisation, set by its admin, 30 minutes
 * unless changed. A case opened at 8:59 by the night shift ending at 9:00 goes at 9:09 to that
 * night's backup, not to whoever (or no one) is on call at 9:09.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('on_call_backup_grace_minutes', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(30)
        .check(sql`on_call_backup_grace_minutes >= 0 and on_call_backup_grace_minutes <= 240`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('on_call_backup_grace_minutes').execute();
}
