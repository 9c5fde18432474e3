import { sql, type Kysely } from 'kysely';

/**
 * Sign-in throttling instead of the per-address lockout: failures counted per scope (an account
 * from one address, one address across accounts, one account across addresses, one signed-in
 * browser) with growing waits, and the browsers an account has signed in from (信頼済みの端末),
 * kept as the SHA-256 of a random token so a password reset can revoke them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_throttle').execute();
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('scope', 'text', (c) =>
      c.notNull().check(sql`scope in ('account_address', 'address', 'account', 'device')`),
    )
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_failures_pkey', ['scope', 'subject'])
    .execute();
  await db.schema
    .createTable('sign_in_devices')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_devices_user_idx').on('sign_in_devices').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_devices').execute();
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();
}
