import {
  errorResponses,
  Grant,
  GrantList,
  IdParams,
  RecordGrantBody,
  RenewalList,
  WithdrawGrantBody,
} from '@tsunagu/contract';
import { readUpload, sendDownload } from '../../platform/files/uploads.ts';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['同意'];

export async function consentRoutes(app: App, { consent: service }: Services): Promise<void> {
  app.get(
    '/api/persons/:id/grants',
    {
      schema: {
        tags,
        summary: '同意・開示の根拠の一覧',
        params: IdParams,
        response: { 200: GrantList, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ grants: await service.listFor(request.ctx, request.params.id) }),
  );
  app.post(
    '/api/persons/:id/grants',
    {
      schema: {
        tags,
        summary: '同意（または支援会議・法令）を記録（主担当のみ）',
        params: IdParams,
        body: RecordGrantBody,
        response: { 201: Grant, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.record(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/api/grants/:id/withdraw',
    {
      schema: {
        tags,
        summary: '同意を撤回（次のリクエストから効く）',
        params: IdParams,
        body: WithdrawGrantBody,
        response: { 200: Grant, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.withdraw(request.ctx, request.params.id, request.body.note),
  );
  app.put(
    '/api/grants/:id/document',
    {
      schema: {
        tags,
        summary: '同意書のスキャン（PDF・画像）を添付',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: Grant, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => service.attachDocument(request.ctx, request.params.id, await readUpload(request)),
  );
  app.get(
    '/api/grants/:id/document',
    { schema: { tags, summary: '同意書のスキャンをダウンロード', params: IdParams } },
    async (request, reply) => sendDownload(reply, await service.document(request.ctx, request.params.id)),
  );
  app.get(
    '/api/grants/renewals',
    {
      schema: {
        tags,
        summary: '更新が必要な同意（期限切れ・30日以内）',
        response: { 200: RenewalList, ...errorResponses(401) },
      },
    },
    async (request) => ({ renewals: await service.renewals(request.ctx) }),
  );
}
