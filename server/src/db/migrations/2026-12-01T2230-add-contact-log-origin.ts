import { sql, type Kysely } from 'kysely';

/**
 * 連絡記録 of a reply recorded by hand: an entry says how it came to be (written in the contact log,
 * or by recording a 連携シート's reply by phone, FAX…), and a sheet has at most one reply entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contact_log_entries')
    .addColumn('origin', 'text', (c) =>
      c
        .notNull()
        .defaultTo('contact')
        .check(sql`origin in ('contact', 'liaison_reply')`),
    )
    .execute();
  await sql`create unique index contact_log_reply_once_idx on contact_log_entries (sheet_id)
    where origin = 'liaison_reply'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index contact_log_reply_once_idx`.execute(db);
  await db.schema.alterTable('contact_log_entries').dropColumn('origin').execute();
}
