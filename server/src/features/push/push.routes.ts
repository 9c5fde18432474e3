import type { FastifyRequest } from 'fastify';
import {
  errorResponses,
  Ok,
  PushEndpointBody,
  PushKey,
  PushSubscriptionBody,
  TestPushResult,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['この端末への通知'];

/**
 * A test push reaches a third party's push service: a few per person and ten minutes are enough to
 * check a device, and no one can make the server knock on a push service in a loop. Counted after
 * validation, so a malformed request is a 400 naming its field.
 */
const testPushRateLimit = {
  rateLimit: {
    hook: 'preHandler' as const,
    max: 5,
    timeWindow: '10 minutes',
    keyGenerator: (request: FastifyRequest) => request.ctx.actor?.userId ?? request.ip,
  },
};

/** Web Push for this device: the server's key, subscribing and unsubscribing, and a test push. */
export async function pushRoutes(app: App, { push }: Services): Promise<void> {
  app.get(
    '/api/push/key',
    { schema: { tags, summary: 'プッシュ通知の公開鍵（VAPID）', response: { 200: PushKey } } },
    async (request) => push.key(request.ctx),
  );

  app.post(
    '/api/push/subscriptions',
    {
      schema: {
        tags,
        summary: 'この端末でプッシュ通知を受け取る',
        body: PushSubscriptionBody,
        response: { 200: Ok, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      await push.subscribe(request.ctx, request.body, request.headers['user-agent'] ?? null);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/push/subscriptions/remove',
    {
      schema: {
        tags,
        summary: 'この端末のプッシュ通知をやめる',
        body: PushEndpointBody,
        response: { 200: Ok, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      await push.unsubscribe(request.ctx, request.body.endpoint);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/push/test',
    {
      config: testPushRateLimit,
      schema: {
        tags,
        summary: 'この端末にテスト通知を送る（自分の登録だけ）',
        description:
          '送った結果（届けた・この端末の登録はもう使えない・送れなかった）を返します。通知にご本人の情報は含まれません。',
        body: PushEndpointBody,
        response: { 200: TestPushResult, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => push.sendTest(request.ctx, request.body.endpoint),
  );
}
