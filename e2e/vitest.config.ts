import { defineConfig } from 'vitest/config';

/** `npm run e2e`: browser journeys in Debian's Chromium against a real server with the demo data. */
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname + '/..',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // A bound on a hung journey, not a measure of speed: under a CPU-bound neighbour on 2 cores a
    // journey of many screens took most of a minute (issue 13's hunt).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { TZ: 'Asia/Tokyo' },
  },
});
