import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpAgent, startChildServer, type ChildServer } from '../../test/child-server.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../../test/test-database.ts';
import { demoEmail, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { demoTotpSecret } from '../demo/seed-demo.ts';
import { totpCodeAt } from '../platform/auth/totp.ts';

const children: ChildServer[] = [];
let database: TestDatabase | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill('SIGKILL');
  await database?.close();
  database = null;
});

let lastStep = 0;
/** Signs in as the demo system admin; each TOTP step is used once, so consecutive sign-ins take the next one. */
async function signInAsDemoAdmin(url: string): Promise<HttpAgent> {
  const agent = new HttpAgent(url);
  const first = await agent.request('POST', '/api/auth/sign-in', {
    email: demoEmail('admin'),
    password: DEMO_PASSWORD,
  });
  expect(first.status).toBe(200);
  const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
  lastStep = step;
  const second = await agent.request('POST', '/api/auth/totp', {
    code: totpCodeAt(demoTotpSecret(demoEmail('admin')), new Date(step * 30_000)),
  });
  expect(second.status, second.text).toBe(200);
  return agent;
}

async function engineEnv(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-durable-'));
  if (testEngine === 'postgres') {
    database = await createTestDatabase();
    return { TSUNAGU_DATA_DIR: dataDir, DATABASE_URL: database.url! };
  }
  return { TSUNAGU_DATA_DIR: dataDir };
}

describe(`durability of an acknowledged write (${testEngine})`, () => {
  it('keeps a write answered 2xx after the server is killed with SIGKILL', async () => {
    const env = await engineEnv();
    const first = await startChildServer(env, ['--demo']);
    children.push(first);
    const admin = await signInAsDemoAdmin(first.url);
    const created = await admin.request('POST', '/api/regions', {
      level: 'prefecture',
      name: '耐久テスト県',
    });
    expect(created.status).toBe(201);
    const id = (created.json() as { id: string }).id;
    expect(await first.kill('SIGKILL')).toBe(-1);

    const second = await startChildServer(env, ['--demo']);
    children.push(second);
    const again = await signInAsDemoAdmin(second.url);
    const regions = (await again.request('GET', '/api/regions')).json() as {
      regions: { id: string; name: string }[];
    };
    expect(regions.regions.find((r) => r.id === id)?.name).toBe('耐久テスト県');
  });
});

describe('the embedded database directory lock', () => {
  it('refuses a second server on the same PGlite directory with a clear message, and frees it on exit', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-lock-'));
    const first = await startChildServer({ TSUNAGU_DATA_DIR: dataDir });
    children.push(first);
    const refused = await startChildServer({ TSUNAGU_DATA_DIR: dataDir }).then(
      () => null,
      (error: { exitCode: number; output: string }) => error,
    );
    expect(refused?.exitCode).toBe(2);
    expect(refused?.output).toContain('別の tsunagu プロセス');
    expect(refused?.output).toContain(`pid ${first.process.pid}`);

    // A lock left by a killed process is taken over: its pid no longer runs.
    await first.kill('SIGKILL');
    const third = await startChildServer({ TSUNAGU_DATA_DIR: dataDir });
    children.push(third);
    expect((await fetch(`${third.url}/api/health`)).status).toBe(200);
  });
});
