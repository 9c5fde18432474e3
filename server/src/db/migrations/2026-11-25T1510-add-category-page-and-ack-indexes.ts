import { sql, type Kysely } from 'kysely';

/**
 * Indexes the city-scale benchmark showed missing:
 * - a person's current items per category, newest first: the person page's sections (voice,
 *   life) read the newest few of some categories without walking a long history, and the
 *   freshness overview still counts from the index alone (it replaces the index of 1500);
 * - acknowledgement rows by message: the receipt counts of one message (the unique indexes are
 *   partial, on user or organisation, and answer neither count);
 * - persons by the organisation that registered them: one of the ways into "my persons".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index information_items_freshness_idx`.execute(db);
  await sql`create index information_items_category_page_idx on information_items
    (person_id, category, recorded_at desc, id desc) include (observed_on, confirmed_at, recorded_by_organisation_id)
    where is_current`.execute(db);
  await sql`create index message_acks_message_idx on message_acks (message_id)`.execute(db);
  await sql`create index persons_registered_by_idx on persons (registered_by_organisation_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index persons_registered_by_idx`.execute(db);
  await sql`drop index message_acks_message_idx`.execute(db);
  await sql`drop index information_items_category_page_idx`.execute(db);
  await sql`create index information_items_freshness_idx on information_items (person_id, category)
    include (observed_on, confirmed_at, recorded_by_organisation_id, recorded_at) where is_current`.execute(
    db,
  );
}
