import {
  CreateRegionBody,
  errorResponses,
  IdParams,
  Ok,
  Region,
  RegionList,
  UpdateRegionBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['圏域'];

export async function regionsRoutes(app: App, { regions: service }: Services): Promise<void> {
  app.get(
    '/api/regions',
    {
      schema: {
        tags,
        summary: '圏域の一覧（木構造はparentIdで表す）',
        response: { 200: RegionList, ...errorResponses(401) },
      },
    },
    async (request) => ({
      regions: await service.list(request.ctx),
    }),
  );

  app.post(
    '/api/regions',
    {
      schema: {
        tags,
        summary: '圏域を作成',
        body: CreateRegionBody,
        response: { 201: Region, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.ctx, request.body)),
  );

  app.patch(
    '/api/regions/:id',
    {
      schema: {
        tags,
        summary: '圏域を変更',
        params: IdParams,
        body: UpdateRegionBody,
        response: { 200: Region, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.update(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/regions/:id',
    {
      schema: {
        tags,
        summary: '圏域を削除（下位の圏域・担当機関がない場合のみ）',
        params: IdParams,
        response: { 200: Ok, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await service.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );
}
