import { defineConfig } from 'vitest/config';

/** `npm run e2e`: browser journeys in Debian's Chromium against a real server with the demo data. */
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname + '/..',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { TZ: 'Asia/Tokyo' },
  },
});
