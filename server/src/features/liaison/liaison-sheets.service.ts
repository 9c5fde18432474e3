import type { Kysely } from 'kysely';
import {
  planCategory,
  printWarnings,
  type CreateSheetBody,
  type InformationCategory,
  type LiaisonRecipient,
  type LiaisonSheet,
  type ReissueSheetBody,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { openPerson, requirePersonAbility } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { seal } from '../../platform/auth/secret-box.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { addDays, daysBetween, tokyoInstant } from '../../platform/tokyo-time.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { PlansService } from '../plans/plans.service.ts';
import { FAX_QUEUE, OVERDUE_QUEUE, SMS_QUEUE } from './liaison-jobs.ts';
import * as deliveries from './liaison-delivery.repository.ts';
import * as repo from './liaison.repository.ts';
import { planExcerpt } from './plan-excerpt.ts';
import type { SheetAccess } from './sheet-access.ts';
import { newLink, newReplyCode } from './sheet-codes.ts';
import type { SheetView } from './sheet-view.ts';

/** The day after the reply date, 09:00 Asia/Tokyo: when an unanswered sheet becomes a reminder. */
const overdueAt = (replyBy: string) => tokyoInstant(addDays(replyBy, 1), 9 * 60);

/**
 * 連携シート themselves: made from a message, a plan in force or a request written here; read,
 * printed (PDF), mailed to the recipient's FAX gateway, and given a new link and PIN.
 */
export function createSheetsService(
  deps: Deps,
  {
    messages,
    plans,
    access,
    view,
    exclusions,
  }: {
    messages: MessagesService;
    exclusions: Pick<ExclusionsService, 'guard'>;
    /** For a sheet made from a plan in force (計画の抜粋). */
    plans?: Pick<PlansService, 'get'> | undefined;
    access: SheetAccess;
    view: SheetView;
  },
) {
  const { db, clock, config, jobs, mailer } = deps;
  const key = config.encryptionKey;
  const { openSheet, openSheetToSend, requireRecipientConsent } = access;
  const { toSheets, sheetOut } = view;
  const linkExpiresAt = (now: Date) => new Date(now.getTime() + config.liaisonLinkHours * 3_600_000);

  /** Enqueues the PIN by SMS through the sending organisation's gateway (or the installation's). */
  async function queuePinSms(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    sheetId: string,
    personId: string,
    senderOrganisationId: string,
    phone: string,
    pin: string,
  ) {
    const endpoints = await deliveries.smsEndpoints(trx, senderOrganisationId);
    const endpoint = endpoints[0];
    if (!endpoint)
      throw new Invalid(
        'pinDelivery',
        'SMSを送る設定（ゲートウェイ）がありません。用紙に印刷してください。',
        'SMS_NOT_CONFIGURED',
      );
    const deliveryId = await deliveries.insertDelivery(trx, {
      sheetId,
      channel: 'sms_pin',
      toAddress: phone,
      status: 'queued',
      requestedByUserId: actorOf(ctx).userId,
      now: clock.now(),
    });
    await jobs.enqueue(trx, {
      queue: SMS_QUEUE,
      key: `liaison:sms:${deliveryId}`,
      // The PIN travels sealed in the job row; the SMS says nothing about the person.
      payload: { deliveryId, endpointId: endpoint.id, pinSealed: seal(key, pin) },
    });
    await recordAudit(trx, ctx, {
      action: 'liaison.pin_sms',
      targetType: 'liaison_sheet',
      targetId: sheetId,
      personId,
      details: { deliveryId },
    });
  }

  /** The sheet's content and category from its source, and whether the source is the caller's organisation's own. */
  async function contentOf(
    ctx: RequestContext,
    personId: string,
    body: CreateSheetBody,
  ): Promise<{ category: InformationCategory; text: string; recordedByUs: boolean }> {
    const actor = actorOf(ctx);
    if (body.planId) {
      if (body.messageId !== undefined || body.body !== undefined || body.category !== undefined)
        throw new Invalid('planId', '計画から作るときは、本文と区分は計画のものを使います。');
      if (!plans) throw new Invalid('planId', '計画からはシートを作れません。');
      // Reading the plan is a read like any other (its own consent check and audit row).
      const plan = await plans.get(ctx, body.planId);
      if (plan.summary.personId !== personId)
        throw new Invalid('planId', 'このご本人の計画ではありません。', 'UNKNOWN_PLAN');
      // The version in force: `current` when a newer draft exists, else the latest if confirmed.
      const inForce = plan.current ?? (plan.latest.status === 'confirmed' ? plan.latest : null);
      if (!inForce)
        throw new Invalid('planId', '確定した版のない計画は、シートにできません。', 'PLAN_NOT_CONFIRMED');
      return {
        category: planCategory[plan.summary.kind],
        text: planExcerpt(inForce.content, inForce.version, inForce.planDate),
        recordedByUs: plan.summary.organisationId === actor.organisationId,
      };
    }
    if (body.messageId) {
      if (body.body !== undefined || body.category !== undefined)
        throw new Invalid('body', 'チームの連絡から作るときは、本文と区分はその連絡のものを使います。');
      // Reading the message is a read like any other (its own consent check and audit row).
      const message = await messages.get(ctx, body.messageId);
      if (message.personId !== personId)
        throw new Invalid('messageId', 'このご本人についての連絡ではありません。', 'UNKNOWN_MESSAGE');
      if (message.status === 'withdrawn' || message.body === null)
        throw new Invalid('messageId', '取り下げられた連絡はシートにできません。');
      return {
        category: message.category,
        text: message.body,
        recordedByUs: message.author.organisationId === actor.organisationId,
      };
    }
    if (!body.category) throw new Invalid('category', '情報の区分を選んでください。');
    if (!body.body?.trim()) throw new Invalid('body', 'お伝えすることを入力してください。');
    return { category: body.category, text: body.body.trim(), recordedByUs: false };
  }

  return {
    /** The organisations on the person's team a sheet can go to, with what their consent covers. */
    async recipients(ctx: RequestContext, personId: string): Promise<{ recipients: LiaisonRecipient[] }> {
      const gate = await openPerson(deps, ctx, personId, 'liaison.recipients');
      return { recipients: await repo.recipientsFor(db, personId, gate.scope.today) };
    },

    async create(ctx: RequestContext, personId: string, body: CreateSheetBody): Promise<LiaisonSheet> {
      const gate = await openPerson(deps, ctx, personId, 'liaison.sheet_create');
      const actor = actorOf(ctx);
      const { category, text, recordedByUs } = await contentOf(ctx, personId, body);
      await requirePersonAbility(deps, ctx, gate, 'liaison.send', { category, recordedByUs });
      const recipient = await repo.organisationContact(db, body.recipientOrganisationId);
      if (!recipient)
        throw new Invalid(
          'recipientOrganisationId',
          '送り先の機関が見つかりません。',
          'UNKNOWN_ORGANISATION',
        );
      if (recipient.usesTsunagu !== false)
        throw new Invalid(
          'recipientOrganisationId',
          'この機関は つなぐ を利用しています。チームの連絡でお伝えください。',
          'RECIPIENT_USES_TSUNAGU',
        );
      await requireRecipientConsent(personId, body.recipientOrganisationId, category);
      if (body.replyBy < gate.scope.today)
        throw new Invalid('replyBy', '返信の期限に過去の日付は指定できません。');
      if (daysBetween(gate.scope.today, body.replyBy) > 60)
        throw new Invalid('replyBy', '返信の期限は60日以内にしてください。');
      const pinBySms = body.pinDelivery === 'sms';
      if (pinBySms && !body.smsPhone)
        throw new Invalid('smsPhone', 'SMSの送り先（携帯電話番号）を入力してください。');
      // Never to someone the person must not be told of: the recipient (by name and FAX) and the PIN's number.
      await exclusions.guard(
        db,
        ctx,
        personId,
        [
          { who: { name: recipient.name, phone: recipient.fax }, field: 'recipientOrganisationId' },
          ...(pinBySms ? [{ who: { phone: body.smsPhone ?? null }, field: 'smsPhone' }] : []),
        ],
        body.excludedContactConfirmed === true,
      );
      const now = clock.now();
      const link = newLink(key);
      const id = await db.transaction().execute(async (trx) => {
        let sheetId: string | null = null;
        // A reply code is short; on the rare collision, draw again.
        for (let attempt = 0; attempt < 5 && !sheetId; attempt++) {
          const code = newReplyCode();
          if (await repo.isReplyCodeTaken(trx, code)) continue;
          sheetId = await repo.insertSheet(trx, {
            personId,
            category,
            sourceKind: body.planId ? 'plan' : body.messageId ? 'message' : 'request',
            messageId: body.messageId ?? null,
            planId: body.planId ?? null,
            recipientOrganisationId: body.recipientOrganisationId,
            senderUserId: actor.userId,
            senderOrganisationId: actor.organisationId!,
            request: body.request.trim(),
            body: text,
            replyBy: body.replyBy,
            replyCode: code,
            tokenHash: link.tokenHash,
            tokenSealed: link.tokenSealed,
            pinSealed: link.pinSealed,
            pinOnSheet: !pinBySms,
            linkExpiresAt: linkExpiresAt(now),
            createdAt: now,
          });
        }
        if (!sheetId) throw new Error('could not draw a free reply code');
        await recordAudit(trx, ctx, {
          action: 'liaison.sheet_create',
          targetType: 'liaison_sheet',
          targetId: sheetId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: {
            recipientOrganisationId: body.recipientOrganisationId,
            category,
            messageId: body.messageId ?? null,
            pinDelivery: pinBySms ? 'sms' : 'sheet',
          },
        });
        await jobs.enqueue(trx, {
          queue: OVERDUE_QUEUE,
          key: `liaison:overdue:${sheetId}`,
          payload: { sheetId },
          runAt: overdueAt(body.replyBy),
        });
        if (pinBySms)
          await queuePinSms(trx, ctx, sheetId, personId, actor.organisationId!, body.smsPhone!, link.pin);
        return sheetId;
      });
      // The request and the body go into the PDF: say what will print as 〓.
      const warnings = printWarnings({ request: body.request, body: text });
      return { ...(await sheetOut(ctx, id, { pin: link.pin })), warnings };
    },

    async listForPerson(ctx: RequestContext, personId: string): Promise<{ sheets: LiaisonSheet[] }> {
      const gate = await openPerson(deps, ctx, personId, 'liaison.sheet_list');
      const rows = await db.transaction().execute(async (trx) => {
        const found = await repo.listPersonSheets(trx, gate.scope, personId);
        await recordAudit(trx, ctx, {
          action: 'liaison.sheet_list',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { returned: found.length, sheets: found.map((r) => r.id) },
        });
        return found;
      });
      return { sheets: await toSheets(ctx, rows) };
    },

    async get(ctx: RequestContext, id: string): Promise<LiaisonSheet> {
      const { gate } = await openSheet(ctx, id, 'liaison.sheet_read');
      // Decided above; what is shown is read again in its audit row's transaction.
      const row = await db.transaction().execute(async (trx) => {
        const found = await repo.findVisibleSheet(trx, gate.scope, id);
        if (!found) throw new NotFound('連携シート');
        await recordAudit(trx, ctx, {
          action: 'liaison.sheet_read',
          targetType: 'liaison_sheet',
          targetId: id,
          personId: found.personId,
          viaEmergency: gate.viaEmergency,
        });
        return found;
      });
      return (await toSheets(ctx, [row]))[0]!;
    },

    /** The PDF to print and FAX by hand; the download is recorded as a delivery and audited. */
    async pdf(ctx: RequestContext, id: string): Promise<{ pdf: Uint8Array; filename: string }> {
      const { gate, row } = await openSheetToSend(ctx, id, 'liaison.sheet_download');
      await requireRecipientConsent(row.personId, row.recipientOrganisationId, row.category);
      const { pdf, replyCode } = await view.renderSheet(id);
      await db.transaction().execute(async (trx) => {
        await deliveries.insertDelivery(trx, {
          sheetId: id,
          channel: 'download',
          toAddress: null,
          status: 'sent',
          requestedByUserId: actorOf(ctx).userId,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'liaison.sheet_download',
          targetType: 'liaison_sheet',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        });
      });
      return { pdf, filename: `renkei-sheet-${replyCode}.pdf` };
    },

    /** Mails the PDF to the recipient's registered e-mail-to-FAX gateway (durable job, retried). */
    async sendFax(ctx: RequestContext, id: string): Promise<LiaisonSheet> {
      const { gate, row } = await openSheetToSend(ctx, id, 'liaison.fax_send');
      if (row.status === 'cancelled')
        throw new Conflict('SHEET_CANCELLED', 'このシートは取り消されています。');
      const recipient = await repo.organisationContact(db, row.recipientOrganisationId);
      if (!recipient?.faxGatewayEmail)
        throw new Conflict(
          'NO_FAX_GATEWAY',
          'この機関にはメールFAXの宛先が登録されていません。印刷してFAXしてください。',
        );
      if (!mailer.enabled)
        throw new Conflict('MAIL_DISABLED', 'メールの送信が設定されていません。印刷してFAXしてください。');
      await requireRecipientConsent(row.personId, row.recipientOrganisationId, row.category);
      await db.transaction().execute(async (trx) => {
        const deliveryId = await deliveries.insertDelivery(trx, {
          sheetId: id,
          channel: 'fax_gateway',
          toAddress: recipient.faxGatewayEmail,
          status: 'queued',
          requestedByUserId: actorOf(ctx).userId,
          now: clock.now(),
        });
        await jobs.enqueue(trx, {
          queue: FAX_QUEUE,
          key: `liaison:fax:${deliveryId}`,
          payload: { deliveryId },
        });
        await recordAudit(trx, ctx, {
          action: 'liaison.fax_send',
          targetType: 'liaison_sheet',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { deliveryId, to: recipient.faxGatewayEmail },
        });
      });
      return sheetOut(ctx, id);
    },

    /** A new link and PIN (the old link stops working), e.g. after a lockout or expiry. */
    async reissue(ctx: RequestContext, id: string, body: ReissueSheetBody): Promise<LiaisonSheet> {
      const { gate, row } = await openSheetToSend(ctx, id, 'liaison.reissue');
      if (row.status !== 'awaiting')
        throw new Conflict('ALREADY_REPLIED', 'このシートには、すでに返信があります。');
      const pinBySms = body.pinDelivery === 'sms';
      if (pinBySms && !body.smsPhone)
        throw new Invalid('smsPhone', 'SMSの送り先（携帯電話番号）を入力してください。');
      if (pinBySms)
        await exclusions.guard(
          db,
          ctx,
          row.personId,
          [{ who: { phone: body.smsPhone ?? null }, field: 'smsPhone' }],
          body.excludedContactConfirmed === true,
        );
      const link = newLink(key);
      await db.transaction().execute(async (trx) => {
        await repo.reissueLink(trx, id, {
          tokenHash: link.tokenHash,
          tokenSealed: link.tokenSealed,
          pinSealed: link.pinSealed,
          pinOnSheet: !pinBySms,
          linkExpiresAt: linkExpiresAt(clock.now()),
        });
        await recordAudit(trx, ctx, {
          action: 'liaison.reissue',
          targetType: 'liaison_sheet',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { pinDelivery: pinBySms ? 'sms' : 'sheet' },
        });
        if (pinBySms)
          await queuePinSms(trx, ctx, id, row.personId, row.senderOrganisationId, body.smsPhone!, link.pin);
      });
      return sheetOut(ctx, id, { pin: link.pin });
    },
  };
}
