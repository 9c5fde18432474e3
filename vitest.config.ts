import { defineConfig } from 'vitest/config';

process.env.TSUNAGU_TEST_ENGINE = 'pglite';

/** `npm test`: the server suite on PGlite (needs nothing but npm) and the contract's unit tests. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          exclude: ['server/**/*.pg.test.ts', '**/node_modules/**'],
          globalSetup: ['server/test/global-setup.ts'],
          env: { TSUNAGU_TEST_ENGINE: 'pglite', TZ: 'Asia/Tokyo' },
          testTimeout: 60_000, // child servers start slowly on a busy 2-core machine
          hookTimeout: 60_000,
        },
      },
      {
        test: { name: 'contract', include: ['contract/**/*.test.ts'] },
      },
    ],
  },
});
