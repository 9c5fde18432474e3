import { sql, type Kysely } from 'kysely';

/**
 * Notifications: one per event and recipient (idempotent), with a priority; and each staff
 * member's e-mail preference (immediately / daily digest / never) and quiet hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('subject_id', 'uuid').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .execute();
  await sql`create unique index notifications_once on notifications (kind, subject_id, user_id) where subject_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('email_mode', 'text', (c) =>
      c.notNull().check(sql`email_mode in ('immediate', 'digest', 'never')`),
    )
    .addColumn('quiet_start', 'time')
    .addColumn('quiet_end', 'time')
    .addColumn('digest_time', 'time', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_preferences').execute();
  await sql`drop index notifications_once`.execute(db);
  await db.schema.alterTable('notifications').dropColumn('priority').execute();
  await db.schema.alterTable('notifications').dropColumn('subject_id').execute();
}
