import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import type { SystemContext } from '../platform/context.ts';
import type { Tables } from './tables.ts';

/**
 * A logical backup: every application table as JSON rows (row_to_json), gzip-compressed,
 * one JSON value per line. It is read back with json_populate_recordset, which parses each
 * value with the column type's own input function, so timestamps, JSON and numbers come
 * back exactly — on PGlite (PostgreSQL 18) or on an older PostgreSQL server (15), unlike a
 * dump written by a newer pg_dump. This is also how an embedded installation moves to a
 * PostgreSQL server: `tsunagu backup`, then `tsunagu restore` with DATABASE_URL set.
 */
export const BACKUP_FORMAT = 'tsunagu-backup';
export const BACKUP_VERSION = 1;
const BATCH = 2000;

export class RestoreRefused extends Error {}

/** Tables whose rows migrations insert (defaults); a restore replaces them with the backup's. */
const MIGRATION_SEEDED_TABLES = new Set(['freshness_rules']);

interface TableInfo {
  name: string;
  primaryKey: string[];
  /** A single-column foreign key to the table itself (a tree), exported parents first. */
  selfParent: { column: string; references: string } | null;
  dependsOn: string[];
}

interface BackupHeader {
  format: string;
  version: number;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

type Line =
  | { header: BackupHeader }
  | { table: string; rows: number }
  | { row: Record<string, unknown> }
  | { end: true };

/** Application tables in an order that satisfies their foreign keys. */
async function applicationTables(db: Kysely<Tables>): Promise<TableInfo[]> {
  const tables = await sql<{
    name: string;
  }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely\\_%' order by c.relname`.execute(
    db,
  );
  const keys = await sql<{ table: string; columns: string[] }>`select c.relname as table,
      array(select a.attname from unnest(k.conkey) with ordinality u(attnum, ord) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord)::text[] as columns
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'p'`.execute(db);
  const fks = await sql<{
    table: string;
    references: string;
    column: string;
    refColumn: string;
    columnCount: number;
  }>`select c.relname as table, r.relname as references,
      (select a.attname from pg_attribute a where a.attrelid = k.conrelid and a.attnum = k.conkey[1]) as column,
      (select a.attname from pg_attribute a where a.attrelid = k.confrelid and a.attnum = k.confkey[1]) as ref_column,
      cardinality(k.conkey) as column_count
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'f'`.execute(db);
  const infos = tables.rows.map<TableInfo>((t) => {
    const self = fks.rows.find((f) => f.table === t.name && f.references === t.name && f.columnCount === 1);
    return {
      name: t.name,
      primaryKey: keys.rows.find((k) => k.table === t.name)?.columns ?? [],
      selfParent: self ? { column: self.column, references: self.refColumn } : null,
      dependsOn: [
        ...new Set(
          fks.rows.filter((f) => f.table === t.name && f.references !== t.name).map((f) => f.references),
        ),
      ],
    };
  });
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < infos.length) {
    const ready = infos.filter((t) => !placed.has(t.name) && t.dependsOn.every((d) => placed.has(d)));
    if (ready.length === 0) throw new Error('foreign keys form a cycle; backup cannot order the tables');
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
  }
  return ordered;
}

