import { sql, type QueryExecutorProvider, type QueryResult, type RawBuilder } from 'kysely';

/** The value of each written column, computed from the row as read. */
type Computed = Record<string, string | null>;

/**
 * A migration's backfill of values computed in TypeScript (a search key, a folded phone number):
 * reads every row of `table` in pages of `pageSize` by its key (a uuid), computes the written
 * columns from the columns read, and writes the rows whose values changed with one statement per page (unnest), so a city's rows cost pages,
 * not round trips. Returns how many rows it wrote.
 */
export async function rewriteRows(
  db: QueryExecutorProvider,
  spec: {
    table: string;
    key: string;
    read: string[];
    write: string[];
    compute: (row: Record<string, unknown>) => Computed;
    pageSize?: number;
  },
): Promise<number> {
  const pageSize = spec.pageSize ?? 2000;
  let after: string | null = null;
  let written = 0;
  // Read under positional names (c0, c1…): a result's column names may be rewritten by the
  // connection's plugins (CamelCasePlugin), and the caller knows its columns by their SQL names.
  const names = [...new Set([spec.key, ...spec.read, ...spec.write])];
  const columns = sql.join(names.map((c, i) => sql`${sql.id(c)} as ${sql.id(`c${i}`)}`));
  for (;;) {
    const from: RawBuilder<unknown> = after === null ? sql`true` : sql`${sql.id(spec.key)} > ${after}::uuid`;
    const page: QueryResult<Record<string, unknown>> = await sql<Record<string, unknown>>`select ${columns}
      from ${sql.table(spec.table)} where ${from} order by ${sql.id(spec.key)} limit ${pageSize}`.execute(db);
    if (page.rows.length === 0) return written;
    const rows = page.rows.map((r) => Object.fromEntries(names.map((c, i) => [c, r[`c${i}`]])));
    const changed: { key: string; values: (string | null)[] }[] = [];
    for (const row of rows) {
      const computed = spec.compute(row);
      const values = spec.write.map((c) => computed[c] ?? null);
      if (values.some((v, i) => v !== row[spec.write[i]!]))
        changed.push({ key: String(row[spec.key]), values });
    }
    if (changed.length) await writePage(db, spec, changed);
    written += changed.length;
    after = String(rows.at(-1)![spec.key]);
  }
}

async function writePage(
  db: QueryExecutorProvider,
  spec: { table: string; key: string; write: string[] },
  rows: { key: string; values: (string | null)[] }[],
): Promise<void> {
  const arrays = [
    sql`${sql.val(rows.map((r) => r.key))}::uuid[]`,
    ...spec.write.map((_, i) => sql`${sql.val(rows.map((r) => r.values[i]))}::text[]`),
  ];
  const names = sql.join([sql.id('key'), ...spec.write.map((c) => sql.id(c))]);
  const assignments = sql.join(spec.write.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`));
  await sql`update ${sql.table(spec.table)} t set ${assignments}
    from unnest(${sql.join(arrays)}) as v(${names}) where t.${sql.id(spec.key)} = v.key`.execute(db);
}
