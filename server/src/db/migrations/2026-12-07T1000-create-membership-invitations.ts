import { sql, type Kysely } from 'kysely';

/**
 * 所属への招待: an organisation admin brings in an account of another organisation only by an
 * invitation its owner accepts. The address is kept as typed and matched to an account only
 * when its owner signs in, so the inviter never learns whether the address has an account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('membership_invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('org_admin', 'staff')`))
    .addColumn('invited_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'withdrawn')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // One open invitation per organisation and address: inviting again renews it.
  await sql`create unique index membership_invitations_pending_key
    on membership_invitations (organisation_id, lower(email)) where status = 'pending'`.execute(db);
  // The invitations waiting for one account, looked up by its address.
  await sql`create index membership_invitations_email_idx
    on membership_invitations (lower(email)) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('membership_invitations').execute();
}
