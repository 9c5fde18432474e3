import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { UrgentPriority } from '../../db/tables-off-hours.ts';
import { open as openSealed } from '../../platform/auth/secret-box.ts';
import type { Deps } from '../../platform/deps.ts';
import type { EnqueueRequest, Job, JobRun } from '../../platform/jobs/job-queue.ts';
import { sendPush } from '../../platform/push/web-push.ts';
import { postWebhook } from '../../platform/webhooks/webhook.ts';

export const PUSH_QUEUE = 'push';
export const WEBHOOK_QUEUE = 'webhook';

/** Someone a step reaches, and the phone an SMS or voice gateway would call (the shift's phone). */
export interface Reached {
  userId: string;
  organisationId: string | null;
  phone: string | null;
}

export interface StepDelivery {
  caseId: string;
  stepId: string;
  position: number;
  priority: UrgentPriority;
  reached: Reached[];
  occurredAt: Date;
  /**
   * 'unreached': telling the one who asked that a step reached no one (当番不在) — by push only;
   * the SMS/voice gateway is for those asked to respond.
   */
  notice?: 'unreached';
}

const priorityLabel: Record<UrgentPriority, string> = { urgent: '至急', emergency: '緊急' };

/**
 * The channels beyond the app (Web Push and the outbound webhook of an SMS or voice gateway),
 * as durable jobs: each delivery is a job whose key is the step, the channel and the recipient,
 * so it is enqueued once and retried until it succeeds; a webhook carries the same delivery id on
 * every attempt (at least once, and a receiver drops a repeat). Nothing they carry names the
 * person: only that something urgent waits, and the link to it.
 */
