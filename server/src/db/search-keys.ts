import type { QueryExecutorProvider } from 'kysely';
import { searchKey } from '../platform/text/search-key.ts';
import { rewriteRows } from './rewrite-rows.ts';

/** The tables that carry 検索キー (name_key, kana_key), and the columns the keys are made from. */
export const searchKeyTables = [
  { table: 'persons', name: 'name', kana: 'kana_display' },
  { table: 'users', name: 'display_name', kana: 'kana' },
  { table: 'organisations', name: 'name', kana: 'kana' },
] as const;

/**
 * Computes every row's search keys again: the backfill when the keys were added, and what a later
 * migration runs if the variant table (platform/text/variant-map.json) or the key's rule changes.
 * Persons' sort column (kana) is the reading's key too.
 */
export async function recomputeSearchKeys(db: QueryExecutorProvider): Promise<void> {
  const keyOf = (v: unknown) => searchKey(typeof v === 'string' ? v : '');
  for (const { table, name, kana } of searchKeyTables) {
    const persons = table === 'persons';
    await rewriteRows(db, {
      table,
      key: 'id',
      read: [name, kana],
      write: persons ? ['name_key', 'kana_key', 'kana'] : ['name_key', 'kana_key'],
      compute: (row) => ({
        name_key: keyOf(row[name]),
        kana_key: keyOf(row[kana]),
        ...(persons ? { kana: keyOf(row[kana]) } : {}),
      }),
    });
  }
}
