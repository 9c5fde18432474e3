import { sql, type Kysely } from 'kysely';

/**
 * The freshness overview counts a person's current items by category and age; this covering
 * index answers it from the index alone, even for a person with thousands of items.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index information_items_freshness_idx on information_items (person_id, category)
    include (observed_on, confirmed_at, recorded_by_organisation_id, recorded_at) where is_current`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index information_items_freshness_idx`.execute(db);
}
