import {
  CreateDirectoryEntryBody,
  DirectoryEntry,
  DirectorySearchQuery,
  DirectorySearchResult,
  errorResponses,
  IdParams,
  UpdateDirectoryEntryBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['地域の社会資源'];

export async function directoryRoutes(app: App, { directory: service }: Services): Promise<void> {
  app.get(
    '/api/directory',
    {
      schema: {
        tags,
        summary:
          '社会資源の検索（日本語の部分一致、区分・サービス種別・相談の内容・圏域・開いている時間・距離）',
        querystring: DirectorySearchQuery,
        response: { 200: DirectorySearchResult, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.search(request.ctx, request.query),
  );

  app.get(
    '/api/directory/entries/:id',
    {
      schema: {
        tags,
        summary: '社会資源の詳細（サービス、相談の内容、営業時間、最終確認）',
        params: IdParams,
        response: { 200: DirectoryEntry, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );

  app.post(
    '/api/directory/entries',
    {
      schema: {
        tags,
        summary: '社会資源を手入力で登録（アカウントのない機関）',
        body: CreateDirectoryEntryBody,
        response: { 201: DirectoryEntry, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.ctx, request.body)),
  );

  app.patch(
    '/api/directory/entries/:id',
    {
      schema: {
        tags,
        summary: '社会資源の内容を訂正（その機関の職員・システム管理者。訂正は確認を兼ねる）',
        params: IdParams,
        body: UpdateDirectoryEntryBody,
        response: { 200: DirectoryEntry, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.update(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/directory/entries/:id/confirm',
    {
      schema: {
        tags,
        summary: '社会資源の内容を確認した（最終確認の日時と確認者を記録）',
        params: IdParams,
        response: { 200: DirectoryEntry, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.confirm(request.ctx, request.params.id),
  );
}
