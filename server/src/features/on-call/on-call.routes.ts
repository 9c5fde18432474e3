import {
  Coverage,
  CoverageOrganisations,
  CoverageQuery,
  CreatedShifts,
  CreateShiftBody,
  CreateSwapRequestBody,
  errorResponses,
  IdParams,
  MyDuty,
  OnCallNow,
  OnCallNowQuery,
  OnCallShiftDetail,
  ShiftList,
  SetCoverageOrganisationsBody,
  ShiftListQuery,
  SwapRequest,
  SwapRequestList,
  UpdateShiftBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['当番表'];

export async function onCallRoutes(
  app: App,
  { onCall: service, coverageSettings, myDuty }: Services,
): Promise<void> {
  app.get(
    '/api/on-call/my-duty',
    {
      schema: {
        tags,
        summary: '自分が今入っている当番（主・副、いつまで、当番の電話）',
        response: { 200: MyDuty, ...errorResponses(401) },
      },
    },
    async (request) => myDuty.myDuty(request.ctx),
  );

  app.get(
    '/api/on-call/now',
    {
      schema: {
        tags,
        summary: '今の当番（自機関の担当圏域、または指定した圏域）',
        querystring: OnCallNowQuery,
        response: { 200: OnCallNow, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.now(request.ctx, request.query.regionId),
  );

  app.get(
    '/api/on-call/coverage',
    {
      schema: {
        tags,
        summary: '当番の空白（当番が必要なのに誰もいない時間帯）',
        querystring: CoverageQuery,
        response: { 200: Coverage, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.coverage(request.ctx, request.query),
  );

  app.get(
    '/api/regions/:id/coverage-organisations',
    {
      schema: {
        tags,
        summary: '当番が必要な時間を決める機関（どれかが閉まっている時間は当番が必要）',
        params: IdParams,
        response: { 200: CoverageOrganisations, ...errorResponses(401, 404) },
      },
    },
    async (request) => coverageSettings.read(request.ctx, request.params.id),
  );

  app.put(
    '/api/regions/:id/coverage-organisations',
    {
      schema: {
        tags,
        summary: '当番が必要な時間を決める機関を選ぶ（システム管理者。空にすると既定: 市町村の担当課と基幹）',
        params: IdParams,
        body: SetCoverageOrganisationsBody,
        response: { 200: CoverageOrganisations, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => coverageSettings.choose(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/on-call/shifts',
    {
      schema: {
        tags,
        summary: '期間内の当番（機関・圏域で絞り込み、62 日まで）',
        querystring: ShiftListQuery,
        response: { 200: ShiftList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.list(request.ctx, request.query),
  );

  app.post(
    '/api/on-call/shifts',
    {
      schema: {
        tags,
        summary: '当番を登録（繰り返しも可）',
        body: CreateShiftBody,
        response: { 201: CreatedShifts, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.ctx, request.body)),
  );

  app.get(
    '/api/on-call/shifts/:id',
    {
      schema: {
        tags,
        summary: '当番の詳細・履歴・交代の依頼',
        params: IdParams,
        response: { 200: OnCallShiftDetail, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.detail(request.ctx, request.params.id),
  );

  app.patch(
    '/api/on-call/shifts/:id',
    {
      schema: {
        tags,
        summary: '当番を変更（担当者の付け替えを含む）',
        params: IdParams,
        body: UpdateShiftBody,
        response: { 200: OnCallShiftDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.update(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/on-call/shifts/:id',
    {
      schema: {
        tags,
        summary: '当番を取り消す（履歴は残る）',
        params: IdParams,
        response: { 200: OnCallShiftDetail, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.cancel(request.ctx, request.params.id),
  );

  app.post(
    '/api/on-call/shifts/:id/swap-requests',
    {
      schema: {
        tags,
        summary: '交代を依頼する（当番の担当者から同じ機関の職員へ）',
        params: IdParams,
        body: CreateSwapRequestBody,
        response: { 201: SwapRequest, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.requestSwap(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/on-call/swap-requests',
    {
      schema: {
        tags,
        summary: '自分に関わる交代の依頼（機関管理者は自機関のすべて）',
        response: { 200: SwapRequestList, ...errorResponses(401) },
      },
    },
    async (request) => service.mySwapRequests(request.ctx),
  );

  for (const [path, summary, decide] of [
    ['accept', '交代を引き受ける', service.accept],
    ['decline', '交代を断る', service.decline],
    ['withdraw', '交代の依頼を取り下げる', service.withdraw],
  ] as const) {
    app.post(
      `/api/on-call/swap-requests/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          response: { 200: SwapRequest, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request) => decide(request.ctx, request.params.id),
    );
  }
}
