import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * pg_trgm splits text into trigrams with the database's character classification (LC_CTYPE).
 * Under `C` or `POSIX` it treats every byte above ASCII as a non-word character and extracts no
 * trigram from Japanese (`show_trgm('グループホーム')` is empty): a trigram index then finds
 * nothing, silently. The directory's search depends on it, so its migration refuses such a database.
 */
export function trigramLocaleProblem(datctype: string, trigramsOfJapanese: number): string | null {
  const ctype = datctype.trim();
  const byteLocale = /^(c|posix)$/i.test(ctype);
  if (!byteLocale && trigramsOfJapanese > 0) return null;
  return (
    `データベースの文字種別（LC_CTYPE = ${ctype || '不明'}）では pg_trgm が日本語から trigram を取り出せず、` +
    '日本語の部分一致検索ができません。UTF-8 の文字種別（例 C.UTF-8、ja_JP.UTF-8）でデータベースを作り直してください: ' +
    "CREATE DATABASE tsunagu TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8';"
  );
}

export class TrigramLocaleRefused extends Error {}

/** Reads the database's LC_CTYPE and tries pg_trgm on Japanese; throws when searching could not work. */
export async function assertTrigramLocale(db: QueryExecutorProvider): Promise<void> {
  const { rows } = await sql<{ datctype: string; n: number }>`select d.datctype,
      coalesce(array_length(show_trgm('グループホーム'), 1), 0)::int as n
    from pg_database d where d.datname = current_database()`.execute(db);
  const row = rows[0];
  const problem = trigramLocaleProblem(row?.datctype ?? '', row?.n ?? 0);
  if (problem) throw new TrigramLocaleRefused(problem);
}
