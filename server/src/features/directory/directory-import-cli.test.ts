import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/child-server.ts';
import { officialCsv, officialRow, zipOf } from '../../../test/directory-fixtures.ts';

describe('tsunagu directory import', () => {
  it('imports a synthetic official ZIP from the command line and lists the rejected rows; a non-CSV is refused with the reason (exit 2, as any refused input)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-directory-cli-'));
    const file = path.join(dir, 'group_home.zip');
    // Synthetic rows in the published layout (test/directory-fixtures.ts); the fresh database has no regions: --all.
    writeFileSync(
      file,
      zipOf({ 'a.csv': officialCsv([officialRow(1), officialRow(2, { 事業所番号: '' })]) }),
    );
    const env = { TSUNAGU_DATA_DIR: path.join(dir, 'data') };
    const run = await runCli(['directory', 'import', file, '--all'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('新規 1 / 更新 0 / 圏域外で対象外 0 / 取り込めなかった行 1');
    expect(run.stdout).toContain('3 行目 [MISSING_OFFICE_NUMBER]');
    const photo = path.join(dir, 'photo.csv');
    writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const refused = await runCli(['directory', 'import', photo], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('CSV ファイル');
  });
});
