import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { createPool, databaseFromPool, openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Tables } from '../src/db/tables.ts';
import { systemClock } from '../src/platform/clock.ts';
import { JobQueue, type EnqueueRequest } from '../src/platform/jobs/job-queue.ts';
import type { TestJobLine } from '../src/platform/jobs/test-jobs.ts';
import { createUser, type TestUser } from './factories.ts';
import { createDatabaseFromTemplate, dropDatabase, serverUrl, testEngine } from './test-database.ts';

export interface JobWorld {
  /** Environment for child servers on this database, with the test queues on (TSUNAGU_TEST_JOBS=1). */
  env: Record<string, string>;
  /** A system administrator: told of failed and overdue jobs, may read the status page. */
  admin: TestUser;
  /** Works on the database the child servers run on (for the embedded engine: while none runs). */
  use<T>(work: (db: Kysely<Tables>, database: Database) => Promise<T>): Promise<T>;
  /** Enqueues jobs as a server would (keys taken in job_keys); for the embedded engine, while no child runs. */
  enqueue(requests: readonly EnqueueRequest[]): Promise<void>;
  /** What the test queues' handlers did, in order, across the child servers' lives. */
  log(): TestJobLine[];
  dispose(): Promise<void>;
}

/**
 * A database for child servers that run the test queues (platform/jobs/test-jobs.ts): the engine
 * under test (a PGlite directory, or a database of the PostgreSQL server), migrated, with one
 * system administrator.
 */
export async function prepareJobWorld(): Promise<JobWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-jobs-'));
  let url: string | null = null;
  if (testEngine === 'postgres') {
    const name = `tsunagu_j_${randomBytes(6).toString('hex')}`;
    await createDatabaseFromTemplate(name, inject('pgTemplate'));
    url = serverUrl(name);
  }
  const open = () =>
    url
      ? Promise.resolve(databaseFromPool(createPool(url, 2)))
      : openDatabase({ databaseUrl: null, dataDir });
  async function use<T>(work: (db: Kysely<Tables>, database: Database) => Promise<T>): Promise<T> {
    const database = await open();
    try {
      return await work(database.db, database);
    } finally {
      await database.close();
    }
  }
  const admin = await use(async (db) => {
    if (!url) await migrateToLatest(db);
    return createUser(db, { organisationId: null, isSystemAdmin: true });
  });
  const logFile = path.join(dataDir, 'test-jobs.log');
  return {
    env: { TSUNAGU_DATA_DIR: dataDir, TSUNAGU_TEST_JOBS: '1', ...(url ? { DATABASE_URL: url } : {}) },
    admin,
    use,
    enqueue: (requests) =>
      use(async (db) => void (await new JobQueue({ db, clock: systemClock }).enqueueMany(db, requests))),
    log: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as TestJobLine)
        : [],
    dispose: async () => {
      if (url) await dropDatabase(new URL(url).pathname.slice(1));
    },
  };
}
