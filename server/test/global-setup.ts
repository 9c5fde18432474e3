import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createPGlite, createPool, databaseFromPGlite, databaseFromPool } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { adminQuery, dropDatabase, serverUrl, testEngine } from './test-database.ts';

/**
 * Builds the migrated template database of the engine under test once per test run (migrations
 * from zero, every run). Only that engine's: child servers make their own embedded databases.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-test-'));
  let template: string | null = null;
  if (testEngine === 'postgres') {
    template = `tsunagu_tpl_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${template}`);
    const database = databaseFromPool(createPool(serverUrl(template), 2));
    await migrateToLatest(database.db);
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplate', '');
  } else {
    const pglite = await createPGlite(undefined);
    const embedded = databaseFromPGlite(pglite);
    await migrateToLatest(embedded.db);
    const file = path.join(dir, 'template.pgdata');
    await writeFile(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    await embedded.close();
    project.provide('pgliteTemplate', file);
    project.provide('pgTemplate', '');
  }
  return async () => {
    if (template) await dropDatabase(template);
    await rm(dir, { recursive: true, force: true });
  };
}
