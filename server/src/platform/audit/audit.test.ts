import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { systemContext } from '../context.ts';
import { auditCtes, recordAudit, recordAuditAlone } from './audit.ts';
import { AuditSealer } from './audit-sealer.ts';
import { verifyAuditLog } from './audit-verify.ts';

let t: TestApp;
let admin: Agent;
let sealer: AuditSealer;
let checkpointFile: string;

beforeEach(async () => {
  t = await createTestApp();
  checkpointFile = path.join(mkdtempSync(path.join(tmpdir(), 'tsunagu-audit-')), 'checkpoints.jsonl');
  sealer = new AuditSealer({
    db: t.database.db,
    engine: t.database.engine,
    key: t.deps.config.auditKey,
    checkpointFile,
  });
  const org = await createOrganisation(t.database.db);
  admin = await signIn(
    t.app,
    await createUser(t.database.db, { organisationId: org, isSystemAdmin: true }),
    t.clock,
  );
  for (let i = 0; i < 5; i++) await admin.get('/api/staff');
});
afterEach(async () => t.close());

const verify = () => verifyAuditLog(t.database.db, { key: t.deps.config.auditKey, checkpointFile });

/** Tampering as someone with the database owner's rights would: around the append-only triggers. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.database.db.transaction().execute(async (trx) => {
    await sql`alter table audit_events disable trigger user`.execute(trx);
    await sql`alter table audit_seals disable trigger user`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_events enable trigger user`.execute(trx);
    await sql`alter table audit_seals enable trigger user`.execute(trx);
  });
}

async function sealedSeqs(): Promise<string[]> {
  return (
    await t.database.db.selectFrom('auditSeals').select('auditSeq').orderBy('chainPosition').execute()
  ).map((r) => r.auditSeq);
}

describe('the audit log (監査ログ)', () => {
  it('records who, under which organisation, what, on what, from where and the outcome, with the database time', async () => {
    const row = await t.database.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'staff.list')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.actorUserId).toBeTruthy();
    expect(row.actorOrganisationId).toBeTruthy();
    expect(row).toMatchObject({ outcome: 'allowed', ip: '192.0.2.10', targetType: 'organisation' });
    expect(row.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The record time comes from the database clock, not the injected business clock.
    expect(Math.abs(row.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await sealer.sealPending();
    for (const statement of [
      sql`update audit_events set action = 'x'`,
      sql`delete from audit_events`,
      sql`truncate audit_events`,
      sql`delete from audit_seals`,
      sql`update audit_seals set mac = 'x'`,
    ]) {
      await expect(statement.execute(t.database.db)).rejects.toThrow(/append-only/);
    }
  });

  it('seals every row in one chain that verifies, and checkpoints the head outside the database', async () => {
    const sealed = await sealer.sealPending();
    expect(sealed).toBeGreaterThan(5);
    const checkpoint = await sealer.writeCheckpoint();
    expect(checkpoint?.chainPosition).toBe(String(sealed));
    const lines = (await readFile(checkpointFile, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ chainPosition: String(sealed) });
    expect(await verify()).toMatchObject({
      ok: true,
      problems: [],
      sealedRows: String(sealed),
      unsealedRows: '0',
    });
    expect(await t.database.db.selectFrom('auditPending').selectAll().execute()).toEqual([]);
  });

  it('detects a row that was altered', async () => {
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    const seqs = await sealedSeqs();
    await tamper(sql`update audit_events set outcome = 'denied' where seq = ${seqs[3]}`);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'mac_mismatch', seq: seqs[3], chainPosition: '4' });
  });

  it('detects a middle row that was deleted', async () => {
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    const seqs = await sealedSeqs();
    await tamper(sql`delete from audit_events where seq = ${seqs[2]}`);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'missing_row', seq: seqs[2] });
  });

  it('detects a middle row deleted together with its seal', async () => {
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    const seqs = await sealedSeqs();
    await tamper(sql`delete from audit_seals where audit_seq = ${seqs[2]}`);
    await tamper(sql`delete from audit_events where seq = ${seqs[2]}`);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'position_gap', chainPosition: '3' });
  });

  it('detects two rows swapped', async () => {
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    const [, a, b] = await sealedSeqs();
    await tamper(sql`update audit_events x set occurred_at = y.occurred_at, action = y.action, target_type = y.target_type,
        target_id = y.target_id, request_id = y.request_id, details = y.details
      from audit_events y where (x.seq, y.seq) in ((${a}, ${b}), (${b}, ${a}))`);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'mac_mismatch', seq: a });
  });

  it('seals the organisations an event concerns: dropping one, or all, breaks the chain', async () => {
    const victim = await createOrganisation(t.database.db);
    const bystander = await createOrganisation(t.database.db);
    await recordAuditAlone(t.database.db, systemContext('test', 'audit log tests'), {
      action: 'staff.password_reset',
      concernedOrganisationIds: [victim, bystander, victim],
    });
    const row = await t.database.db
      .selectFrom('auditEvents')
      .select(['seq', 'concernedOrganisationIds'])
      .where('action', '=', 'staff.password_reset')
      .executeTakeFirstOrThrow();
    expect(row.concernedOrganisationIds).toEqual([victim, bystander].sort());
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    expect((await verify()).ok).toBe(true);
    await tamper(
      sql`update audit_events set concerned_organisation_ids = array[${bystander}]::uuid[] where seq = ${row.seq}`,
    );
    expect((await verify()).problems[0]).toMatchObject({ kind: 'mac_mismatch', seq: row.seq });
    await tamper(sql`update audit_events set concerned_organisation_ids = null where seq = ${row.seq}`);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'mac_mismatch', seq: row.seq });
  });

  it('detects the newest rows cut off before the last checkpoint', async () => {
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    const seqs = await sealedSeqs();
    const cut = seqs.slice(-3);
    await tamper(sql`delete from audit_seals where audit_seq in (${sql.join(cut)})`);
    await tamper(sql`delete from audit_events where seq in (${sql.join(cut)})`);
    const report = await verify();
    expect(report.problems.map((p) => p.kind)).toEqual(['truncated']);
    expect(report.problems[0]!.chainPosition).toBe(String(seqs.length - 2));
  });

  it('reports rows left unsealed for longer than a minute', async () => {
    await sealer.sealPending();
    await sealer.writeCheckpoint();
    await admin.get('/api/staff'); // not sealed
    expect((await verify()).ok).toBe(true);
    await tamper(
      sql`update audit_events set occurred_at = occurred_at - interval '2 minutes' where seq = (select max(seq) from audit_events)`,
    );
    const report = await verify();
    expect(report.problems.map((p) => p.kind)).toEqual(['unsealed_old']);
  });

  it('fails the request with 503 and returns no personal data when the audit row cannot be written', async () => {
    await sql`alter table audit_pending rename to audit_pending_moved`.execute(t.database.db);
    const response = await admin.get('/api/staff');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(response.body).not.toContain('@test.tsunagu.example');
    await sql`alter table audit_pending_moved rename to audit_pending`.execute(t.database.db);
    expect((await admin.get('/api/staff')).statusCode).toBe(200);
  });

  it('writes details that quote a NUL, a lone surrogate or such a key (jsonb refuses them), marked U+FFFD', async () => {
    const quoted = {
      reason: 'a\u0000b',
      name: 'x\uD800',
      nested: [{ 'k\u0000': '\uDC00' }],
      at: new Date(0),
    };
    // A request's context: the system's would add what job wrote the row to the details.
    const ctx = { kind: 'request', actor: null, ip: null, requestId: 'quoted', userAgent: null } as const;
    await recordAuditAlone(t.database.db, ctx, { action: 'test.quoted', details: quoted });
    const inStatement = auditCtes(
      ctx,
      { action: 'test.quoted_cte', details: quoted, viaEmergency: sql<boolean>`false` },
      { when: sql<boolean>`true` },
    );
    await sql`with ${inStatement} select 1`.execute(t.database.db);
    const rows = await t.database.db
      .selectFrom('auditEvents')
      .select('details')
      .where('action', 'in', ['test.quoted', 'test.quoted_cte'])
      .execute();
    expect(rows.map((r) => r.details)).toEqual(
      Array(2).fill({
        reason: 'a\uFFFDb',
        name: 'x\uFFFD',
        nested: [{ 'k\uFFFD': '\uFFFD' }],
        at: '1970-01-01T00:00:00.000Z',
      }),
    );
  });

  it('lets a system admin filter, page and export the log as CSV, and audits those reads', async () => {
    const page = await admin.get('/api/audit-events?action=staff&limit=2');
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.events).toHaveLength(2);
    expect(body.events[0].action).toBe('staff.list');
    expect(body.events[0].actorName).toBeTruthy();
    const next = await admin.get(`/api/audit-events?action=staff&limit=2&beforeSeq=${body.nextBeforeSeq}`);
    expect(BigInt(next.json().events[0].seq)).toBeLessThan(BigInt(body.events[1].seq));
    const failed = await admin.get('/api/audit-events?outcome=failed');
    expect(failed.json().events).toEqual([]);

    const csv = await admin.get('/api/audit-events.csv?action=staff.list');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body.startsWith('\uFEFFseq,日時,操作者')).toBe(true);
    expect(csv.body.split('\r\n').filter((l) => l.includes('staff.list')).length).toBe(5);
    const audited = await t.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', 'in', ['audit.read', 'audit.export'])
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'audit.export',
      'audit.read',
      'audit.read',
      'audit.read',
    ]);
    expect((await admin.get('/api/audit-events?from=yesterday')).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'from',
    });
  });

  it('exports names, addresses and ids that a spreadsheet would run as formulas as plain text', async () => {
    const org = await createOrganisation(t.database.db, { name: '+1' });
    const user = await createUser(t.database.db, {
      organisationId: org,
      displayName: '=HYPERLINK("http://evil.example/","見る")',
    });
    await recordAudit(
      t.database.db,
      { kind: 'request', actor: null, ip: '@SUM(1+1)', requestId: '\tx', userAgent: null },
      {
        action: 'test.csv_probe',
        actorUserId: user.id,
        actorOrganisationId: org,
        targetType: '\rx',
        targetId: '-2',
      },
    );
    const csv = await admin.get('/api/audit-events.csv?action=test.csv_probe');
    expect(csv.statusCode).toBe(200);
    const [header, row, end] = csv.body.split('\r\n');
    expect(header).toBe(
      '\uFEFFseq,日時,操作者,操作者ID,所属機関,操作,対象種別,対象ID,結果,IPアドレス,リクエストID,詳細,封印済み',
    );
    expect(end).toBe('');
    expect(row).toMatch(/^\d+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00,/);
    expect(row).toContain(
      `,"'=HYPERLINK(""http://evil.example/"",""見る"")",${user.id},'+1,test.csv_probe,"'\rx",'-2,allowed,'@SUM(1+1),'\tx,,いいえ`,
    );
  });

  it('exports times as ISO 8601 with +09:00, and names the file by the Tokyo day', async () => {
    // Rows take the database's clock; this one is placed at 00:37 on 12/8 in Tokyo (15:37 on 12/7 in UTC).
    await sql`insert into audit_events (occurred_at, action, outcome)
      values (${new Date('2026-12-08T00:37:00+09:00')}, 'test.after_midnight', 'allowed')`.execute(
      t.database.db,
    );
    t.clock.set('2026-12-08T00:37:00+09:00');
    const late = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: null, isSystemAdmin: true }),
      t.clock,
    );
    const csv = await late.get('/api/audit-events.csv?action=test.after_midnight');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('filename="tsunagu-audit-2026-12-08.csv"');
    const [header, row] = csv.body.split('\r\n');
    expect(header).toBe(
      '\uFEFFseq,日時,操作者,操作者ID,所属機関,操作,対象種別,対象ID,結果,IPアドレス,リクエストID,詳細,封印済み',
    );
    expect(row).toMatch(/^\d+,2026-12-08T00:37:00\+09:00,,,,test\.after_midnight,/);
    // Every other row's time reads the same way.
    const all = await late.get('/api/audit-events.csv?action=staff.list');
    const times = all.body
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split(',')[1]);
    expect(times).toHaveLength(5);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  });

  it('shows an organisation admin only what was done under their organisation or concerns it', async () => {
    const other = await createOrganisation(t.database.db);
    const orgAdmin = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: other, role: 'org_admin' }),
      t.clock,
    );
    const events = (await orgAdmin.get('/api/audit-events?limit=500')).json().events as {
      actorOrganisationId: string | null;
    }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actorOrganisationId === other)).toBe(true);
    // An event acted elsewhere that names this organisation among those it concerns is shown too.
    await recordAuditAlone(t.database.db, systemContext('test', 'audit log tests'), {
      action: 'membership.invite',
      concernedOrganisationIds: [other],
    });
    const after = (await orgAdmin.get('/api/audit-events?limit=500')).json().events as { action: string }[];
    expect(after.filter((e) => e.action === 'membership.invite')).toHaveLength(1);
  });

  it('verifies through the API for a system admin, who sees the first broken link', async () => {
    const appSealer = new AuditSealer({
      db: t.database.db,
      engine: t.database.engine,
      key: t.deps.config.auditKey,
      checkpointFile: t.deps.config.auditCheckpointFile,
    });
    await appSealer.sealPending();
    await appSealer.writeCheckpoint();
    const clean = await admin.post('/api/audit/verify');
    expect(clean.statusCode).toBe(200);
    expect(clean.json()).toMatchObject({ ok: true, problems: [] });
    const seqs = await sealedSeqs();
    await tamper(sql`update audit_events set ip = '203.0.113.9' where seq = ${seqs[1]}`);
    const broken = (await admin.post('/api/audit/verify')).json();
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]).toMatchObject({ kind: 'mac_mismatch', seq: seqs[1] });
    expect(
      (
        await t.database.db
          .selectFrom('auditEvents')
          .select('details')
          .where('action', '=', 'audit.verify')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).details,
    ).toMatchObject({ ok: false });
  });
});
