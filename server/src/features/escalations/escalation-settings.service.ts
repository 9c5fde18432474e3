import type {
  ChainPhoneNumbers,
  CreateWebhookBody,
  EscalationChain,
  OnCallSessionSetting,
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
import * as phones from './phone-numbers.repository.ts';

/**
 * What routing and escalation are configured with: each region's chain and waiting times
 * (system administrators), and the outbound webhooks of SMS/voice gateways (an organisation's
 * admins for their own; system administrators for the installation's).
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

    /**
     * The phone numbers of the chains that apply to the regions the caller's organisation serves
     * (the default chain when it serves none), each chain once however many of the regions it
     * covers: what the app keeps on the device to show when it is offline. Offices' numbers and
     * the last step's number only (see ChainPhoneNumbers).
     */
    async phoneNumbers(ctx: RequestContext): Promise<ChainPhoneNumbers> {
      const actor = actorOf(ctx);
      const served = actor.organisationId ? await phones.servedRegions(db, actor.organisationId) : [];
      const chains = new Map<string | null, Awaited<ReturnType<typeof repo.tiersFor>>>();
      for (const area of served.length > 0 ? served : [null]) {
        const tiers = await repo.tiersFor(db, area);
        const owner = tiers[0]?.regionId ?? null;
        if (tiers.length > 0 && !chains.has(owner)) chains.set(owner, tiers);
      }
      const tiers = [...chains.values()].flat();
      const organisations = new Map(
        (
          await phones.organisationPhones(
            db,
            tiers.flatMap((t) => (t.organisationId ? [t.organisationId] : [])),
          )
        ).map((o) => [o.id, o]),
      );
      const names = await phones.regionNames(
        db,
        [...chains.keys()].filter((r) => r !== null),
      );
      return {
        chains: [...chains].map(([regionId, chain]) => ({
          regionId,
          regionName: regionId ? (names.get(regionId) ?? null) : null,
          numbers: chain.flatMap((t): ChainPhoneNumbers['chains'][number]['numbers'] => {
            if (t.phone) return [{ label: t.label, organisationName: null, phone: t.phone }];
            const organisation = t.organisationId ? organisations.get(t.organisationId) : undefined;
            return organisation?.phone
              ? [{ label: t.label, organisationName: organisation.name, phone: organisation.phone }]
              : [];
          }),
        })),
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
