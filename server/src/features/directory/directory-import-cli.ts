import { hostname } from 'node:os';
import path from 'node:path';
import type { Database } from '../../db/database.ts';
import { systemClock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import { createDirectoryImportService } from './directory-import.service.ts';
import { listRejections } from './directory-import.repository.ts';

/**
 * `tsunagu directory import FILE [--all]`: the same import as the web upload, with a progress bar
 * on the terminal and the rejected rows (line and reason) printed after it. Returns the exit code.
 */
export async function importDirectoryFile(
  database: Database,
  file: string,
  options: { all: boolean; mappingId?: string | undefined },
): Promise<number> {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: '取り込み中 [{bar}] {percentage}% | {rows} 行', hideCursor: true },
    Presets.shades_classic,
  );
  // A name of its own: a server starting on the same database never takes this run for its own.
  const service = createDirectoryImportService(
    { db: database.db, clock: systemClock },
    { workerId: `cli:${hostname()}:${process.pid}` },
  );
  const { started, run } = await service.start(
    systemContext('cli:directory-import', 'コマンドで社会資源の一覧を取り込む'),
    {
      path: file,
      filename: path.basename(file),
      format: options.mappingId ? 'generic' : 'official',
      importAllRegions: options.all,
      mappingId: options.mappingId,
    },
    (p) => bar.update(Math.round((p.bytesRead / Math.max(1, p.bytesTotal)) * 100), { rows: p.rowsRead }),
  );
  bar.start(100, 0, { rows: 0 });
  const done = await run();
  bar.update(100);
  bar.stop();
  console.log(
    `${done.status === 'done' ? '取り込みました' : `取り込みを中断しました: ${done.errorMessage ?? ''}`}（${done.encoding ?? ''}）: ` +
      `新規 ${done.inserted} / 更新 ${done.updated} / 圏域外で対象外 ${done.skipped} / 取り込めなかった行 ${done.rejected}`,
  );
  const { rows } = await listRejections(database.db, started.id, 50, 0);
  for (const r of rows) console.log(`  ${r.line} 行目 [${r.code}] ${r.message}`);
  if (done.rejected > rows.length)
    console.log(`  ほか ${done.rejected - rows.length} 行（画面の「取り込み」で一覧できます）`);
  return done.status === 'done' ? 0 : 1;
}
