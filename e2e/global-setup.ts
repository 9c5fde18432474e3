import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { clientDist, ensureClientBuilt } from '../scripts/client-build.ts';
import { startChildServer } from '../server/test/child-server.ts';
import { writeTestCertificate } from '../server/test/http-receiver.ts';

/** Builds the client if needed and starts one real server (embedded DB, demo data) for the browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureClientBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-e2e-'));
  // The sign-in ledger and stored browser states shared by every journey (e2e/browser.ts).
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-e2e-state-'));
  project.provide('e2eStateDir', stateDir);
  // A journey's local push service speaks TLS with a test certificate only this server trusts.
  const tls = writeTestCertificate(stateDir);
  project.provide('e2eTls', tls);
  const server = await startChildServer(
    { TSUNAGU_DATA_DIR: dataDir, TSUNAGU_CLIENT_DIR: clientDist, NODE_EXTRA_CA_CERTS: tls.certFile },
    ['--demo'],
  );
  project.provide('baseUrl', server.url);
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
    e2eTls: { certFile: string; keyFile: string };
  }
}
