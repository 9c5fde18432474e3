import { Type } from 'typebox';
import {
  AcknowledgeUrgentBody,
  ChainPhoneNumbers,
  CreateWebhookBody,
  errorResponses,
  EscalationChain,
  EscalationChainQuery,
  IdParams,
  OnCallSessionSetting,
  ReasonBody,
  UpdateOnCallSessionSetting,
  UrgentCase,
  UrgentCaseList,
  UrgentAwaiting,
  UrgentCaseOperations,
  UrgentOperationsList,
  UrgentPreview,
  UrgentPreviewQuery,
  WebhookEndpoint,
  WebhookEndpointList,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['夜間・休日の対応'];

export async function escalationsRoutes(
  app: App,
  { escalations, escalationSettings, urgentOperations, urgentAwaiting, urgentPreview }: Services,
): Promise<void> {
  app.get(
    '/api/urgent-cases/awaiting-me',
    {
      schema: {
        tags,
        summary:
          '自分の対応を待っている至急・緊急の連絡（次の段階までの時間。画面上部の表示とナビゲーションの件数。本人の情報なし）',
        response: { 200: UrgentAwaiting, ...errorResponses(401) },
      },
    },
    async (request) => urgentAwaiting.awaitingMe(request.ctx),
  );

  app.get(
    '/api/persons/:id/urgent-preview',
    {
      schema: {
        tags,
        summary: '至急・緊急の連絡を送る前に: だれに届くか、その区分を読めるか、折り返しの電話番号の初期値',
        params: IdParams,
        querystring: UrgentPreviewQuery,
        response: { 200: UrgentPreview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => urgentPreview.preview(request.ctx, request.params.id, request.query.category),
  );

  app.get(
    '/api/urgent-cases',
    {
      schema: {
        tags,
        summary: '至急・緊急の連絡の一覧（自分に届いたもの、自分の機関が出したもの。2週間）',
        response: { 200: UrgentCaseList, ...errorResponses(401) },
      },
    },
    async (request) => ({ cases: await escalations.list(request.ctx) }),
  );

  app.get(
    '/api/urgent-cases/operations',
    {
      schema: {
        tags,
        summary:
          '当番不在の記録（だれにも届かなかった段階のある至急・緊急の連絡。地域の基幹とシステム管理者。本人の情報なし）',
        response: { 200: UrgentOperationsList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ cases: await urgentOperations.list(request.ctx) }),
  );

  app.get(
    '/api/urgent-cases/:id/operations',
    {
      schema: {
        tags,
        summary: '至急・緊急の連絡の経過（時刻・送った機関・段階・だれに届いたか。本人と内容は含まない）',
        params: IdParams,
        response: { 200: UrgentCaseOperations, ...errorResponses(401, 404) },
      },
    },
    async (request) => urgentOperations.get(request.ctx, request.params.id),
  );

  app.get(
    '/api/urgent-cases/:id',
    {
      schema: {
        tags,
        summary: '至急・緊急の連絡（だれに届いたか、だれが対応するか、同意の範囲内でクライシスの情報）',
        params: IdParams,
        response: { 200: UrgentCase, ...errorResponses(401, 404) },
      },
    },
    async (request) => escalations.get(request.ctx, request.params.id),
  );

  app.post(
    '/api/urgent-cases/:id/acknowledge',
    {
      schema: {
        tags,
        summary: '対応します（連絡網の先への連絡を止める）',
        params: IdParams,
        body: AcknowledgeUrgentBody,
        response: { 200: UrgentCase, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => escalations.acknowledge(request.ctx, request.params.id, request.body.note),
  );

  app.post(
    '/api/urgent-cases/:id/cancel',
    {
      schema: {
        tags,
        summary: '出した至急・緊急の連絡を取り消す（別の方法で解決したとき）',
        params: IdParams,
        body: ReasonBody,
        response: { 200: UrgentCase, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => escalations.cancel(request.ctx, request.params.id, request.body.reason),
  );

  app.post(
    '/api/urgent-cases/:id/break-glass',
    {
      schema: {
        tags,
        summary: '緊急時の閲覧（同意の範囲外のクライシスの情報を、理由を記録して見る）',
        params: IdParams,
        body: ReasonBody,
        response: { 200: UrgentCase, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => escalations.breakGlass(request.ctx, request.params.id, request.body.reason),
  );

  app.get(
    '/api/escalation-chain',
    {
      schema: {
        tags,
        summary: '連絡網と確認を待つ時間（圏域・市町村ごと。指定なしは既定）',
        querystring: EscalationChainQuery,
        response: { 200: EscalationChain, ...errorResponses(400, 401) },
      },
    },
    async (request) => escalationSettings.chain(request.ctx, request.query.regionId ?? null),
  );

  app.get(
    '/api/escalation-chain/phone-numbers',
    {
      schema: {
        tags,
        summary: '自分の機関の担当圏域の連絡網の電話番号（オフライン時に端末で表示するため）',
        description:
          '連絡網の各機関の代表電話と、最後に電話する番号だけを返します。ご本人の情報や当番の電話（個人の携帯のことがある）は含みません。',
        response: { 200: ChainPhoneNumbers, ...errorResponses(401) },
      },
    },
    async (request) => escalationSettings.phoneNumbers(request.ctx),
  );

  app.put(
    '/api/escalation-chain',
    {
      schema: {
        tags,
        summary: '連絡網と確認を待つ時間を設定する（システム管理者）',
        body: EscalationChain,
        response: { 200: EscalationChain, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => escalationSettings.setChain(request.ctx, request.body),
  );

  app.get(
    '/api/organisations/:id/on-call-session',
    {
      schema: {
        tags,
        summary: '当番の設定: 当番中のサインインを保つか、当番（副）に連絡する猶予（機関の管理者）',
        params: IdParams,
        response: { 200: OnCallSessionSetting, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => escalationSettings.onCallSession(request.ctx, request.params.id),
  );

  app.put(
    '/api/organisations/:id/on-call-session',
    {
      schema: {
        tags,
        summary: '当番の設定を変える（サインインを当番の終わりまで保つ、当番の終了後に副担当へ連絡する猶予）',
        params: IdParams,
        body: UpdateOnCallSessionSetting,
        response: { 200: OnCallSessionSetting, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => escalationSettings.setOnCallSession(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'SMS・音声ゲートウェイへの Webhook（自機関のもの。システム管理者はすべて）',
        response: { 200: WebhookEndpointList, ...errorResponses(401) },
      },
    },
    async (request) => ({ endpoints: await escalationSettings.listWebhooks(request.ctx) }),
  );

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Webhook を登録する（署名用の秘密は登録後は表示されません）',
        body: CreateWebhookBody,
        response: { 201: WebhookEndpoint, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await escalationSettings.createWebhook(request.ctx, request.body)),
  );

  app.post(
    '/api/webhooks/:id/disable',
    {
      schema: {
        tags,
        summary: 'Webhook を止める',
        params: IdParams,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await escalationSettings.disableWebhook(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );
}
