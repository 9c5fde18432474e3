import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import {
  officialColumns,
  type ColumnMapping,
  type DirectoryImport,
  type ImportFormat,
  type ImportRejection,
  type MappableField,
  type SavedColumnMapping,
} from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type Context, type RequestContext, type SystemContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, Invalid, NotFound } from '../../platform/errors.ts';
import * as repo from './directory-import.repository.ts';
import { importLimits, prepareCsv, readCsvText, type ImportLimits, type PreparedCsv } from './import-file.ts';
import {
  entryOf,
  isOfficialHeader,
  mappedValues,
  missingColumns,
  municipalityIndex,
  officialValues,
  type FieldValues,
  type ImportedEntry,
  type RowRejection,
} from './import-rows.ts';

/** Rows written per transaction: progress moves, and other requests get the database in between. */
const BATCH = 1000;

/**
 * An import that has written no batch for this long has stopped with its process (a batch of
 * 1,000 rows takes well under a second): any process may then mark it interrupted.
 */
export const IMPORT_STALL_MS = 10 * 60_000;

const INTERRUPTED_MESSAGE =
  'サーバーの停止・再起動で取り込みが中断しました。取り込めた行はそのまま残っています。同じファイルをもう一度取り込むと、残りの行を取り込みます（取り込み済みの行は重複しません）。';

/** Thrown inside a run when its process is stopping. */
class ImportInterrupted extends Error {}

export interface ImportRequest {
  /** The file as uploaded or named on the command line. */
  path: string;
  filename: string;
  format: ImportFormat;
  importAllRegions: boolean;
  mappingId?: string | undefined;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
}

function csvRecords(csv: PreparedCsv, onBytes: (n: number) => void) {
  return readCsvText(csv, onBytes).pipe(
    parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }),
  );
}

/** The header row of a prepared CSV. */
async function readHeader(csv: PreparedCsv): Promise<string[]> {
  const records = csvRecords(csv, () => {});
  try {
    for await (const { record } of records as AsyncIterable<{ record: string[] }>) return record;
  } catch (error) {
    throw error instanceof AppError ? error : new Invalid('file', 'CSV として読めません。', 'NOT_CSV');
  } finally {
    records.destroy();
  }
  throw new Invalid('file', 'CSV に行がありません。', 'FILE_EMPTY');
}

