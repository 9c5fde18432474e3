import { Type } from 'typebox';
import {
  CorrectItemBody,
  errorResponses,
  FreshnessRules,
  IdParams,
  Item,
  ItemListQuery,
  ItemPage,
  ItemParams,
  ItemVersions,
  RecordItemBody,
  SetFreshnessRuleBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['情報'];

export async function informationRoutes(app: App, { information: service }: Services): Promise<void> {
  app.get(
    '/api/persons/:id/items',
    {
      schema: {
        tags,
        summary: '情報のタイムライン（見える区分のみ、新しい順）',
        params: IdParams,
        querystring: ItemListQuery,
        response: { 200: ItemPage, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.list(request.ctx, request.params.id, request.query),
  );
  app.post(
    '/api/persons/:id/items',
    {
      schema: {
        tags,
        summary: '情報を記録（情報源・性質・確かだった日つき）',
        params: IdParams,
        body: RecordItemBody,
        response: { 201: Item, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.record(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/api/items/:id/confirm',
    {
      schema: {
        tags,
        summary: '最新確認（今も正しい）',
        params: ItemParams,
        response: { 200: Item, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.confirm(request.ctx, request.params.id),
  );
  app.post(
    '/api/items/:id/corrections',
    {
      schema: {
        tags,
        summary: '訂正（新しい版を作り、前の版を残す）',
        params: ItemParams,
        body: CorrectItemBody,
        response: { 201: Item, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.correct(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/api/items/:id/versions',
    {
      schema: {
        tags,
        summary: '版の履歴（誰が・いつ・なぜ）',
        params: ItemParams,
        response: { 200: ItemVersions, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ versions: await service.versions(request.ctx, request.params.id) }),
  );
  app.get(
    '/api/freshness-rules',
    {
      schema: {
        tags,
        summary: '区分ごとの見直し間隔（圏域ごとに変更可）',
        querystring: Type.Object(
          { regionId: Type.Optional(Type.String({ format: 'uuid', title: '圏域' })) },
          { additionalProperties: false },
        ),
        response: { 200: FreshnessRules, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({
      regionId: request.query.regionId ?? null,
      rules: await service.rules(request.ctx, request.query.regionId ?? null),
    }),
  );
  app.put(
    '/api/freshness-rules',
    {
      schema: {
        tags,
        summary: '見直し間隔を設定（システム管理者）',
        body: SetFreshnessRuleBody,
        response: { 200: FreshnessRules, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      await service.setRule(request.ctx, request.body);
      return {
        regionId: request.body.regionId,
        rules: await service.rules(request.ctx, request.body.regionId),
      };
    },
  );
}
