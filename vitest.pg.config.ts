import { defineConfig } from 'vitest/config';
import { ChildProcessesFirst } from './server/test/sequencer.ts';

// The global setup (template databases) runs in this process, not in the test workers.
process.env.TSUNAGU_TEST_ENGINE = 'postgres';
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `npm run test:pg`: the same server suite on the PostgreSQL server given by DATABASE_URL,
 * plus the tests only a server can host (*.pg.test.ts: several processes, database roles).
 */
export default defineConfig({
  test: {
    name: 'server-pg',
    // As in vitest.config.ts: one worker per core, child processes first, modules kept per worker.
    maxWorkers: '100%',
    isolate: false,
    sequence: { sequencer: ChildProcessesFirst },
    include: ['server/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['server/test/global-setup.ts'],
    env: {
      TSUNAGU_TEST_ENGINE: 'postgres',
      DATABASE_URL: process.env.DATABASE_URL,
      TZ: 'Asia/Tokyo',
    },
    // A bound on a hung test, not a measure of speed (benchmarks measure speed): on a 2-core
    // machine shared with other work, seeding the demo, backups and child servers ran 4× slower
    // than on a quiet one, and 60 s was exceeded (issue 13's hunt).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
