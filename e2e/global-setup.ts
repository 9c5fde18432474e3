import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { clientDist, ensureClientBuilt } from '../scripts/client-build.ts';
import { startChildServer } from '../server/test/child-server.ts';

/** Builds the client if needed and starts one real server (embedded DB, demo data) for the browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureClientBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-e2e-'));
  const server = await startChildServer({ TSUNAGU_DATA_DIR: dataDir, TSUNAGU_CLIENT_DIR: clientDist }, [
    '--demo',
  ]);
  project.provide('baseUrl', server.url);
  // The sign-in ledger and stored browser states shared by every journey (e2e/browser.ts).
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-e2e-state-'));
  project.provide('e2eStateDir', stateDir);
  return async () => {
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    e2eStateDir: string;
  }
}