function toImport(row: repo.ImportRow): DirectoryImport {
  return {
    ...row,
    bytesTotal: Number(row.bytesTotal),
    bytesRead: Number(row.bytesRead),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * 取り込み: the official open data of 障害福祉サービス等情報公表システム as published (ZIP or CSV,
 * Shift_JIS or UTF-8), or a generic CSV through a saved column mapping. Everything that can refuse
 * a file does so before the import is recorded; rows are then read as a stream and written in
 * batches, each one transaction with its progress and audit row. Rows outside the installation's
 * municipalities are skipped and counted unless every row is asked for; rows that cannot be an
 * entry are reported by line with the reason.
 */
export function createDirectoryImportService(
  deps: Pick<Deps, 'db' | 'clock'>,
  options: { workerId: string; limits?: ImportLimits },
) {
  const { db, clock } = deps;
  const { workerId, limits = importLimits } = options;
  /** The imports this process is reading now, to stop them when it stops. */
  const running = new Map<string, { stop: AbortController; settled: Promise<unknown> }>();

  /** Marks interrupted what no process reads any more (`own`: also this worker's from a previous life). */
  const interruptAbandoned = (own: boolean) => {
    const now = clock.now();
    return repo.interruptImports(db, {
      workerId: own ? workerId : null,
      staleBefore: new Date(now.getTime() - IMPORT_STALL_MS),
      except: [...running.keys()],
      message: INTERRUPTED_MESSAGE,
      now,
    });
  };

  async function mappingOf(format: ImportFormat, mappingId: string | undefined) {
    if (format === 'official') return null;
    if (!mappingId)
      throw new Invalid('mappingId', '汎用 CSV には列の対応を選んでください。', 'MAPPING_REQUIRED');
    const mapping = await repo.findMapping(db, mappingId);
    if (!mapping) throw new Invalid('mappingId', '列の対応が見つかりません。', 'UNKNOWN_MAPPING');
    return mapping;
  }

  /**
   * Checks the file and records the import. Returns the import and the work that reads its rows
   * (the web answers at once and lets it run; the command line waits on it with a progress bar).
   */
  async function start(
    ctx: Context,
    request: ImportRequest,
    onProgress: (p: ImportProgress) => void = () => {},
  ): Promise<{ started: DirectoryImport; run: () => Promise<DirectoryImport> }> {
    // The command line runs as the system (the operator of the installation); a request asks the policy.
    if (ctx.kind === 'request') await requireAbility(db, ctx, 'directory.import');
    const mapping = await mappingOf(request.format, request.mappingId);
    const work = await mkdtemp(path.join(tmpdir(), 'tsunagu-import-'));
    const cleanUp = () => rm(work, { recursive: true, force: true });
    try {
      const csv = await prepareCsv(request.path, path.join(work, 'unzipped.csv'), limits);
      const header = await readHeader(csv);
      let valuesOf: (record: readonly string[]) => FieldValues;
      if (request.format === 'official') {
        if (!isOfficialHeader(header))
          throw new Invalid(
            'file',
            `障害福祉サービス等情報公表システムのオープンデータの列（${officialColumns.length} 列、先頭は「${officialColumns[0]}」）ではありません。`,
            'NOT_OFFICIAL_LAYOUT',
          );
        valuesOf = officialValues;
      } else {
        const columns = mapping!.columns as Partial<Record<MappableField, string>>;
        const missing = missingColumns(header, columns);
        if (missing.length > 0)
          throw new Invalid(
            'file',
            `列の対応にある列「${missing.join('」「')}」がファイルにありません。`,
            'MAPPED_COLUMN_MISSING',
          );
        valuesOf = mappedValues(header, columns);
      }
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertImport(trx, {
          format: request.format,
          filename: request.filename,
          encoding: csv.encoding === 'cp932' ? 'Shift_JIS (CP932)' : csv.bom ? 'UTF-8 (BOM)' : 'UTF-8',
          mappingId: mapping?.id ?? null,
          importsAllRegions: request.importAllRegions,
          bytesTotal: csv.bytes,
          startedByUserId: ctx.actor?.userId ?? null,
          workerId,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'directory.import_start',
          targetType: 'directory_import',
          targetId: id,
          details: {
            format: request.format,
            filename: request.filename,
            importsAllRegions: request.importAllRegions,
          },
        });
        return id;
      });
      const started = toImport((await repo.findImport(db, id))!);
      // The import's last write returns it: nothing touches the database after it is finished.
      const stop = new AbortController();
      const read = async (): Promise<DirectoryImport> => {
        try {
          return toImport(await readRows(ctx, id, csv, valuesOf, request, onProgress, stop.signal));
        } catch (error) {
          const known = error instanceof AppError ? error : null;
          const end =
            error instanceof ImportInterrupted
              ? ({
                  status: 'interrupted',
                  errorCode: 'IMPORT_INTERRUPTED',
                  errorMessage: INTERRUPTED_MESSAGE,
                } as const)
              : ({
                  status: 'failed',
                  errorCode: known?.code ?? 'IMPORT_FAILED',
                  errorMessage:
                    known?.message ?? '取り込み中にエラーが起きました。取り込めた行はそのまま残っています。',
                } as const);
          return toImport(await repo.finishImport(db, id, { ...end, now: clock.now() }));
        } finally {
          running.delete(id);
          await cleanUp();
        }
      };
      const run = () => {
        const settled = read();
        running.set(id, { stop, settled });
        return settled;
      };
      return { started, run };
    } catch (error) {
      await cleanUp();
      throw error;
    }
  }

  async function readRows(
    ctx: Context,
    id: string,
    csv: PreparedCsv,
    valuesOf: (record: readonly string[]) => FieldValues,
    request: ImportRequest,
    onProgress: (p: ImportProgress) => void,
    stopping: AbortSignal,
  ): Promise<repo.ImportRow> {
    const places = municipalityIndex(await repo.listMunicipalities(db));
    const official = request.format === 'official';
    const prefix = official ? 'wam' : `csv:${request.mappingId ?? ''}`;
    let bytesRead = 0;
    let batch: (ImportedEntry & { regionId: string | null })[] = [];
    let rejections: RowRejection[] = [];
    let skipped = 0;
    let rowsRead = 0;
    let previousEnd = 0;
    let emptyLines = 0;
    let isHeader = true;

    const flush = async () => {
      // A key twice in one batch: the later row stands, the earlier is reported.
      const last = new Map(batch.map((r, i) => [r.sourceKey, i]));
      const kept = batch.filter((r, i) => last.get(r.sourceKey) === i);
      for (const r of batch.filter((r, i) => last.get(r.sourceKey) !== i))
        rejections.push({
          line: r.line,
          code: 'DUPLICATE_ROW',
          field: '事業所番号',
          message: '同じ事業所番号とサービス種別の行が後にもあるため、後の行を取り込みました。',
        });
      await db.transaction().execute(async (trx) => {
        const counts = await repo.upsertEntries(trx, id, kept, clock.now());
        await repo.insertRejections(trx, id, rejections);
        await repo.addProgress(trx, id, {
          now: clock.now(),
          bytesRead,
          rowsRead,
          skipped,
          rejected: rejections.length,
          ...counts,
        });
        await recordAudit(trx, ctx, {
          action: 'directory.import_batch',
          targetType: 'directory_import',
          targetId: id,
          details: { ...counts, rows: rowsRead, skipped, rejected: rejections.length },
        });
      });
      onProgress({ bytesRead, bytesTotal: csv.bytes, rowsRead });
      batch = [];
      rejections = [];
      skipped = 0;
      rowsRead = 0;
    };

    const records = csvRecords(csv, (n) => (bytesRead += n));
    try {
      for await (const { record, info } of records as AsyncIterable<{
        record: string[];
        info: { empty_lines: number };
      }>) {
        // Stopped between rows: the batches written stay, and a re-import finishes the job.
        if (stopping.aborted) throw new ImportInterrupted();
        // The file's own line numbers: csv-parse's count takes a CRLF inside quotes for two lines,
        // so lines are counted here from the breaks inside the record's fields and the empty lines.
        const line = previousEnd + 1 + (info.empty_lines - emptyLines);
        emptyLines = info.empty_lines;
        previousEnd = line + record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        if (isHeader) {
          isHeader = false;
          continue;
        }
        rowsRead++;
        if (official && record.length < officialColumns.length) {
          rejections.push({
            line,
            code: 'COLUMN_COUNT',
            field: null,
            message: `列が ${record.length} 個しかありません（${officialColumns.length} 列が必要です）。`,
          });
        } else {
          const result = entryOf(valuesOf(record), line, { prefix, needsOfficeNumber: official });
          if ('code' in result) rejections.push(result);
          else {
            const regionId = places.regionOf(result);
            if (regionId === null && !request.importAllRegions) skipped++;
            else batch.push({ ...result, regionId });
          }
        }
        if (batch.length + rejections.length + skipped >= BATCH) await flush();
      }
    } catch (error) {
      if (error instanceof AppError || error instanceof ImportInterrupted) throw error;
      const where = error instanceof Error && 'lines' in error ? `${String(error.lines)} 行目付近: ` : '';
      throw new Invalid(
        'file',
        `${where}CSV として読めない箇所があります（閉じていない引用符など）。`,
        'CSV_MALFORMED',
      );
    }
    await flush();
    return repo.finishImport(db, id, { status: 'done', bytesRead, now: clock.now() });
  }

  return {
    start,

    /** At start-up: this worker's imports from before a restart, and stalled ones, are interrupted. */
    async interruptAbandoned(_ctx: SystemContext): Promise<number> {
      return interruptAbandoned(true);
    },

    /** At shutdown: stops the imports this process reads and waits until each is marked interrupted. */
    async interruptRunning(_ctx: SystemContext): Promise<void> {
      const runs = [...running.values()];
      for (const r of runs) r.stop.abort();
      await Promise.allSettled(runs.map((r) => r.settled));
    },

    async get(ctx: RequestContext, id: string): Promise<DirectoryImport> {
      await requireAbility(db, ctx, 'directory.import');
      // A page following an import whose process died sees it stop instead of waiting for ever.
      await interruptAbandoned(false);
      const row = await repo.findImport(db, id);
      if (!row) throw new NotFound('取り込み');
      return toImport(row);
    },

    async list(ctx: RequestContext): Promise<{ imports: DirectoryImport[] }> {
      await requireAbility(db, ctx, 'directory.import');
      await interruptAbandoned(false);
      return { imports: (await repo.listImports(db)).map(toImport) };
    },

    async rejections(
      ctx: RequestContext,
      id: string,
      page: { limit?: number | undefined; offset?: number | undefined },
    ): Promise<{ rejections: ImportRejection[]; total: number }> {
      await this.get(ctx, id);
      const { rows, total } = await repo.listRejections(db, id, page.limit ?? 100, page.offset ?? 0);
      return { rejections: rows.map(({ total: _t, ...r }) => r), total };
    },

    async mappings(ctx: RequestContext): Promise<{ mappings: SavedColumnMapping[] }> {
      await requireAbility(db, ctx, 'directory.import');
      return { mappings: await repo.listMappings(db) };
    },

    async saveMapping(ctx: RequestContext, body: ColumnMapping): Promise<SavedColumnMapping> {
      await requireAbility(db, ctx, 'directory.import');
      if (!body.columns.name)
        throw new Invalid('columns.name', '名称の列を対応づけてください。', 'MAPPING_WITHOUT_NAME');
      const columns = Object.fromEntries(Object.entries(body.columns).filter(([, v]) => v !== undefined));
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.saveMapping(trx, {
          name: body.name,
          columns,
          userId: actorOf(ctx).userId,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'directory.mapping_save',
          targetType: 'directory_import_mapping',
          targetId: id,
        });
        return id;
      });
      return { id, name: body.name, columns };
    },
  };
}

export type DirectoryImportService = ReturnType<typeof createDirectoryImportService>;
