import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type BuildOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import type { Deps } from '../src/platform/deps.ts';
import { createDeps } from '../src/platform/runtime.ts';
import type { App } from '../src/platform/http/typed-app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** Fixed secrets for tests; never used outside them. */
export const testSecrets = {
  TSUNAGU_SESSION_SECRET: 'test-session-secret-0123456789abcdefghijklmnop',
  TSUNAGU_AUDIT_KEY: Buffer.alloc(32, 7).toString('base64url'),
  TSUNAGU_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64url'),
};

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-app-'));
  return loadConfig({
    ...testSecrets,
    TSUNAGU_DATA_DIR: dataDir,
    TSUNAGU_CLIENT_DIR: '',
    NODE_ENV: 'test',
    ...overrides,
  });
}

export interface TestApp {
  app: App;
  deps: Deps;
  database: TestDatabase;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The real app on a fresh, migrated database of the engine under test, with a clock the test moves. */
export async function createTestApp(
  options: {
    clock?: ManualClock;
    config?: Record<string, string>;
    demoMode?: boolean;
    /** A database the test prepared (for a child server to take over after); closed with the app. */
    database?: TestDatabase;
    onRoute?: BuildOptions['onRoute'];
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new ManualClock();
  const deps: Deps = createDeps({
    database,
    clock,
    config: testConfig(options.config),
    demoMode: options.demoMode ?? false,
  });
  const app = await buildApp(deps, { onRoute: options.onRoute });
  await app.ready();
  // Live events flow as in a server; jobs run when a test asks (deps.jobs.runDue()), on the test's clock.
  await deps.bus.start();
  return {
    app,
    deps,
    database,
    clock,
    async close() {
      await deps.hub.stop();
      await app.close();
      await deps.jobs.stop();
      await deps.bus.stop();
      await database.close();
    },
  };
}
