import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import path from 'node:path';
import type { Tables } from './tables.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';

export type Engine = 'pglite' | 'postgres';

/** The opened database: Kysely for every query, and the engine's own handle for LISTEN/NOTIFY. */
export interface Database {
  db: Kysely<Tables>;
  engine: Engine;
  /** Present in embedded mode. */
  pglite: PGlite | null;
  /** Present on the PostgreSQL server. */
  pool: pg.Pool | null;
  close(): Promise<void>;
}

// Same value shapes on both engines: int8, numeric, date and time as text; timestamptz as Date.
const TEXT_OIDS = { int8: 20, numeric: 1700, date: 1082, time: 1083 } as const;
const identity = (v: string) => v;

export const pgliteParsers: Record<number, (v: string) => unknown> = Object.fromEntries(
  Object.values(TEXT_OIDS).map((oid) => [oid, identity]),
);

const textOids: number[] = Object.values(TEXT_OIDS);
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    textOids.includes(oid)
      ? identity
      : (pg.types.getTypeParser(oid, format ?? 'text') as (
          value: string,
        ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

// JSON values (audit details, backups) keep their keys exactly; only column names are mapped.
const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

export async function createPGlite(dataDirOrMemory: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  const pglite = await PGlite.create(dataDirOrMemory, {
    parsers: pgliteParsers,
    // pg_trgm for partial-text search; cube + earthdistance for the directory's distances.
    extensions: { pg_trgm, cube, earthdistance },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await pglite.exec(`set time zone 'Asia/Tokyo'`);
  return pglite;
}

/** Wraps an open PGlite in Kysely. `onClose` releases what the caller holds (the directory lock). */
export function databaseFromPGlite(pglite: PGlite, onClose: () => void = () => {}): Database {
  const db = new Kysely<Tables>({ dialect: new PGliteDialect({ pglite }), plugins });
  return {
    db,
    engine: 'pglite',
    pglite,
    pool: null,
    async close() {
      await db.destroy();
      onClose();
    },
  };
}

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: pgTypes, // JIT compiles short OLTP queries for hundreds of milliseconds when estimates run high: off.
    options: '-c timezone=Asia/Tokyo -c jit=off',
  });
  // An idle connection the server closes (restart, failover, terminated backend) is dropped
  // from the pool and replaced on next use; without a listener it would crash the process.
  pool.on('error', (error) => {
    console.warn(`データベース接続が切断されました（再接続します）: ${error.message}`);
  });
  return pool;
}

export function databaseFromPool(pool: pg.Pool): Database {
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins });
  return {
    db,
    engine: 'postgres',
    pglite: null,
    pool,
    async close() {
      await db.destroy();
    },
  };
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
}

/** Opens the configured engine. The embedded one is locked to this process first. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return databaseFromPool(createPool(options.databaseUrl, options.poolSize));
  const lock: DataDirLock = lockDataDir(options.dataDir);
  try {
    const pglite = await createPGlite(pgliteDirectory(options.dataDir));
    return databaseFromPGlite(pglite, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}
