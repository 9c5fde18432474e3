import type {
  CreateWebhookBody,
  EscalationChain,
  OnCallSessionSetting,
  PushSubscriptionBody,
  UpdateOnCallSessionSetting,
} from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { seal } from '../../platform/auth/secret-box.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { requireOutbound } from '../../platform/net/outbound-address.ts';
import * as repo from './escalations.repository.ts';

/**
 * What routing and escalation are configured with: each region's chain and waiting times
 * (system administrators), the staff's Web Push subscriptions (each for themselves), and the
 * outbound webhooks of SMS/voice gateways (an organisation's admins for their own; system
 * administrators for the installation's).
 */
export function createEscalationSettingsService(deps: Deps) {
  const { db, clock, config } = deps;

  return {
    async chain(_ctx: RequestContext, regionId: string | null): Promise<EscalationChain> {
      const settings = await db
        .selectFrom('escalationSettings')
        .select(['emergencyAckMinutes', 'urgentAckMinutes'])
        .where((eb) => (regionId ? eb('regionId', '=', regionId) : eb('regionId', 'is', null)))
        .executeTakeFirst();
      const tiers = await db
        .selectFrom('escalationTiers')
        .select(['organisationId', 'phone', 'label'])
        .where((eb) => (regionId ? eb('regionId', '=', regionId) : eb('regionId', 'is', null)))
        .orderBy('position')
        .execute();
      return {
        regionId,
        emergencyAckMinutes:
          settings?.emergencyAckMinutes ?? (await repo.ackMinutesFor(db, regionId, 'emergency')),
        urgentAckMinutes: settings?.urgentAckMinutes ?? (await repo.ackMinutesFor(db, regionId, 'urgent')),
        tiers,
      };
    },

    async setChain(ctx: RequestContext, body: EscalationChain): Promise<EscalationChain> {
      await requireAbility(db, ctx, 'escalation.manage');
      for (const [i, t] of body.tiers.entries()) {
        const hasOrg = Boolean(t.organisationId);
        const hasPhone = Boolean(t.phone);
        if (hasOrg === hasPhone)
          throw new Invalid(
            `tiers.${i}.organisationId`,
            '連絡網の各段には、機関か電話番号のどちらか一方を指定してください。',
          );
        if (hasPhone && i !== body.tiers.length - 1)
          throw new Invalid(
            `tiers.${i}.phone`,
            '電話番号は連絡網の最後の段にだけ置けます（最後に電話する先）。',
          );
      }
      const orgIds = body.tiers.map((t) => t.organisationId).filter((o): o is string => Boolean(o));
      if (orgIds.length > 0) {
        const found = new Set((await repo.organisationNames(db, orgIds)).map((o) => o.id));
        const missing = body.tiers.findIndex((t) => t.organisationId && !found.has(t.organisationId));
        if (missing >= 0)
          throw new Invalid(
            `tiers.${missing}.organisationId`,
            '機関が見つかりません。',
            'UNKNOWN_ORGANISATION',
          );
      }
      if (body.regionId) {
        const region = await db
          .selectFrom('regions')
          .select('id')
          .where('id', '=', body.regionId)
          .executeTakeFirst();
        if (!region) throw new Invalid('regionId', '圏域・市町村が見つかりません。', 'UNKNOWN_REGION');
      }
      const regionId = body.regionId;
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('escalationTiers')
          .where((eb) => (regionId ? eb('regionId', '=', regionId) : eb('regionId', 'is', null)))
          .execute();
        await trx
          .deleteFrom('escalationSettings')
          .where((eb) => (regionId ? eb('regionId', '=', regionId) : eb('regionId', 'is', null)))
          .execute();
        await trx
          .insertInto('escalationSettings')
          .values({
            regionId,
            emergencyAckMinutes: body.emergencyAckMinutes,
            urgentAckMinutes: body.urgentAckMinutes,
            updatedAt: clock.now(),
          })
          .execute();
        for (const [i, t] of body.tiers.entries())
          await trx
            .insertInto('escalationTiers')
            .values({
              regionId,
              position: i + 1,
              organisationId: t.organisationId ?? null,
              phone: t.phone ?? null,
              label: t.label.trim(),
            })
            .execute();
        await recordAudit(trx, ctx, {
          action: 'escalation.manage',
          targetType: 'region',
          targetId: regionId,
          details: {
            tiers: body.tiers.length,
            emergencyAckMinutes: body.emergencyAckMinutes,
            urgentAckMinutes: body.urgentAckMinutes,
          },
        });
      });
      return this.chain(ctx, regionId);
    },

    /** Not personal data: the installation's public key, for any signed-in browser to subscribe with. */
    pushKey(_ctx: RequestContext): { publicKey: string | null } {
      return { publicKey: config.vapid?.publicKey ?? null };
    },

    async subscribe(
      ctx: RequestContext,
      body: PushSubscriptionBody,
      userAgent: string | null,
    ): Promise<void> {
      const actor = actorOf(ctx);
      if (!config.vapid)
        throw new Invalid('endpoint', 'この設置ではプッシュ通知が設定されていません。', 'PUSH_DISABLED');
      await requireOutbound('endpoint', body.endpoint, config.outbound, { requireHttps: true });
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('pushSubscriptions')
          .values({
            userId: actor.userId,
            endpoint: body.endpoint,
            p256dh: body.keys.p256dh,
            auth: body.keys.auth,
            userAgent: userAgent?.slice(0, 300) ?? null,
            createdAt: clock.now(),
          })
          .onConflict((oc) =>
            oc.column('endpoint').doUpdateSet({
              userId: actor.userId,
              p256dh: body.keys.p256dh,
              auth: body.keys.auth,
              createdAt: clock.now(),
            }),
          )
          .execute();
        await recordAudit(trx, ctx, { action: 'push.subscribe', targetType: 'user', targetId: actor.userId });
      });
    },

    async unsubscribe(ctx: RequestContext, endpoint: string): Promise<void> {
      const actor = actorOf(ctx);
      await db
        .deleteFrom('pushSubscriptions')
        .where('endpoint', '=', endpoint)
        .where('userId', '=', actor.userId)
        .execute();
    },

    /**
     * An organisation's on-call settings (its admins): whether its on-call staff stay signed in for
     * the whole shift (夜間当番のサインイン), and the grace period after a shift's end during
     * which its backup is still asked about the cases the shift took.
     */
    async onCallSession(ctx: RequestContext, organisationId: string): Promise<OnCallSessionSetting> {
      await requireAbility(db, ctx, 'oncall.manage', { kind: 'organisation', organisationId });
      const org = await db
        .selectFrom('organisations')
        .select(['onCallSessionCoversShift', 'onCallBackupGraceMinutes'])
        .where('id', '=', organisationId)
        .executeTakeFirst();
      if (!org) throw new NotFound('機関');
      return { coversShift: org.onCallSessionCoversShift, backupGraceMinutes: org.onCallBackupGraceMinutes };
    },

    async setOnCallSession(
      ctx: RequestContext,
      organisationId: string,
      body: UpdateOnCallSessionSetting,
    ): Promise<OnCallSessionSetting> {
      await requireAbility(db, ctx, 'oncall.manage', { kind: 'organisation', organisationId });
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('organisations')
          .set({
            ...(body.coversShift !== undefined ? { onCallSessionCoversShift: body.coversShift } : {}),
            ...(body.backupGraceMinutes !== undefined
              ? { onCallBackupGraceMinutes: body.backupGraceMinutes }
              : {}),
            updatedAt: clock.now(),
          })
          .where('id', '=', organisationId)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw new NotFound('機関');
        await recordAudit(trx, ctx, {
          action: 'oncall.session_setting',
          targetType: 'organisation',
          targetId: organisationId,
          details: { ...body },
        });
      });
      return this.onCallSession(ctx, organisationId);
    },

    async listWebhooks(ctx: RequestContext) {
      const actor = actorOf(ctx);
      const rows = await db
        .selectFrom('webhookEndpoints')
        .select(['id', 'organisationId', 'url', 'description', 'enabled', 'createdAt'])
        .where((eb) =>
          actor.isSystemAdmin
            ? eb.val(true)
            : actor.organisationId
              ? eb('organisationId', '=', actor.organisationId)
              : eb.val(false),
        )
        .orderBy('createdAt')
        .execute();
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },

    async createWebhook(ctx: RequestContext, body: CreateWebhookBody) {
      const organisationId = body.organisationId ?? null;
      await requireAbility(
        db,
        ctx,
        'webhook.manage',
        organisationId ? { kind: 'organisation', organisationId } : { kind: 'global' },
      );
      await requireOutbound('url', body.url, config.outbound);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('webhookEndpoints')
          .values({
            organisationId,
            url: body.url,
            secretSealed: seal(config.encryptionKey, body.secret),
            description: body.description.trim(),
            enabled: true,
            createdByUserId: actorOf(ctx).userId,
            createdAt: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, ctx, {
          action: 'webhook.create',
          targetType: 'webhook_endpoint',
          targetId: row.id,
          details: { organisationId, url: body.url },
        });
        return row.id;
      });
      return (await this.listWebhooks(ctx)).find((w) => w.id === id)!;
    },

    async disableWebhook(ctx: RequestContext, id: string): Promise<void> {
      const row = await db
        .selectFrom('webhookEndpoints')
        .select(['organisationId'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new NotFound('Webhook');
      await requireAbility(
        db,
        ctx,
        'webhook.manage',
        row.organisationId
          ? { kind: 'organisation', organisationId: row.organisationId }
          : { kind: 'global' },
      );
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('webhookEndpoints').set({ enabled: false }).where('id', '=', id).execute();
        await recordAudit(trx, ctx, {
          action: 'webhook.disable',
          targetType: 'webhook_endpoint',
          targetId: id,
        });
      });
    },
  };
}

export type EscalationSettingsService = ReturnType<typeof createEscalationSettingsService>;
