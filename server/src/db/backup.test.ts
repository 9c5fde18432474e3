import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { adminQuery, dropDatabase, serverUrl, testEngine } from '../../test/test-database.ts';
import { testConfig } from '../../test/test-app.ts';
import { loadConfig, type Config } from '../config.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { AuditSealer } from '../platform/audit/audit-sealer.ts';
import { verifyAuditLog } from '../platform/audit/audit-verify.ts';
import { systemContext, type RequestContext } from '../platform/context.ts';
import { backupDatabase, RestoreRefused } from './backup.ts';
import { openMigratedDatabase } from './prepare.ts';
import { restoreInto } from './restore-target.ts';
import type { Tables } from './tables.ts';

/** The rows a test writes itself (a request's context: the system's would add its job to the details). */
const testContext: RequestContext = {
  kind: 'request',
  actor: null,
  ip: null,
  requestId: 'test',
  userAgent: null,
};

const dropAfter: string[] = [];
afterEach(async () => {
  for (const name of dropAfter.splice(0)) await dropDatabase(name);
});

async function tableCounts(db: Kysely<Tables>): Promise<Record<string, number>> {
  const tables = await sql<{
    name: string;
  }>`select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and relkind = 'r' and relname not like 'kysely%' order by relname`.execute(db);
  const counts: Record<string, number> = {};
  for (const t of tables.rows) {
    counts[t.name] = (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.name)}`.execute(db)
    ).rows[0]!.n;
  }
  return counts;
}

/** An embedded installation with demo data and a sealed, checkpointed audit log. */
async function embeddedSource(): Promise<{
  config: Config;
  counts: Record<string, number>;
  file: string;
  users: string[];
}> {
  const config = testConfig();
  const { database } = await openMigratedDatabase(config);
  try {
    await seedDemo(database, config, new Date('2026-11-25T09:00:00+09:00'));
    for (let i = 0; i < 30; i++) {
      await database.db.transaction().execute((trx) =>
        recordAudit(trx, testContext, {
          action: 'test.event',
          details: { i, text: '「本人の言葉」🌸' },
          // Some rows name the organisations they concern: sealed, so the restore must keep them exactly.
          ...(i % 3 === 0 ? { concernedOrganisationIds: [randomUUID(), randomUUID()] } : {}),
        }),
      );
    }
    const sealer = new AuditSealer({
      db: database.db,
      engine: database.engine,
      key: config.auditKey,
      checkpointFile: config.auditCheckpointFile,
    });
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tsunagu-backup-')), 'backup.tsunagu.gz');
    await backupDatabase(database.db, file, systemContext('cli:backup', 'tests of backup and restore'));
    const users = (await database.db.selectFrom('users').select('email').orderBy('email').execute()).map(
      (u) => u.email,
    );
    return { config, counts: await tableCounts(database.db), file, users };
  } finally {
    await database.close();
  }
}

/** Where the backup goes: a new embedded directory (npm test) or an empty PostgreSQL 15 database (test:pg). */
async function target(source: Config): Promise<Config> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-restore-'));
  const env: Record<string, string> = {
    TSUNAGU_SESSION_SECRET: source.sessionSecret,
    TSUNAGU_AUDIT_KEY: source.auditKey.toString('base64url'),
    TSUNAGU_ENCRYPTION_KEY: source.encryptionKey.toString('base64url'),
    TSUNAGU_DATA_DIR: dataDir,
    TSUNAGU_AUDIT_CHECKPOINT_FILE: path.join(dataDir, 'checkpoints.jsonl'),
    TSUNAGU_CLIENT_DIR: '',
  };
  copyFileSync(source.auditCheckpointFile, env.TSUNAGU_AUDIT_CHECKPOINT_FILE!);
  if (testEngine === 'postgres') {
    const name = `tsunagu_restore_${randomBytes(5).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    dropAfter.push(name);
    env.DATABASE_URL = serverUrl(name);
  }
  return loadConfig(env);
}

describe(`backup and restore (embedded → ${testEngine})`, () => {
  it('round-trips every table exactly, keeps the audit chain verifiable, and continues the sequences', async () => {
    const source = await embeddedSource();
    const config = await target(source.config);
    const stats = await restoreInto(config, source.file, { force: false });
    expect(stats.rows).toBe(Object.values(source.counts).reduce((a, b) => a + b, 0));

    const { database } = await openMigratedDatabase(config);
    try {
      expect(await tableCounts(database.db)).toEqual(source.counts);
      expect(
        (await database.db.selectFrom('users').select('email').orderBy('email').execute()).map(
          (u) => u.email,
        ),
      ).toEqual(source.users);
      const event = await database.db
        .selectFrom('auditEvents')
        .select('details')
        .where('action', '=', 'test.event')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      expect(event.details).toEqual({ i: 0, text: '「本人の言葉」🌸' });
      // The backup carries the record that it was taken, by the system (the command), not by anyone.
      const taken = await database.db
        .selectFrom('auditEvents')
        .select(['actorUserId', 'details'])
        .where('action', '=', 'database.backup')
        .execute();
      expect(taken).toEqual([
        {
          actorUserId: null,
          details: {
            file: 'backup.tsunagu.gz',
            system: { job: 'cli:backup', purpose: 'tests of backup and restore' },
          },
        },
      ]);
      const report = await verifyAuditLog(database.db, {
        key: config.auditKey,
        checkpointFile: config.auditCheckpointFile,
      });
      expect(report).toMatchObject({ ok: true, problems: [] });
      const before = await sql<{ max: string }>`select max(seq)::text as max from audit_events`.execute(
        database.db,
      );
      await database.db
        .transaction()
        .execute((trx) => recordAudit(trx, testContext, { action: 'after.restore' }));
      const after = await database.db
        .selectFrom('auditEvents')
        .select('seq')
        .where('action', '=', 'after.restore')
        .executeTakeFirstOrThrow();
      expect(BigInt(after.seq)).toBeGreaterThan(BigInt(before.rows[0]!.max));
    } finally {
      await database.close();
    }

    // A second restore onto data refuses instead of mixing two installations.
    await expect(restoreInto(config, source.file, { force: false })).rejects.toBeInstanceOf(RestoreRefused);
  });

  it('refuses a truncated backup and leaves the target empty', async () => {
    const source = await embeddedSource();
    const lines = gunzipSync(readFileSync(source.file)).toString('utf8').split('\n');
    const cut = path.join(path.dirname(source.file), 'cut.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    const config = await target(source.config);
    await expect(restoreInto(config, cut, { force: true })).rejects.toThrow(/途中で切れています/);
    const { database } = await openMigratedDatabase(config);
    try {
      // Only what the migrations themselves insert (default review intervals) is there.
      const counts = await tableCounts(database.db);
      expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([['freshness_rules', 12]]);
    } finally {
      await database.close();
    }
  });

  it('refuses a file that is not a tsunagu backup', async () => {
    const source = await embeddedSource();
    const bogus = path.join(path.dirname(source.file), 'bogus.gz');
    writeFileSync(bogus, gzipSync('{"hello":"world"}\n'));
    await expect(restoreInto(await target(source.config), bogus, { force: false })).rejects.toThrow(
      /バックアップではありません/,
    );
  });
});
