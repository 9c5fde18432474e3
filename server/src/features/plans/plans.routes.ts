import type { TSchema } from 'typebox';
import {
  AgreementBody,
  ConfirmBody,
  ConfirmResult,
  CrisisPlanBody,
  CrisisPlanView,
  DeliveryBody,
  errorResponses,
  IdParams,
  MeetingBody,
  MonitoringBody,
  MonitoringParams,
  Plan,
  PlanCreated,
  PlanDiff,
  PlanDiffQuery,
  PlanList,
  PlanParams,
  PlanPdfQuery,
  PlanVersionDetail,
  PlanVersionParams,
  ServiceUsePlanBody,
  SupportPlanBody,
} from '@tsunagu/contract';
import { sendDownload } from '../../platform/files/uploads.ts';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['計画'];
const created = { 201: PlanCreated, ...errorResponses(400, 401, 403, 404, 409) };

export async function plansRoutes(app: App, { plans: service }: Services): Promise<void> {
  app.get(
    '/api/persons/:id/plans',
    {
      schema: {
        tags,
        summary: '本人の計画の一覧（同意のある区分の計画だけ）',
        params: IdParams,
        response: { 200: PlanList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.list(request.ctx, request.params.id),
  );
  app.get(
    '/api/persons/:id/crisis-plan',
    {
      schema: {
        tags,
        summary: 'クライシスプラン（確定した版、なければその旨）',
        params: IdParams,
        response: { 200: CrisisPlanView, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.crisisPlan(request.ctx, request.params.id),
  );
  app.post(
    '/api/persons/:id/plans/service-use',
    {
      schema: {
        tags,
        summary: 'サービス等利用計画を作成（計画案）',
        params: IdParams,
        body: ServiceUsePlanBody,
        response: created,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createServiceUse(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/api/persons/:id/plans/individual-support',
    {
      schema: {
        tags,
        summary: '個別支援計画を作成（計画案）',
        params: IdParams,
        body: SupportPlanBody,
        response: created,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createSupport(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/api/persons/:id/plans/crisis',
    {
      schema: {
        tags,
        summary: 'クライシスプランを作成（計画案）',
        params: IdParams,
        body: CrisisPlanBody,
        response: created,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createCrisis(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: '計画（最新の版、確定した版、版の一覧、モニタリング、各事業所の目標とのつながり）',
        params: PlanParams,
        response: { 200: Plan, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );
  /** A new version of one kind of plan, with that kind's body schema. */
  const versionOptions = <S extends TSchema>(body: S) => ({
    schema: {
      tags,
      summary: '新しい版を保存（計画案。前の版は残る）',
      params: PlanParams,
      body,
      response: created,
    },
  });
  app.post(
    '/api/plans/:id/versions/service-use',
    versionOptions(ServiceUsePlanBody),
    async (request, reply) =>
      reply.status(201).send(await service.reviseServiceUse(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/api/plans/:id/versions/individual-support',
    versionOptions(SupportPlanBody),
    async (request, reply) =>
      reply.status(201).send(await service.reviseSupport(request.ctx, request.params.id, request.body)),
  );
  app.post('/api/plans/:id/versions/crisis', versionOptions(CrisisPlanBody), async (request, reply) =>
    reply.status(201).send(await service.reviseCrisis(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/api/plans/:id/versions/:version',
    {
      schema: {
        tags,
        summary: '版の内容',
        params: PlanVersionParams,
        response: { 200: PlanVersionDetail, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.version(request.ctx, request.params.id, request.params.version),
  );
  app.get(
    '/api/plans/:id/diff',
    {
      schema: {
        tags,
        summary: '二つの版の違い',
        params: PlanParams,
        querystring: PlanDiffQuery,
        response: { 200: PlanDiff, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.diff(request.ctx, request.params.id, request.query.from, request.query.to),
  );
  app.post(
    '/api/plans/:id/agreement',
    {
      schema: {
        tags,
        summary: '本人の同意を記録（日付と方法）',
        params: PlanParams,
        body: AgreementBody,
        response: { 200: Plan, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.agree(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/api/plans/:id/confirm',
    {
      schema: {
        tags,
        summary:
          '確定（本人の同意がある版だけ。支給決定の後はサービス担当者会議の記録か開催しなかった理由が必要。チームに知らせ、記載の事業所には要確認）',
        params: PlanParams,
        body: ConfirmBody,
        response: { 200: ConfirmResult, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.confirm(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/api/plans/:id/monitoring',
    {
      schema: {
        tags,
        summary: 'モニタリングを記録',
        params: PlanParams,
        body: MonitoringBody,
        response: { 201: Plan, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.monitor(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/api/plans/:id/pdf',
    {
      schema: {
        tags,
        summary: 'A4 の PDF（確定した版、または指定の版）',
        params: PlanParams,
        querystring: PlanPdfQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) =>
      sendDownload(reply, await service.pdf(request.ctx, request.params.id, request.query.version)),
  );
  app.get(
    '/api/plans/:id/monitorings/:monitoringId/pdf',
    {
      schema: {
        tags,
        summary: 'モニタリング報告書の A4 の PDF',
        params: MonitoringParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await service.monitoringPdf(request.ctx, request.params.id, request.params.monitoringId),
      ),
  );
  app.post(
    '/api/plans/:id/meetings',
    {
      schema: {
        tags,
        summary: 'サービス担当者会議を記録（検討した版に結びつける）',
        params: PlanParams,
        body: MeetingBody,
        response: { 201: Plan, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.recordMeeting(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/api/plans/:id/deliveries',
    {
      schema: {
        tags,
        summary: '計画の交付を記録（本人・家族・事業所などに渡した版と日付）',
        params: PlanParams,
        body: DeliveryBody,
        response: { 201: Plan, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.recordDelivery(request.ctx, request.params.id, request.body)),
  );
}
