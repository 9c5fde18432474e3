import {
  CreateOrganisationBody,
  errorResponses,
  IdParams,
  Ok,
  Organisation,
  OrganisationList,
  OrganisationListQuery,
  UpdateOrganisationBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['機関'];

export async function organisationsRoutes(app: App, { organisations: service }: Services): Promise<void> {
  app.get(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: '機関の一覧・検索',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.list(request.ctx, request.query),
  );

  app.get(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: '機関の詳細',
        params: IdParams,
        response: { 200: Organisation, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );

  app.post(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: '機関を登録',
        body: CreateOrganisationBody,
        response: { 201: Organisation, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.ctx, request.body)),
  );

  app.patch(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: '機関の情報を変更',
        params: IdParams,
        body: UpdateOrganisationBody,
        response: { 200: Organisation, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.update(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: '機関を削除（職員がいない場合のみ）',
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
