import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  createPGlite,
  createPool,
  databaseFromPGlite,
  databaseFromPool,
  type Database,
} from '../src/db/database.ts';

/**
 * Each test file gets its own database, already migrated: on PGlite a copy of a template
 * data directory (npm test), on the PostgreSQL server a database created from a template
 * database (npm run test:pg). The global setup makes the templates once per run.
 */
export const testEngine: 'pglite' | 'postgres' =
  process.env.TSUNAGU_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase extends Database {
  /** The connection string of the test database (PostgreSQL only). */
  url: string | null;
}

export function serverUrl(database = 'postgres'): string {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${database}`;
  return base.toString();
}

let templateBlob: Promise<Blob> | null = null;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine === 'pglite') {
    templateBlob ??= readFile(inject('pgliteTemplate')).then((b) => new Blob([b]));
    const pglite = await createPGlite(undefined, await templateBlob);
    return { ...databaseFromPGlite(pglite), url: null };
  }
  const name = `tsunagu_t_${randomBytes(6).toString('hex')}`;
  await createDatabaseFromTemplate(name, inject('pgTemplate'));
  return onServer(name);
}

/** A database the test created on the PostgreSQL server, dropped when it is closed. */
function onServer(name: string): TestDatabase {
  const url = serverUrl(name);
  const database = databaseFromPool(createPool(url, 10));
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await dropDatabase(name);
    },
  };
}

/**
 * A database of the engine under test with no migration applied, for a test that migrates it step
 * by step (a migration's backfill of rows written under the schema before it).
 */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  if (testEngine === 'pglite') return { ...databaseFromPGlite(await createPGlite(undefined)), url: null };
  const name = `tsunagu_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  return onServer(name);
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  database = 'postgres',
): Promise<T[]> {
  const client = new pg.Client({ connectionString: serverUrl(database) });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

export async function createDatabaseFromTemplate(name: string, template: string): Promise<void> {
  await adminQuery(`create database ${name} template ${template}`);
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists ${name} with (force)`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
