import type { PushSubscriptionBody, TestPushResult } from '@tsunagu/contract';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { requireOutbound } from '../../platform/net/outbound-address.ts';
import { sendPush } from '../../platform/push/web-push.ts';
import * as repo from './push.repository.ts';

/** How long a test push may wait for the push service before the answer says it failed. */
const TEST_TTL_SECONDS = 5 * 60;

/**
 * この端末への通知: each member of staff's Web Push subscriptions (a browser's endpoint and keys,
 * each for themselves), and a test push to the device they are holding, so the settings page can
 * prove before a night on call that a push arrives there. What is pushed never names a person.
 */
export function createPushService(deps: Deps) {
  const { db, clock, config } = deps;

  function requirePush(): NonNullable<typeof config.vapid> {
    if (!config.vapid)
      throw new Invalid('endpoint', 'この設置ではプッシュ通知が設定されていません。', 'PUSH_DISABLED');
    return config.vapid;
  }

  return {
    /** Not personal data: the installation's public key, for any signed-in browser to subscribe with. */
    key(_ctx: RequestContext): { publicKey: string | null } {
      return { publicKey: config.vapid?.publicKey ?? null };
    },

    async subscribe(
      ctx: RequestContext,
      body: PushSubscriptionBody,
      userAgent: string | null,
    ): Promise<void> {
      const actor = actorOf(ctx);
      requirePush();
      await requireOutbound('endpoint', body.endpoint, config.outbound, { requireHttps: true });
      await db.transaction().execute(async (trx) => {
        await repo.upsertSubscription(trx, {
          userId: actor.userId,
          endpoint: body.endpoint,
          p256dh: body.keys.p256dh,
          auth: body.keys.auth,
          userAgent: userAgent?.slice(0, 300) ?? null,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, { action: 'push.subscribe', targetType: 'user', targetId: actor.userId });
      });
    },

    async unsubscribe(ctx: RequestContext, endpoint: string): Promise<void> {
      await repo.deleteSubscription(db, actorOf(ctx).userId, endpoint);
    },

    /**
     * Sends a test push to the caller's own subscription at `endpoint` and says what the push
     * service answered (a refused endpoint is forgotten, as a delivery job would). Sent at once
     * rather than queued: the person is waiting for it on the device in their hand.
     */
    async sendTest(ctx: RequestContext, endpoint: string): Promise<TestPushResult> {
      const actor = actorOf(ctx);
      const vapid = requirePush();
      const target = await repo.subscriptionOf(db, actor.userId, endpoint);
      // Someone else's endpoint (or none) is simply not found: no existence leak.
      if (!target) throw new NotFound('この端末の通知の登録');
      const sent = await sendPush(
        vapid,
        target,
        {
          title: 'つなぐ（テスト）',
          body: 'この端末で至急・緊急の通知を受け取れます。',
          url: '/notifications/settings',
          tag: 'test',
          id: `test-${clock.now().getTime()}`,
        },
        TEST_TTL_SECONDS,
        config.outbound,
      );
      await db.transaction().execute(async (trx) => {
        if (sent.outcome === 'gone') await repo.deleteSubscription(trx, actor.userId, endpoint);
        if (sent.outcome === 'sent') await repo.markDelivered(trx, target.id, clock.now());
        await recordAudit(trx, ctx, {
          action: 'push.test',
          targetType: 'user',
          targetId: actor.userId,
          outcome: sent.outcome === 'sent' ? 'allowed' : 'failed',
          details: { outcome: sent.outcome, status: sent.status },
        });
      });
      return { outcome: sent.outcome, status: sent.status };
    },
  };
}

export type PushService = ReturnType<typeof createPushService>;