export function createChannels(deps: Deps) {
  const { db, clock, config, jobs } = deps;
  const link = (caseId: string) => `${config.publicUrl}/urgent/${caseId}`;

  jobs.register(PUSH_QUEUE, {
    purpose: '至急・緊急の段階をプッシュ通知で届ける',
    maxAttempts: 5,
    backoffMs: (n) => Math.min(60_000, 2_000 * 2 ** (n - 1)),
    // A step's delivery: a failure or a hang is told to the system administrators.
    watched: true,
    timeoutMs: 30_000,
    async handler(job: Job, run: JobRun) {
      if (!config.vapid) return;
      const { subscriptionId, caseId, stepId, priority, notice } = job.payload as {
        subscriptionId: string;
        caseId: string;
        stepId: string;
        priority: UrgentPriority;
        notice?: 'unreached';
      };
      const target = await db
        .selectFrom('pushSubscriptions')
        .select(['endpoint', 'p256dh', 'auth'])
        .where('id', '=', subscriptionId)
        .executeTakeFirst();
      if (!target) return;
      const sent = await sendPush(
        config.vapid,
        target,
        {
          title: `【${priorityLabel[priority]}】つなぐ`,
          body:
            notice === 'unreached'
              ? '当番に届いていません。開いて、次の連絡先と電話番号を確認してください。'
              : '対応をお願いします。開いて確認してください。',
          url: `/urgent/${caseId}`,
          tag: `urgent-${caseId}`,
          id: stepId,
        },
        60 * 60,
        config.outbound,
        run.signal,
      );
      if (sent.outcome === 'gone') {
        await db.deleteFrom('pushSubscriptions').where('id', '=', subscriptionId).execute();
        return;
      }
      if (sent.outcome === 'failed') throw new Error(`push failed: ${sent.status ?? ''} ${sent.error ?? ''}`);
      await db
        .updateTable('pushSubscriptions')
        .set({ lastSuccessAt: clock.now() })
        .where('id', '=', subscriptionId)
        .execute();
    },
  });

  jobs.register(WEBHOOK_QUEUE, {
    purpose: '至急・緊急の段階をSMS・音声ゲートウェイへ届ける',
    maxAttempts: 12,
    backoffMs: (n) => Math.min(5 * 60_000, 2_000 * 2 ** (n - 1)),
    watched: true,
    timeoutMs: 30_000,
    async handler(job: Job, run: JobRun) {
      const { deliveryId, endpointId, payload } = job.payload as {
        deliveryId: string;
        endpointId: string;
        payload: Record<string, unknown>;
      };
      const endpoint = await db
        .selectFrom('webhookEndpoints')
        .select(['url', 'secretSealed', 'enabled'])
        .where('id', '=', endpointId)
        .executeTakeFirst();
      if (!endpoint?.enabled) return;
      // Whatever the signal says after the attempt, its outcome is recorded: it was made.
      const attempt = await postWebhook(
        endpoint.url,
        openSealed(config.encryptionKey, endpoint.secretSealed),
        deliveryId,
        payload,
        new Date(),
        config.outbound,
        { signal: run.signal },
      );
      const ok = attempt.error === null;
      await db
        .updateTable('webhookDeliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          lastStatus: attempt.status,
          lastError: attempt.error,
          ...(ok ? { deliveredAt: clock.now() } : {}),
        }))
        .where('id', '=', deliveryId)
        .execute();
      if (!ok) throw new Error(`webhook ${deliveryId}: ${attempt.error ?? 'failed'}`);
    },
  });

  /** The webhook deliveries of steps asking their recipients to respond (rows + jobs, fixed statements). */
  async function webhookRequests(
    trx: Kysely<Tables>,
    asked: readonly StepDelivery[],
  ): Promise<EnqueueRequest[]> {
    if (asked.length === 0) return [];
    const requests: EnqueueRequest[] = [];
    const organisationIds = [
      ...new Set(asked.flatMap((d) => d.reached.map((r) => r.organisationId)).filter((o) => o !== null)),
    ];
    const endpoints = await trx
      .selectFrom('webhookEndpoints')
      .select(['id', 'organisationId'])
      .where('enabled', '=', true)
      .where((eb) =>
        eb.or([
          eb('organisationId', 'is', null),
          ...(organisationIds.length > 0 ? [eb('organisationId', 'in', organisationIds)] : []),
        ]),
      )
      .execute();
    const deliveries: { id: string; endpointId: string; caseId: string }[] = [];
    for (const d of asked) {
      for (const r of d.reached) {
        for (const e of endpoints) {
          if (e.organisationId !== null && e.organisationId !== r.organisationId) continue;
          const deliveryId = `${d.stepId}:${e.id}:${r.userId}`;
          deliveries.push({ id: deliveryId, endpointId: e.id, caseId: d.caseId });
          requests.push({
            queue: WEBHOOK_QUEUE,
            key: `webhook:${deliveryId}`,
            payload: {
              deliveryId,
              endpointId: e.id,
              payload: {
                id: deliveryId,
                event: 'urgent.step',
                caseId: d.caseId,
                stepId: d.stepId,
                step: d.position,
                priority: d.priority,
                recipient: { userId: r.userId, phone: r.phone },
                link: link(d.caseId),
                occurredAt: d.occurredAt.toISOString(),
              },
            },
          });
        }
      }
    }
    if (deliveries.length > 0)
      await trx
        .insertInto('webhookDeliveries')
        .values(deliveries.map((x) => ({ ...x, attempts: 0, createdAt: clock.now() })))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    return requests;
  }

  return {
    /**
     * Enqueues the push and webhook deliveries of fired steps, inside their transaction: a fixed
     * number of statements however many steps fire together.
     */
    async deliver(trx: Kysely<Tables>, steps: readonly StepDelivery[]): Promise<void> {
      const reaching = steps.filter((d) => d.reached.length > 0);
      if (reaching.length === 0) return;
      const requests: EnqueueRequest[] = [];
      if (config.vapid) {
        const userIds = [...new Set(reaching.flatMap((d) => d.reached.map((r) => r.userId)))];
        const subscriptions = await trx
          .selectFrom('pushSubscriptions')
          .select(['id', 'userId'])
          .where('userId', 'in', userIds)
          .execute();
        for (const d of reaching) {
          const reached = new Set(d.reached.map((r) => r.userId));
          for (const s of subscriptions.filter((x) => reached.has(x.userId)))
            requests.push({
              queue: PUSH_QUEUE,
              key: `push:${d.stepId}:${s.id}`,
              payload: {
                subscriptionId: s.id,
                caseId: d.caseId,
                stepId: d.stepId,
                priority: d.priority,
                ...(d.notice ? { notice: d.notice } : {}),
              },
            });
        }
      }
      await jobs.enqueueMany(trx, [
        ...requests,
        ...(await webhookRequests(
          trx,
          reaching.filter((d) => !d.notice),
        )),
      ]);
    },
  };
}

export type Channels = ReturnType<typeof createChannels>;
