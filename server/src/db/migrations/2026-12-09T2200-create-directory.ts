import { sql, type Kysely } from 'kysely';
import { assertTrigramLocale } from '../trigram-locale.ts';

/**
 * 地域の社会資源（ディレクトリ）: every resource of the region is an organisation, so the directory's
 * fields live on `organisations` (category, services, remits, coordinates, capacity, …) with where
 * the entry came from and when it was last confirmed. A trigger keeps the search document (the
 * search keys of name, reading and details) and its one- and two-character grams, so that
 * every writer of an organisation keeps search in step. Imports, their rejected rows and saved
 * column mappings get their own tables. Refuses a database whose LC_CTYPE gives pg_trgm no
 * Japanese trigrams.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await assertTrigramLocale(db);
  await createExtensionsOrSayHow(db);

  await db.schema
    .alterTable('regions')
    .addColumn('centre_latitude', 'double precision')
    .addColumn('centre_longitude', 'double precision')
    .execute();

  await db.schema
    .alterTable('organisations')
    .addColumn('directory_category', 'text', (c) => c.notNull().defaultTo('disability_welfare'))
    .addColumn('entry_source', 'text', (c) => c.notNull().defaultTo('registered'))
    .addColumn('service_types', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('remits', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('latitude', 'double precision', (c) => c.check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'double precision', (c) => c.check(sql`longitude between -180 and 180`))
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity >= 0`))
    .addColumn('accessibility', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('referral_note', 'text')
    .addColumn('accepts_new_users', 'boolean')
    .addColumn('offers_trial_stay', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hours_text', 'jsonb')
    .addColumn('directory_notes', 'text')
    .addColumn('url', 'text')
    .addColumn('corporation_name', 'text')
    .addColumn('office_number', 'text')
    .addColumn('source_key', 'text', (c) => c.unique())
    .addColumn('source_hash', 'text')
    .addColumn('last_import_id', 'uuid')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('detail_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_grams', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();

  // The one- and two-character pieces of each word of a search document (words never run into
  // each other): a query of one or two characters is then an exact array containment on a GIN
  // index, where pg_trgm (three characters) cannot help.
  await sql`create function directory_search_grams(doc text) returns text[]
    language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct g), '{}') from (
        select substr(w, i, 1) as g from regexp_split_to_table(doc, ' ') w, generate_series(1, char_length(w)) i
        union all
        select substr(w, i, 2) from regexp_split_to_table(doc, ' ') w, generate_series(1, char_length(w) - 1) i
      ) s
    $$`.execute(db);
  await sql`create function organisations_search_document() returns trigger language plpgsql as $$
    begin
      new.search_text := concat_ws(' ', nullif(new.name_key, ''), nullif(new.kana_key, ''), nullif(new.detail_key, ''));
      new.search_grams := directory_search_grams(new.search_text);
      return new;
    end $$`.execute(db);
  await sql`create trigger organisations_search_document before insert or update of name_key, kana_key, detail_key
    on organisations for each row execute function organisations_search_document()`.execute(db);

  // Entries registered before the directory: a category from their kind, confirmed when last changed.
  await sql`update organisations set
      directory_category = case
        when sector = 'medical' then 'medical'
        when sector = 'long_term_care' or kind = 'community_general_support_center' then 'long_term_care'
        when sector = 'housing' or kind = 'group_home' then 'housing'
        when sector = 'employment' or kind in ('hello_work', 'employment_life_support_center') then 'employment'
        when sector in ('peer', 'family_association', 'community') then 'mutual_help'
        when sector in ('health', 'administration') or kind in ('core_consultation_center',
          'commissioned_consultation_office', 'community_life_support_base') then 'consultation'
        else 'disability_welfare' end,
      confirmed_at = updated_at,
      detail_key = ''`.execute(db);
  // Writers pass the injected clock's time; the default serves bulk writers that predate the
  // directory (the synthetic city, test factories): a record of when, never a rule's input.
  await sql`alter table organisations alter column confirmed_at set not null,
    alter column confirmed_at set default now()`.execute(db);

  await sql`create index organisations_search_text_trgm on organisations using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index organisations_search_grams on organisations using gin (search_grams)`.execute(db);
  await sql`create index organisations_service_types on organisations using gin (service_types)`.execute(db);
  await sql`create index organisations_remits on organisations using gin (remits)`.execute(db);
  await sql`create index organisations_location on organisations using gist (ll_to_earth(latitude, longitude))
    where latitude is not null and longitude is not null`.execute(db);
  await db.schema.createIndex('organisations_kind_idx').on('organisations').column('kind').execute();
  await db.schema
    .createIndex('organisations_directory_category_idx')
    .on('organisations')
    .column('directory_category')
    .execute();

  await db.schema
    .createTable('directory_imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('mapping_id', 'uuid')
    .addColumn('imports_all_regions', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bytes_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('started_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('directory_import_rejections')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('directory_imports.id').onDelete('cascade'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_import_rejections_pkey', ['import_id', 'line', 'code'])
    .execute();
  await db.schema
    .createTable('directory_import_mappings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('directory_import_mappings').execute();
  await db.schema.dropTable('directory_import_rejections').execute();
  await db.schema.dropTable('directory_imports').execute();
  await sql`drop trigger organisations_search_document on organisations`.execute(db);
  await sql`drop function organisations_search_document()`.execute(db);
  for (const index of [
    'organisations_search_text_trgm',
    'organisations_search_grams',
    'organisations_location',
  ])
    await sql`drop index ${sql.id(index)}`.execute(db);
  await db.schema
    .alterTable('organisations')
    .dropColumn('directory_category')
    .dropColumn('entry_source')
    .dropColumn('service_types')
    .dropColumn('remits')
    .dropColumn('latitude')
    .dropColumn('longitude')
    .dropColumn('capacity')
    .dropColumn('accessibility')
    .dropColumn('languages')
    .dropColumn('referral_note')
    .dropColumn('accepts_new_users')
    .dropColumn('offers_trial_stay')
    .dropColumn('hours_text')
    .dropColumn('directory_notes')
    .dropColumn('url')
    .dropColumn('corporation_name')
    .dropColumn('office_number')
    .dropColumn('source_key')
    .dropColumn('source_hash')
    .dropColumn('last_import_id')
    .dropColumn('confirmed_at')
    .dropColumn('confirmed_by_user_id')
    .dropColumn('detail_key')
    .dropColumn('search_text')
    .dropColumn('search_grams')
    .execute();
  await sql`drop function directory_search_grams(text)`.execute(db);
  await db.schema
    .alterTable('regions')
    .dropColumn('centre_latitude')
    .dropColumn('centre_longitude')
    .execute();
}

/**
 * earthdistance is not a trusted extension: a least-privilege owner role cannot create it. Say
 * what the administrator must run (the README's role set-up does), rather than fail with
 * PostgreSQL's bare "permission denied".
 */
async function createExtensionsOrSayHow(db: Kysely<any>): Promise<void> {
  const present = await sql<{ extname: string }>`select extname from pg_extension
    where extname in ('cube', 'earthdistance')`.execute(db);
  if (present.rows.length === 2) return;
  try {
    await sql`create extension if not exists cube`.execute(db);
    await sql`create extension if not exists earthdistance`.execute(db);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    throw new Error(
      'PostgreSQL の管理者で CREATE EXTENSION IF NOT EXISTS cube; CREATE EXTENSION IF NOT EXISTS earthdistance; を実行してから、もう一度起動してください（README「データベースのロール」）。',
      { cause: error },
    );
  }
}
