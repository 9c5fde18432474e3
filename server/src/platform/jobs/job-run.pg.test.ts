import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { startJobRun } from './job-run.ts';

/** What only a PostgreSQL server does: PGlite runs statements on the event loop and ignores statement_timeout. */
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

describe('a job’s transaction on PostgreSQL', () => {
  it('ends a statement that would outlive the job at the job’s deadline (SET LOCAL statement_timeout)', async () => {
    const { run, end } = startJobRun(database.db, 300);
    const started = Date.now();
    await expect(run.transaction((trx) => sql`select pg_sleep(5)`.execute(trx))).rejects.toMatchObject({
      code: '57014',
    });
    end();
    expect(Date.now() - started).toBeLessThan(2_000);
    // The setting was local to that transaction: the pooled connection is back to no limit.
    const setting = await sql<{ t: string }>`select current_setting('statement_timeout') as t`.execute(
      database.db,
    );
    expect(setting.rows).toEqual([{ t: '0' }]);
  });
});
