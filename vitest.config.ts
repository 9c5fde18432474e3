import { defineConfig } from 'vitest/config';
import { ChildProcessesFirst } from './server/test/sequencer.ts';

process.env.TSUNAGU_TEST_ENGINE = 'pglite';

/** `npm test`: the server suite on PGlite (needs nothing but npm) and the contract's unit tests. */
export default defineConfig({
  test: {
    // One worker per core (Vitest leaves one core free by default, which on a 2-core CI machine
    // runs the files one at a time): the files spend much of their time waiting on child
    // processes, timers and the database.
    maxWorkers: '100%',
    sequence: { sequencer: ChildProcessesFirst },
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          exclude: ['server/**/*.pg.test.ts', '**/node_modules/**'],
          globalSetup: ['server/test/global-setup.ts'],
          env: { TSUNAGU_TEST_ENGINE: 'pglite', TZ: 'Asia/Tokyo' },
          // A worker keeps the modules it loaded from one file to the next (each test still gets
          // its own database and app): loading the app again for every file cost about a second.
          isolate: false,
          // A bound on a hung test, not a measure of speed (benchmarks measure speed): on a 2-core
          // machine shared with other work, seeding the demo, backups and child servers ran 4× slower
          // than on a quiet one, and 60 s was exceeded (issue 13's hunt).
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: { name: 'contract', include: ['contract/**/*.test.ts'] },
      },
    ],
  },
});
