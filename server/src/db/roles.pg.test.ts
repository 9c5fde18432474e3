import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent, runCli, startChildServer, type ChildServer } from '../../test/child-server.ts';
import { adminQuery, dropDatabase, serverUrl } from '../../test/test-database.ts';
import { demoEmail, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { demoTotpSecret } from '../demo/seed-demo.ts';
import { totpCodeAt } from '../platform/auth/totp.ts';

/** PostgreSQL only: the owner/app role split, and several server processes on one database. */
const suffix = randomBytes(4).toString('hex');
const owner = `tsunagu_owner_${suffix}`;
const appRole = `tsunagu_app_${suffix}`;
const dbName = `tsunagu_roles_${suffix}`;
const urlAs = (role: string) => {
  const u = new URL(serverUrl(dbName));
  u.username = role;
  u.password = '';
  return u.toString();
};
const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-roles-'));
const env = {
  DATABASE_URL: urlAs(appRole),
  TSUNAGU_MIGRATION_DATABASE_URL: urlAs(owner),
  TSUNAGU_DATA_DIR: dataDir,
  TSUNAGU_AUDIT_CHECKPOINT_FILE: path.join(dataDir, 'checkpoints.jsonl'),
};
const servers: ChildServer[] = [];

beforeAll(async () => {
  await adminQuery(`create role ${owner} login`);
  await adminQuery(`create role ${appRole} login`);
  await adminQuery(`create database ${dbName} owner ${owner}`);
  // PostgreSQL 15 no longer lets everyone create in public; the owner role owns the schema.
  await adminQuery(`alter schema public owner to ${owner}`, dbName);
  // As the README tells operators: earthdistance is not a trusted extension, so an administrator creates it.
  await adminQuery(`create extension if not exists cube`, dbName);
  await adminQuery(`create extension if not exists earthdistance`, dbName);
  servers.push(await startChildServer(env, ['--demo']));
});

afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  await dropDatabase(dbName);
  await adminQuery(`drop role if exists ${appRole}`);
  await adminQuery(`drop role if exists ${owner}`);
});

async function asApp<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlAs(appRole) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const steps = new Map<string, number>();
/** Signs in a demo account; each TOTP step is used once, so a second sign-in takes the next step. */
async function signIn(url: string, local = 'admin'): Promise<HttpAgent> {
  const agent = new HttpAgent(url);
  expect(
    (await agent.request('POST', '/api/auth/sign-in', { email: demoEmail(local), password: DEMO_PASSWORD }))
      .status,
  ).toBe(200);
  const step = Math.max(Math.floor(Date.now() / 30_000), (steps.get(local) ?? 0) + 1);
  steps.set(local, step);
  const r = await agent.request('POST', '/api/auth/totp', {
    code: totpCodeAt(demoTotpSecret(demoEmail(local)), new Date(step * 30_000)),
  });
  expect(r.status, r.text).toBe(200);
  return agent;
}

describe('database roles (PostgreSQL)', () => {
  it('runs the server as the limited app role after migrating as the owner', async () => {
    const tables = await adminQuery<{ tableowner: string }>(
      `select distinct tableowner from pg_tables where schemaname = 'public'`,
      dbName,
    );
    expect(tables.map((t) => t.tableowner)).toEqual([owner]);
    const agent = await signIn(servers[0]!.url);
    expect(
      (await agent.request('POST', '/api/regions', { level: 'prefecture', name: 'ロール県' })).status,
    ).toBe(201);
  });

  it('refuses the app role UPDATE, DELETE and TRUNCATE on the audit log, but lets it append', async () => {
    await asApp(async (client) => {
      await client.query(`with e as (insert into audit_events (action, outcome) values ('test.append', 'allowed') returning seq)
        insert into audit_pending select seq from e`);
      for (const statement of [
        `update audit_events set action = 'forged'`,
        `delete from audit_events`,
        `truncate audit_events`,
        `update audit_seals set mac = 'forged'`,
        `delete from audit_seals`,
      ]) {
        await expect(client.query(statement), statement).rejects.toMatchObject({ code: '42501' });
      }
      await expect(client.query('alter table audit_events disable trigger user')).rejects.toMatchObject({
        code: '42501',
      });
    });
  });

  it('keeps two server processes on one database in one sealed, verifiable audit chain', async () => {
    servers.push(await startChildServer(env));
    const [a, b] = servers as [ChildServer, ChildServer];
    const agentA = await signIn(a.url, 'soudan');
    const agentB = await signIn(b.url, 'shunin');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? agentA : agentB).request('GET', '/api/staff')),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    for (const s of servers.splice(0)) expect(await s.kill('SIGTERM')).toBe(0);
    const verify = await runCli(['audit', 'verify', '--json'], { ...env, DATABASE_URL: urlAs(owner) });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; unsealedRows: string; sealedRows: string };
    expect(report).toMatchObject({ ok: true, unsealedRows: '0' });
    const total = await adminQuery<{ n: string }>('select count(*)::text as n from audit_events', dbName);
    expect(report.sealedRows).toBe(total[0]!.n);
  });
});
