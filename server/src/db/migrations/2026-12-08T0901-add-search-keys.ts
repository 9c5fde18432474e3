import { sql, type Kysely } from 'kysely';
import { recomputeSearchKeys, searchKeyTables } from '../search-keys.ts';

/**
 * 検索キー: name_key and kana_key beside the name and reading of persons, staff and organisations
 * (platform/text/search-key.ts: old and variant kanji folded, kana in one form, no spaces), computed
 * for the rows already there, then required. Searches compare keys (髙橋 and 高橋 meet); the
 * trigram indexes move from the persons' name and kana to the keys the searches read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const { table } of searchKeyTables)
    await db.schema.alterTable(table).addColumn('name_key', 'text').addColumn('kana_key', 'text').execute();
  await recomputeSearchKeys(db);
  for (const { table } of searchKeyTables) {
    await sql`alter table ${sql.table(table)} alter column name_key set not null,
      alter column kana_key set not null`.execute(db);
    for (const column of ['name_key', 'kana_key'])
      await sql`create index ${sql.id(`${table}_${column}_trgm`)} on ${sql.table(table)}
        using gin (${sql.id(column)} gin_trgm_ops)`.execute(db);
  }
  await sql`drop index persons_name_trgm`.execute(db);
  await sql`drop index persons_kana_trgm`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index persons_name_trgm on persons using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index persons_kana_trgm on persons using gin (kana gin_trgm_ops)`.execute(db);
  for (const { table } of searchKeyTables)
    await db.schema.alterTable(table).dropColumn('name_key').dropColumn('kana_key').execute();
}
