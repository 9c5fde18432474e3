import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { systemContext } from '../../platform/context.ts';
import { Type } from 'typebox';
import {
  ColumnMapping,
  ColumnMappingList,
  DirectoryImport,
  DirectoryImportList,
  errorResponses,
  IdParams,
  ImportOptions,
  ImportRejectionList,
  SavedColumnMapping,
} from '@tsunagu/contract';
import { AppError, Invalid } from '../../platform/errors.ts';
import { toCsv } from '../../platform/csv.ts';
import { validateValue } from '../../platform/http/validation.ts';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';
import { importLimits } from './import-file.ts';

const tags = ['地域の社会資源'];
const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, title: '件数' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, title: '開始位置' })),
  },
  { additionalProperties: false },
);

/**
 * The upload as a file on disk (never whole in memory), refused past the stated size; the form's
 * text fields, which must come before the file, are its options.
 */
async function receiveUpload(request: FastifyRequest, into: string) {
  if (!request.isMultipart())
    throw new Invalid('file', 'ファイルを multipart/form-data で送ってください。', 'FILE_REQUIRED');
  const part = await request.file({ limits: { fileSize: importLimits.uploadBytes, files: 1, fields: 5 } });
  if (!part) throw new Invalid('file', 'ファイルが添付されていません。', 'FILE_REQUIRED');
  const fields = Object.fromEntries(
    Object.values(part.fields).flatMap((f) =>
      f && !Array.isArray(f) && f.type === 'field' ? [[f.fieldname, String(f.value)]] : [],
    ),
  );
  const options = validateValue<ImportOptions>(ImportOptions, fields);
  const target = path.join(into, 'upload');
  await pipeline(part.file, createWriteStream(target));
  if (part.file.truncated)
    throw new AppError(
      413,
      'FILE_TOO_LARGE',
      `ファイルは ${importLimits.uploadBytes / 1024 / 1024}MB までです。`,
      'file',
    );
  return { options, target, filename: part.filename.slice(0, 200) || 'upload.csv' };
}

export async function directoryImportRoutes(app: App, { directoryImport: service }: Services): Promise<void> {
  // An import is read by the process that received it: one that stops marks its imports
  // interrupted, and one that starts marks those it (or a dead process) left running.
  app.addHook('onReady', async () => {
    await service.interruptAbandoned(
      systemContext('directory-import', '再起動前に取り込み中だった社会資源の取り込みを中断として記録する'),
    );
  });
  app.addHook('onClose', async () => {
    await service.interruptRunning(
      systemContext('directory-import', '停止するプロセスが読んでいる社会資源の取り込みを中断する'),
    );
  });

  app.post(
    '/api/directory/imports',
    {
      schema: {
        tags,
        summary:
          '社会資源の取り込み（multipart: format・importAllRegions・mappingId のあとに file。ZIP か CSV、Shift_JIS か UTF-8、50MB まで）',
        consumes: ['multipart/form-data'],
        response: { 202: DirectoryImport, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const work = await mkdtemp(path.join(tmpdir(), 'tsunagu-upload-'));
      try {
        const upload = await receiveUpload(request, work);
        const { started, run } = await service.start(request.ctx, {
          path: upload.target,
          filename: upload.filename,
          format: upload.options.format,
          importAllRegions: upload.options.importAllRegions === 'true',
          mappingId: upload.options.mappingId,
        });
        // The rows are read after the answer; the page follows the progress. The upload goes with it.
        void run().finally(() => rm(work, { recursive: true, force: true }));
        return reply.status(202).send(started);
      } catch (error) {
        await rm(work, { recursive: true, force: true });
        throw error;
      }
    },
  );

  app.get(
    '/api/directory/imports',
    {
      schema: {
        tags,
        summary: '取り込みの一覧',
        response: { 200: DirectoryImportList, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.list(request.ctx),
  );

  app.get(
    '/api/directory/imports/:id',
    {
      schema: {
        tags,
        summary: '取り込みの進み具合と結果',
        params: IdParams,
        response: { 200: DirectoryImport, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );

  app.get(
    '/api/directory/imports/:id/rejections',
    {
      schema: {
        tags,
        summary: '取り込めなかった行（行番号と理由）',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: ImportRejectionList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.rejections(request.ctx, request.params.id, request.query),
  );

  app.get(
    '/api/directory/imports/:id/rejections.csv',
    {
      schema: {
        tags,
        summary: '取り込めなかった行の CSV',
        params: IdParams,
        response: { 200: Type.String(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { rejections } = await service.rejections(request.ctx, request.params.id, { limit: 1_000_000 });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-rows.csv"`)
        .send(
          toCsv(
            ['行', 'コード', '項目', '理由'],
            rejections.map((r) => [r.line, r.code, r.field, r.message]),
          ),
        );
    },
  );

  app.get(
    '/api/directory/import-mappings',
    {
      schema: {
        tags,
        summary: '汎用CSVの列の対応',
        response: { 200: ColumnMappingList, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.mappings(request.ctx),
  );

  app.post(
    '/api/directory/import-mappings',
    {
      schema: {
        tags,
        summary: '汎用CSVの列の対応を保存（同じ名前なら上書き）',
        body: ColumnMapping,
        response: { 201: SavedColumnMapping, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.saveMapping(request.ctx, request.body)),
  );
}