async function appliedMigrations(db: Kysely<Tables>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function* tableRows(db: Kysely<Tables>, t: TableInfo): AsyncGenerator<Record<string, unknown>[]> {
  const table = sql.table(t.name);
  if (t.selfParent || t.primaryKey.length === 0) {
    // Trees are small: exported whole, each row after its parent.
    const rows = t.selfParent
      ? await sql<{ row: Record<string, unknown> }>`with recursive tree as (
            select x.${sql.ref(t.selfParent.references)} as key, 0 as depth from ${table} x where x.${sql.ref(t.selfParent.column)} is null
            union all
            select x.${sql.ref(t.selfParent.references)}, tree.depth + 1 from ${table} x join tree on x.${sql.ref(t.selfParent.column)} = tree.key)
          select row_to_json(x) as row from ${table} x join tree on tree.key = x.${sql.ref(t.selfParent.references)} order by tree.depth`.execute(
          db,
        )
      : await sql<{ row: Record<string, unknown> }>`select row_to_json(x) as row from ${table} x`.execute(db);
    for (let i = 0; i < rows.rows.length; i += BATCH) yield rows.rows.slice(i, i + BATCH).map((r) => r.row);
    return;
  }
  const pk = sql.join(t.primaryKey.map((c) => sql`x.${sql.ref(c)}`));
  let after: unknown[] | null = null;
  for (;;) {
    const where: ReturnType<typeof sql> = after
      ? sql`where (${pk}) > (${sql.join(after.map((v) => sql`${v}`))})`
      : sql``;
    const result = await sql<{ row: Record<string, unknown>; keys: unknown[] }>`select row_to_json(x) as row,
        json_build_array(${pk}) as keys from ${table} x ${where} order by ${pk} limit ${BATCH}`.execute(db);
    if (result.rows.length === 0) return;
    yield result.rows.map((r) => r.row);
    if (result.rows.length < BATCH) return;
    after = result.rows.at(-1)!.keys;
  }
}

/**
 * Writes the whole database to `file`, in one consistent snapshot. Everyone's data leaves in it,
 * so it is audited as the system (`ctx`: the command), in the snapshot's own transaction and first:
 * the backup carries the record that it was taken, and a backup that fails leaves no record.
 */
export async function backupDatabase(
  db: Kysely<Tables>,
  file: string,
  ctx: SystemContext,
): Promise<{ tables: number; rows: number }> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: Line) => {
    if (!gzip.write(JSON.stringify(line) + '\n')) await once(gzip, 'drain');
  };
  let rowCount = 0;
  const tables = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await recordAudit(trx, ctx, { action: 'database.backup', details: { file: path.basename(file) } });
      const infos = await applicationTables(trx);
      await write({
        header: {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          migrations: await appliedMigrations(trx),
          tables: infos.map((t) => t.name),
        },
      });
      for (const t of infos) {
        const count = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.name)}`.execute(
          trx,
        );
        await write({ table: t.name, rows: count.rows[0]!.n });
        for await (const batch of tableRows(trx, t)) {
          for (const row of batch) await write({ row });
          rowCount += batch.length;
        }
      }
      await write({ end: true });
      return infos.length;
    });
  gzip.end();
  await once(out, 'close');
  return { tables, rows: rowCount };
}

/** Reads the header of a backup without loading it. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const line of readLines(file)) {
    if ('header' in line && line.header.format === BACKUP_FORMAT) return line.header;
    break;
  }
  throw new RestoreRefused(`${file} は tsunagu のバックアップではありません。`);
}

async function* readLines(file: string): AsyncGenerator<Line> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text.trim() !== '') yield JSON.parse(text) as Line;
  }
}

/**
 * Loads a backup into a database whose schema is at the backup's migration and whose
 * tables are empty; in one transaction, so a failed restore leaves nothing behind.
 */
export async function restoreDatabase(
  db: Kysely<Tables>,
  file: string,
): Promise<{ tables: number; rows: number }> {
  const header = await readBackupHeader(file);
  return db.transaction().execute(async (trx) => {
    const infos = await applicationTables(trx);
    const missing = header.tables.filter((t) => !infos.some((i) => i.name === t));
    if (missing.length > 0) throw new RestoreRefused(`復元先に表がありません: ${missing.join(', ')}`);
    for (const t of infos) {
      if (MIGRATION_SEEDED_TABLES.has(t.name)) continue;
      const n = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.name)}`.execute(trx);
      if (n.rows[0]!.n > 0)
        throw new RestoreRefused(
          `復元先の表 ${t.name} が空ではありません。空のデータベースに復元してください。`,
        );
    }
    for (const name of MIGRATION_SEEDED_TABLES) await sql`delete from ${sql.table(name)}`.execute(trx);
    let table: string | null = null;
    let pending: Record<string, unknown>[] = [];
    let rows = 0;
    let sawEnd = false;
    const flush = async () => {
      if (!table || pending.length === 0) return;
      await sql`insert into ${sql.table(table)} overriding system value
        select * from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(pending)}::json)`.execute(
        trx,
      );
      rows += pending.length;
      pending = [];
    };
    for await (const line of readLines(file)) {
      if ('table' in line) {
        await flush();
        table = line.table;
      } else if ('row' in line) {
        pending.push(line.row);
        if (pending.length >= BATCH) await flush();
      } else if ('end' in line) {
        sawEnd = true;
      }
    }
    await flush();
    if (!sawEnd) throw new RestoreRefused('バックアップファイルが途中で切れています。');
    // Identity and serial columns continue after the restored values.
    const sequences = await sql<{
      table: string;
      column: string;
    }>`select table_name as table, column_name as column
      from information_schema.columns where table_schema = 'public' and (is_identity = 'YES' or column_default like 'nextval(%')`.execute(
      trx,
    );
    for (const s of sequences.rows) {
      await sql`select setval(pg_get_serial_sequence(${s.table}, ${s.column}), coalesce((select max(${sql.ref(s.column)}) from ${sql.table(s.table)}), 0) + 1, false)`.execute(
        trx,
      );
    }
    return { tables: header.tables.length, rows };
  });
}
