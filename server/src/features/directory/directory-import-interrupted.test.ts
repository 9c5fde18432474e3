import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { systemContext } from '../../platform/context.ts';
import type { Agent } from '../../../test/agent.ts';
import { officialCsv, officialRow } from '../../../test/directory-fixtures.ts';
import { createUser, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createDirectoryImportService, IMPORT_STALL_MS } from './directory-import.service.ts';

// An import stopped with its process (a restart, a crash, a killed command) must not stay
// 「取り込み中」 for ever, and importing the same file again must finish the job.

let t: TestApp;
let admin: Agent;

beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
});
afterEach(async () => t.close());

function fileOf(rows: number): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tsunagu-interrupt-')), 'group_home.csv');
  writeFileSync(file, officialCsv(Array.from({ length: rows }, (_, i) => officialRow(i + 1))));
  return file;
}

async function insertRunning(workerId: string, progressedAt: Date): Promise<string> {
  const row = await t.database.db
    .insertInto('directoryImports')
    .values({
      format: 'official',
      filename: `${workerId}.zip`,
      encoding: null,
      mappingId: null,
      importsAllRegions: false,
      status: 'running',
      bytesTotal: 100,
      errorCode: null,
      errorMessage: null,
      startedByUserId: null,
      workerId,
      progressedAt,
      createdAt: progressedAt,
      finishedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const statusOf = async (): Promise<Record<string, string>> =>
  Object.fromEntries(
    (await admin.get('/api/directory/imports'))
      .json()
      .imports.map((i: { filename: string; status: string }) => [i.filename, i.status]),
  );

describe('interrupted directory imports', () => {
  it('a process that stops marks its import interrupted after the batches written; importing again finishes it', async () => {
    const service = createDirectoryImportService(t.deps, { workerId: 'this-process' });
    const file = fileOf(2500);
    const request = {
      path: file,
      filename: 'group_home.csv',
      format: 'official' as const,
      importAllRegions: true,
    };
    // The process starts stopping once the first batch of 1,000 rows is written.
    const first = await service.start(
      systemContext('test', 'directory import interrupted by a stopping process'),
      request,
      () => void service.interruptRunning(systemContext('test', 'the process stops')),
    );
    const stopped = await first.run();
    expect(stopped).toMatchObject({
      status: 'interrupted',
      errorCode: 'IMPORT_INTERRUPTED',
      inserted: 1000,
      rejected: 0,
    });
    expect(stopped.errorMessage).toContain('もう一度取り込む');
    expect(stopped.finishedAt).not.toBeNull();

    const again = await service.start(
      systemContext('test', 'directory import interrupted by a stopping process'),
      request,
    );
    const done = await again.run();
    expect(done).toMatchObject({ status: 'done', inserted: 1500, updated: 0, rowsRead: 2500 });
    const total = (await admin.get('/api/directory?q=' + encodeURIComponent('グループホーム'))).json().total;
    expect(total).toBe(2500);
  });

  it('on start-up a server marks its own running imports and stalled ones interrupted, not another live one', async () => {
    const now = t.clock.now();
    await insertRunning(t.deps.config.workerId, now);
    await insertRunning('gone-worker', new Date(now.getTime() - IMPORT_STALL_MS - 1000));
    await insertRunning('live-worker', new Date(now.getTime() - 60_000));

    // The server starts again under the same worker name.
    const restarted = await buildApp(t.deps, { logger: false });
    await restarted.ready();
    await restarted.close();
    const rows = await t.database.db
      .selectFrom('directoryImports')
      .select(['filename', 'status', 'errorCode'])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.filename, [r.status, r.errorCode]]))).toEqual({
      'gone-worker.zip': ['interrupted', 'IMPORT_INTERRUPTED'],
      'live-worker.zip': ['running', null],
      [`${t.deps.config.workerId}.zip`]: ['interrupted', 'IMPORT_INTERRUPTED'],
    });

    // The other process never writes again: the list shows it stopped once it has stalled.
    expect((await statusOf())['live-worker.zip']).toBe('running');
    t.clock.advance(IMPORT_STALL_MS);
    expect((await statusOf())['live-worker.zip']).toBe('interrupted');
  });
});
