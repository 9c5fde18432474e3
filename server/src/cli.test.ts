import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runCli, startChildServer } from '../test/child-server.ts';
import { openDatabase } from './db/database.ts';
import { DEMO_PASSWORD } from './demo/demo-data.ts';
import { hashPassword } from './platform/auth/passwords.ts';
import { searchKeys } from './platform/text/search-key.ts';

/** The `tsunagu` command as a user runs it: a child process on the embedded database. */
const freshDir = () => mkdtempSync(path.join(tmpdir(), 'tsunagu-cli-'));
const strongSecrets = {
  TSUNAGU_SESSION_SECRET: 'a-production-session-secret-that-is-long-enough-1234',
  TSUNAGU_AUDIT_KEY: Buffer.alloc(32, 3).toString('base64url'),
  TSUNAGU_ENCRYPTION_KEY: Buffer.alloc(32, 4).toString('base64url'),
};

describe('the tsunagu command', () => {
  it('prints usage and exits 2 without a command, 0 for help', async () => {
    const none = await runCli([], { TSUNAGU_DATA_DIR: freshDir() });
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('create-admin');
    expect((await runCli(['help'], {})).code).toBe(0);
    const unknown = await runCli(['frobnicate'], { TSUNAGU_DATA_DIR: freshDir() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('不明なコマンド');
  });

  it('creates a system admin from flags, refusing a weak password and a duplicate', async () => {
    const dir = freshDir();
    const weak = await runCli(
      [
        'create-admin',
        '--email',
        'chief@example.org',
        '--password',
        'password123',
        '--name',
        '管理者',
        '--kana',
        'かんりしゃ',
      ],
      { TSUNAGU_DATA_DIR: dir },
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('パスワード');
    const ok = await runCli(
      [
        'create-admin',
        '--email',
        'chief@example.org',
        '--password',
        'umi-to-yama-no-aida-2026',
        '--name',
        '管理 花子',
        '--kana',
        'かんり はなこ',
      ],
      { TSUNAGU_DATA_DIR: dir },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('システム管理者を作成しました');
    const dup = await runCli(
      [
        'create-admin',
        '--email',
        'CHIEF@example.org',
        '--password',
        'umi-to-yama-no-aida-2026',
        '--name',
        'x',
        '--kana',
        'x',
      ],
      { TSUNAGU_DATA_DIR: dir },
    );
    expect(dup.code).toBe(2);
    const migrate = await runCli(['migrate'], { TSUNAGU_DATA_DIR: dir });
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.stdout).toContain('スキーマは最新です');
  });

  it('reports past cross-organisation additions, none on a new installation', async () => {
    const dir = freshDir();
    const text = await runCli(['report', 'memberships'], { TSUNAGU_DATA_DIR: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('追加した記録はありません');
    const json = await runCli(['report', 'memberships', '--json'], { TSUNAGU_DATA_DIR: dir });
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect((await runCli(['report', 'persons'], { TSUNAGU_DATA_DIR: dir })).code).toBe(2);
  });

  it('verifies the audit log: exit 0 when intact, 1 with the first broken link when altered', async () => {
    const dir = freshDir();
    expect((await runCli(['seed', '--demo'], { TSUNAGU_DATA_DIR: dir })).code).toBe(0);
    // Starting and stopping the server seals the queue and writes a checkpoint.
    const server = await startChildServer({ TSUNAGU_DATA_DIR: dir });
    expect(await server.kill('SIGTERM')).toBe(0);
    const intact = await runCli(['audit', 'verify'], { TSUNAGU_DATA_DIR: dir });
    expect(intact.code, intact.stdout + intact.stderr).toBe(0);
    expect(intact.stdout).toContain('改ざんされていません');

    const database = await openDatabase({ databaseUrl: null, dataDir: dir });
    await sql`alter table audit_events disable trigger user`.execute(database.db);
    await sql`update audit_events set details = '{"forged": true}' where seq = (select min(seq) from audit_events)`.execute(
      database.db,
    );
    await database.close();
    const broken = await runCli(['audit', 'verify'], { TSUNAGU_DATA_DIR: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('[mac_mismatch]');
  });

  it('backs up and restores the embedded database, and refuses to back up under a running server', async () => {
    const dir = freshDir();
    expect((await runCli(['seed', '--demo'], { TSUNAGU_DATA_DIR: dir })).code).toBe(0);
    const file = path.join(freshDir(), 'backup.gz');
    const backup = await runCli(['backup', '--out', file], { TSUNAGU_DATA_DIR: dir });
    expect(backup.code, backup.stderr).toBe(0);
    const restored = await runCli(['restore', '--in', file], { TSUNAGU_DATA_DIR: freshDir() });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/復元しました: \d+ 表, \d+ 行/);

    const server = await startChildServer({ TSUNAGU_DATA_DIR: dir });
    const busy = await runCli(['backup', '--out', file], { TSUNAGU_DATA_DIR: dir });
    await server.kill('SIGTERM');
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('使用中');
  });
});

describe('production mode', () => {
  it('refuses to start without its secrets, or with a weak session secret', async () => {
    const missing = await runCli(['serve'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: freshDir(),
      TSUNAGU_SESSION_SECRET: '',
      TSUNAGU_AUDIT_KEY: '',
      TSUNAGU_ENCRYPTION_KEY: '',
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TSUNAGU_SESSION_SECRET');
    const weak = await runCli(['serve'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: freshDir(),
      ...strongSecrets,
      TSUNAGU_SESSION_SECRET: 'changeme',
    });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('weak');
  });

  it('refuses TSUNAGU_TRUST_PROXY=true, saying what to write instead', async () => {
    const refused = await runCli(['serve'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: freshDir(),
      ...strongSecrets,
      TSUNAGU_TRUST_PROXY: 'true',
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('TSUNAGU_TRUST_PROXY=true は使えません');
    expect(refused.stderr).toContain('10.0.0.0/8');
  });

  it('refuses to start with demo data', async () => {
    const dir = freshDir();
    expect((await runCli(['seed', '--demo'], { TSUNAGU_DATA_DIR: dir, ...strongSecrets })).code).toBe(0);
    const refused = await runCli(['serve'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: dir,
      ...strongSecrets,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('デモデータ');
    const seed = await runCli(['seed', '--demo'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: freshDir(),
      ...strongSecrets,
    });
    expect(seed.code).toBe(2);
  });

  it('refuses to start while an administrator keeps a default password, and answers errors without internals', async () => {
    const dir = freshDir();
    expect((await runCli(['migrate'], { TSUNAGU_DATA_DIR: dir, ...strongSecrets })).code).toBe(0);
    const database = await openDatabase({ databaseUrl: null, dataDir: dir });
    const now = new Date();
    await database.db
      .insertInto('users')
      .values({
        email: 'root@example.org',
        displayName: 'root',
        kana: 'るーと',
        ...searchKeys('root', 'るーと'),
        passwordHash: await hashPassword(DEMO_PASSWORD),
        isSystemAdmin: true,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await database.close();
    const refused = await runCli(['serve'], {
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: dir,
      ...strongSecrets,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('既定値');

    const clean = freshDir();
    const server = await startChildServer({
      NODE_ENV: 'production',
      TSUNAGU_DATA_DIR: clean,
      ...strongSecrets,
    });
    try {
      const response = await fetch(`${server.url}/api/nope`);
      const text = await response.text();
      expect(response.status).toBe(404);
      expect(text).not.toMatch(/at .*\.ts|fastify|node_modules|v\d+\.\d+\.\d+/i);
      expect(response.headers.get('server')).toBeNull();
    } finally {
      await server.kill('SIGTERM');
    }
  });
});
