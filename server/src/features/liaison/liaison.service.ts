import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  LIAISON_PIN_ATTEMPTS,
  planCategory,
  type ContactLogEntry,
  type CreateSheetBody,
  type GuestItem,
  type GuestLink,
  type GuestReplyBody,
  type InformationCategory,
  type LiaisonRecipient,
  type LiaisonSettings,
  type LiaisonSheet,
  type OutstandingReply,
  type RecordContactBody,
  type RecordReplyBody,
  type ReissueSheetBody,
  type UpdateLiaisonSettingsBody,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import {
  audienceOf,
  loadPersonAccess,
  personScope,
  tokyoDateOf,
} from '../../platform/access/person-access.ts';
import {
  openPerson,
  personCan,
  requirePersonAbility,
  type PersonGate,
} from '../../platform/access/person-guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { open as openSealed, seal } from '../../platform/auth/secret-box.ts';
import { actorOf, systemContext, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import type { Upload } from '../../platform/files/uploads.ts';
import type { Job } from '../../platform/jobs/job-queue.ts';
import { postWebhook } from '../../platform/webhooks/webhook.ts';
import type { InformationService } from '../information/information.service.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { categoryLabels, renderSheetPdf } from './liaison-pdf.ts';
import type { PlansService } from '../plans/plans.service.ts';
import { planExcerpt } from './plan-excerpt.ts';
import * as repo from './liaison.repository.ts';

export const FAX_QUEUE = 'liaison.fax';
export const SMS_QUEUE = 'liaison.sms';
export const OVERDUE_QUEUE = 'liaison.overdue';

/** Reply codes avoid letters and digits a voice on the phone or a FAX blurs (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function newReplyCode(): string {
  const c = () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!;
  return `${c()}${c()}${c()}-${c()}${c()}${c()}`;
}

/** 'kx7p2m', 'KX7-P2M' → 'KX7-P2M'. */
export function normaliseReplyCode(code: string): string {
  const s = code.replace(/-/g, '').toUpperCase();
  return `${s.slice(0, 3)}-${s.slice(3)}`;
}

const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function newLink(key: Buffer) {
  const token = randomBytes(16).toString('base64url');
  const pin = String(randomInt(1_000_000)).padStart(6, '0');
  return {
    token,
    pin,
    tokenHash: tokenHashOf(token),
    tokenSealed: seal(key, token),
    pinSealed: seal(key, pin),
  };
}

function samePin(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The day after the reply date, 09:00 Asia/Tokyo: when an unanswered sheet becomes a reminder. */
function overdueAt(replyBy: string): Date {
  const [y, m, d] = replyBy.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return new Date(`${next}T09:00:00+09:00`);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 410: the link has run out or was replaced; 423: locked after too many wrong PINs. */
class LinkGone extends AppError {
  constructor() {
    super(410, 'LINK_EXPIRED', 'このリンクは有効期限が切れています。送信元に新しいシートをご依頼ください。');
  }
}
class LinkLocked extends AppError {
  constructor() {
    super(
      423,
      'LINK_LOCKED',
      '暗証番号を続けて間違えたため、このリンクはロックされました。送信元にお問い合わせください。',
    );
  }
}

/** 連携シート, guest replies by link and PIN, replies recorded by hand, outstanding replies and 連絡記録. */
export function createLiaisonService(
  deps: Deps,
  {
    messages,
    information,
    notifications,
    plans,
  }: {
    messages: MessagesService;
    information: InformationService;
    notifications: NotificationsService;
    /** For a sheet made from a plan in force (計画の抜粋). */
    plans?: Pick<PlansService, 'get'>;
  },
) {
  const { db, clock, config, jobs, mailer, bus } = deps;
  const key = config.encryptionKey;
  const shortUrl = (token: string) => `${config.publicUrl}/r/${token}`;

  /** Whether the person's consent lets `organisationId` receive `category` now (team + live grant). */
  async function recipientCovered(personId: string, organisationId: string, category: InformationCategory) {
    const now = clock.now();
    const who = await audienceOf(
      db,
      { personId, category, recordedByOrganisationId: null },
      { today: tokyoDateOf(now), now },
    );
    return who.organisationIds.has(organisationId);
  }

  async function requireRecipientConsent(
    personId: string,
    organisationId: string,
    category: InformationCategory,
  ) {
    if (!(await recipientCovered(personId, organisationId, category)))
      throw new Invalid(
        'recipientOrganisationId',
        'ご本人の同意が、この機関にこの区分の情報を伝えることを含んでいません。',
        'NO_CONSENT_FOR_RECIPIENT',
      );
  }

  /** A sheet the caller may see (its person and its category), or 404 — audited either way. */
  async function openSheet(ctx: RequestContext, id: string, attempted: string) {
    const facts = await repo.findSheetFacts(db, { id });
    if (!facts) throw new NotFound('連携シート');
    const gate = await openPerson(deps, ctx, facts.personId, attempted, { type: 'liaison_sheet', id });
    const row = await repo.findVisibleSheet(db, gate.scope, id);
    if (!row) {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'liaison_sheet',
        targetId: id,
        personId: facts.personId,
      });
      throw new NotFound('連携シート');
    }
    return { gate, row, facts };
  }

  /** A sheet the caller may pass on (send, print, reissue): visible, and the policy's liaison.send (403 audited). */
  async function openSheetToSend(ctx: RequestContext, id: string, attempted: string) {
    const opened = await openSheet(ctx, id, attempted);
    const { gate, row } = opened;
    await requirePersonAbility(
      deps,
      ctx,
      gate,
      'liaison.send',
      { category: row.category, recordedByUs: row.senderOrganisationId === actorOf(ctx).organisationId },
      { type: 'liaison_sheet', id },
    );
    return opened;
  }

  async function toSheets(ctx: RequestContext, rows: repo.SheetRow[]): Promise<LiaisonSheet[]> {
    const deliveries = await repo.listDeliveries(
      db,
      rows.map((r) => r.id),
    );
    const actor = actorOf(ctx);
    return Promise.all(
      rows.map(async (r) => {
        const gate = await openGateQuiet(ctx, r.personId);
        const mayReply = can(actor, 'liaison.reply', {
          kind: 'organisation',
          organisationId: r.senderOrganisationId,
        });
        const maySend =
          gate !== null &&
          personCan(ctx, gate, 'liaison.send', {
            category: r.category,
            recordedByUs: r.senderOrganisationId === actor.organisationId,
          });
        return {
          id: r.id,
          personId: r.personId,
          personName: r.personName,
          category: r.category,
          sourceKind: r.sourceKind,
          messageId: r.messageId,
          recipient: {
            organisationId: r.recipientOrganisationId,
            name: r.recipientName,
            faxNumber: r.recipientFax,
            hasFaxGateway: r.hasFaxGateway,
          },
          sender: {
            userId: r.senderUserId,
            name: r.senderName,
            organisationId: r.senderOrganisationId,
            organisationName: r.senderOrganisationName,
          },
          request: r.request,
          body: r.body,
          replyBy: r.replyBy,
          replyCode: r.replyCode,
          shortUrl: shortUrl(openSealed(key, r.tokenSealed)),
          linkExpiresAt: r.linkExpiresAt.toISOString(),
          isLocked: r.lockedAt !== null,
          status: r.status,
          reply:
            r.repliedAt && r.replyChannel
              ? {
                  at: r.repliedAt.toISOString(),
                  channel: r.replyChannel,
                  text: r.replyText,
                  respondent: r.replyRespondent,
                  recordedBy: r.replyRecordedBy,
                  file:
                    r.replyFileName && r.replyFileType
                      ? { filename: r.replyFileName, contentType: r.replyFileType }
                      : null,
                }
              : null,
          createdAt: r.createdAt.toISOString(),
          deliveries: deliveries
            .filter((d) => d.sheetId === r.id)
            .map((d) => ({
              channel: d.channel,
              status: d.status,
              toAddress: d.toAddress,
              createdAt: d.createdAt.toISOString(),
              sentAt: d.sentAt?.toISOString() ?? null,
            })),
          abilities: {
            sendFax: maySend && r.hasFaxGateway && r.status !== 'cancelled',
            recordReply: mayReply && r.status === 'awaiting',
            reissue: maySend && r.status === 'awaiting',
          },
        };
      }),
    );
  }

  /** The person's access for abilities, without a second audit row (the read was audited already). */
  const gates = new WeakMap<RequestContext, Map<string, PersonGate | null>>();
  async function openGateQuiet(ctx: RequestContext, personId: string): Promise<PersonGate | null> {
    const cache = gates.get(ctx) ?? new Map<string, PersonGate | null>();
    gates.set(ctx, cache);
    if (!cache.has(personId)) {
      const scope = personScope(actorOf(ctx), clock.now());
      const access = await loadPersonAccess(db, scope, personId);
      cache.set(personId, access ? { scope, access, viaEmergency: access.emergencyUntil !== null } : null);
    }
    return cache.get(personId) ?? null;
  }

  async function sheetOut(
    ctx: RequestContext,
    id: string,
    extra: { pin?: string } = {},
  ): Promise<LiaisonSheet> {
    const scope = personScope(actorOf(ctx), clock.now());
    const row = await repo.findVisibleSheet(db, scope, id);
    if (!row) throw new NotFound('連携シート');
    const [sheet] = await toSheets(ctx, [row]);
    return { ...sheet!, ...extra };
  }

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
    const endpoints = await repo.smsEndpoints(trx, senderOrganisationId);
    const endpoint = endpoints[0];
    if (!endpoint)
      throw new Invalid(
        'pinDelivery',
        'SMSを送る設定（ゲートウェイ）がありません。用紙に印刷してください。',
        'SMS_NOT_CONFIGURED',
      );
    const deliveryId = await repo.insertDelivery(trx, {
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

  async function renderFor(sheetId: string): Promise<{ pdf: Uint8Array; replyCode: string }> {
    const s = await db
      .selectFrom('liaisonSheets as s')
      .innerJoin('persons as p', 'p.id', 's.personId')
      .leftJoin('users as u', 'u.id', 's.senderUserId')
      .select([
        's.personId',
        'p.name as personName',
        's.category',
        's.recipientOrganisationId',
        's.senderOrganisationId',
        'u.displayName as senderName',
        's.request',
        's.body',
        's.replyBy',
        's.replyCode',
        's.tokenSealed',
        's.pinSealed',
        's.pinOnSheet',
        's.linkExpiresAt',
        's.createdAt',
      ])
      .where('s.id', '=', sheetId)
      .executeTakeFirstOrThrow();
    const [recipient, sender] = await Promise.all([
      repo.organisationContact(db, s.recipientOrganisationId),
      repo.organisationContact(db, s.senderOrganisationId),
    ]);
    // The name only where the person's consent covers 基本情報 for the recipient.
    const named = await recipientCovered(s.personId, s.recipientOrganisationId, 'identity');
    const pdf = await renderSheetPdf({
      recipientName: recipient!.name,
      recipientFax: recipient!.fax,
      senderOrganisationName: sender!.name,
      senderName: s.senderName,
      senderPhone: sender!.phone,
      senderFax: sender!.fax,
      sentOn: tokyoDateOf(clock.now()),
      personName: named ? s.personName : null,
      categoryLabel: categoryLabels[s.category],
      request: s.request,
      body: s.body,
      replyBy: s.replyBy,
      replyCode: s.replyCode,
      shortUrl: shortUrl(openSealed(key, s.tokenSealed)),
      pin: s.pinOnSheet ? openSealed(key, s.pinSealed) : null,
      linkExpiresAt: s.linkExpiresAt,
    });
    return { pdf, replyCode: s.replyCode };
  }

  jobs.register(FAX_QUEUE, {
    maxAttempts: 12,
    backoffMs: (n) => Math.min(30 * 60_000, 30_000 * 2 ** (n - 1)),
    async handler(job: Job) {
      const deliveryId = String(job.payload.deliveryId);
      const delivery = await repo.findDelivery(db, deliveryId);
      if (!delivery || delivery.status !== 'queued') return;
      const facts = await repo.findSheetFacts(db, { id: delivery.sheetId });
      if (!facts) return;
      const gateway = await repo.organisationContact(db, facts.recipientOrganisationId);
      // Only to the gateway an administrator registered, and only while consent still covers the content.
      const stillRegistered = gateway?.faxGatewayEmail === delivery.toAddress;
      const stillConsented = await recipientCovered(
        facts.personId,
        facts.recipientOrganisationId,
        facts.category,
      );
      if (!stillRegistered || !stillConsented) {
        await db.transaction().execute(async (trx) => {
          await repo.settleDelivery(trx, deliveryId, {
            ok: false,
            error: stillRegistered ? 'consent no longer covers the content' : 'gateway address changed',
            final: true,
            now: clock.now(),
          });
          await recordAudit(trx, systemContext(job.key), {
            action: 'liaison.fax_send',
            outcome: 'denied',
            targetType: 'liaison_sheet',
            targetId: facts.id,
            personId: facts.personId,
            details: { deliveryId, reason: stillRegistered ? 'consent' : 'gateway_changed' },
          });
        });
        return;
      }
      const { pdf, replyCode } = await renderFor(facts.id);
      try {
        await mailer.send({
          to: delivery.toAddress!,
          // The PDF is the only carrier of personal data: subject and body name none.
          subject: `つなぐ 連携シート（返信コード ${replyCode}）`,
          text: [
            'つなぐから連携シートをお送りします。添付のPDFをご覧ください。',
            'ご返信の方法はシートに記載しています。',
            '',
            'このメールの件名と本文には個人情報を含めていません。',
          ].join('\n'),
          messageId: `<${job.key}@tsunagu>`,
          attachments: [
            {
              filename: `renkei-sheet-${replyCode}.pdf`,
              content: Buffer.from(pdf),
              contentType: 'application/pdf',
            },
          ],
        });
      } catch (error) {
        await repo.settleDelivery(db, deliveryId, {
          ok: false,
          error: error instanceof Error ? error.message.slice(0, 300) : 'unknown error',
          final: job.attempts >= job.maxAttempts,
          now: clock.now(),
        });
        throw error;
      }
      await db.transaction().execute(async (trx) => {
        await repo.settleDelivery(trx, deliveryId, { ok: true, error: null, final: true, now: clock.now() });
        await recordAudit(trx, systemContext(job.key), {
          action: 'liaison.fax_sent',
          targetType: 'liaison_sheet',
          targetId: facts.id,
          personId: facts.personId,
          details: { deliveryId, to: delivery.toAddress },
        });
      });
    },
  });

  jobs.register(SMS_QUEUE, {
    maxAttempts: 8,
    backoffMs: (n) => Math.min(5 * 60_000, 5_000 * 2 ** (n - 1)),
    async handler(job: Job) {
      const { deliveryId, endpointId, pinSealed } = job.payload as {
        deliveryId: string;
        endpointId: string;
        pinSealed: string;
      };
      const delivery = await repo.findDelivery(db, deliveryId);
      if (!delivery || delivery.status !== 'queued') return;
      const endpoint = await db
        .selectFrom('webhookEndpoints')
        .select(['url', 'secretSealed', 'enabled'])
        .where('id', '=', endpointId)
        .executeTakeFirst();
      if (!endpoint?.enabled) {
        await repo.settleDelivery(db, deliveryId, {
          ok: false,
          error: 'endpoint disabled',
          final: true,
          now: clock.now(),
        });
        return;
      }
      const attempt = await postWebhook(
        endpoint.url,
        openSealed(key, endpoint.secretSealed),
        deliveryId,
        {
          id: deliveryId,
          event: 'liaison.pin',
          recipient: { phone: delivery.toAddress },
          // A PIN and where to use it are not personal data; the sheet itself is on paper.
          text: `つなぐ連携シートの暗証番号: ${openSealed(key, pinSealed)}（シートのQRコードから開いて入力してください）`,
        },
        new Date(),
      );
      const ok = attempt.error === null;
      await repo.settleDelivery(db, deliveryId, {
        ok,
        error: attempt.error,
        final: ok || job.attempts >= job.maxAttempts,
        now: clock.now(),
      });
      if (!ok) throw new Error(`liaison sms ${deliveryId}: ${attempt.error ?? 'failed'}`);
    },
  });

  jobs.register(OVERDUE_QUEUE, {
    maxAttempts: 10,
    async handler(job: Job) {
      const sheetId = String(job.payload.sheetId);
      const facts = await repo.findSheetFacts(db, { id: sheetId });
      if (!facts || facts.status !== 'awaiting' || facts.remindedAt) return;
      await db.transaction().execute(async (trx) => {
        const marked = await repo.markReminded(trx, sheetId, clock.now());
        if (Number(marked.numUpdatedRows) !== 1) return;
        // The sender; if their account is gone, the sending organisation's staff.
        const users = facts.senderUserId
          ? [facts.senderUserId]
          : (
              await trx
                .selectFrom('memberships')
                .select('userId')
                .where('organisationId', '=', facts.senderOrganisationId)
                .execute()
            ).map((m) => m.userId);
        const recipient = await repo.organisationContact(trx, facts.recipientOrganisationId);
        await notifications.notify(trx, users, {
          kind: 'liaison_overdue',
          personId: facts.personId,
          subjectId: sheetId,
          payload: {
            replyCode: facts.replyCode,
            replyBy: facts.replyBy,
            recipientOrganisationName: recipient?.name ?? '',
          },
        });
        await recordAudit(trx, systemContext(job.key), {
          action: 'liaison.reminder',
          targetType: 'liaison_sheet',
          targetId: sheetId,
          personId: facts.personId,
          details: { notified: users.length },
        });
      });
    },
  });

  /** The guest link's checks, in order: known, not replaced or run out, not locked. Each refusal is audited. */
  async function guestSheet(ctx: RequestContext, token: string, attempted: string) {
    const sheet = await repo.findGuestSheet(db, tokenHashOf(token));
    const refuse = async (reason: string, error: Error) => {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'liaison_sheet',
        targetId: sheet?.id ?? null,
        personId: sheet?.personId ?? null,
        details: { reason },
      });
      throw error;
    };
    if (!sheet) return refuse('unknown_link', new NotFound('リンク'));
    if (sheet.status === 'cancelled' || clock.now() >= sheet.linkExpiresAt)
      return refuse('expired', new LinkGone());
    if (sheet.lockedAt) return refuse('locked', new LinkLocked());
    return sheet;
  }

  /** A guest's PIN: a wrong one counts (and locks the link at the limit), in the same transaction as its audit row. */
  async function checkPin(
    ctx: RequestContext,
    sheet: NonNullable<Awaited<ReturnType<typeof repo.findGuestSheet>>>,
    pin: string,
    attempted: string,
  ) {
    if (samePin(openSealed(key, sheet.pinSealed), pin)) {
      if (!(await recipientCovered(sheet.personId, sheet.recipientOrganisationId, sheet.category))) {
        await recordAuditAlone(db, ctx, {
          action: attempted,
          outcome: 'denied',
          targetType: 'liaison_sheet',
          targetId: sheet.id,
          personId: sheet.personId,
          details: { reason: 'consent_ended' },
        });
        throw new Forbidden(
          'CONSENT_ENDED',
          'このシートの内容をお伝えする同意が終了しています。送信元にお問い合わせください。',
        );
      }
      return;
    }
    const failure = await db.transaction().execute(async (trx) => {
      const f = await repo.recordPinFailure(trx, sheet.id, LIAISON_PIN_ATTEMPTS, clock.now());
      await recordAudit(trx, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'liaison_sheet',
        targetId: sheet.id,
        personId: sheet.personId,
        details: { reason: 'wrong_pin', failures: f.pinFailures, locked: f.locked },
      });
      return f;
    });
    if (failure.locked) throw new LinkLocked();
    throw new AppError(
      403,
      'PIN_INCORRECT',
      `暗証番号が違います。あと${LIAISON_PIN_ATTEMPTS - failure.pinFailures}回間違えるとロックされます。`,
      'pin',
    );
  }

  async function guestItem(sheetId: string): Promise<GuestItem> {
    const s = await db
      .selectFrom('liaisonSheets as s')
      .innerJoin('persons as p', 'p.id', 's.personId')
      .innerJoin('organisations as so', 'so.id', 's.senderOrganisationId')
      .innerJoin('organisations as ro', 'ro.id', 's.recipientOrganisationId')
      .leftJoin('users as su', 'su.id', 's.senderUserId')
      .select([
        's.personId',
        'p.name as personName',
        's.recipientOrganisationId',
        'so.name as senderOrganisationName',
        'su.displayName as senderName',
        'ro.name as recipientOrganisationName',
        's.category',
        's.request',
        's.body',
        's.replyBy',
        's.replyCode',
        's.status',
        's.repliedAt',
        's.replyText',
      ])
      .where('s.id', '=', sheetId)
      .executeTakeFirstOrThrow();
    const named = await recipientCovered(s.personId, s.recipientOrganisationId, 'identity');
    return {
      senderOrganisationName: s.senderOrganisationName,
      senderName: s.senderName,
      recipientOrganisationName: s.recipientOrganisationName,
      personName: named ? s.personName : null,
      category: s.category,
      request: s.request,
      body: s.body,
      replyBy: s.replyBy,
      replyCode: s.replyCode,
      status: s.status,
      reply: s.repliedAt ? { at: s.repliedAt.toISOString(), text: s.replyText } : null,
    };
  }

  /** Records a reply once, settles the message's acknowledgement, audits and tells the sender live. */
  async function settleReply(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    sheet: {
      id: string;
      personId: string;
      category: InformationCategory;
      messageId: string | null;
      recipientOrganisationId: string;
      senderOrganisationId: string;
    },
    reply: Parameters<typeof repo.setReply>[2],
  ): Promise<void> {
    if (!(await repo.setReply(trx, sheet.id, reply)))
      throw new Conflict('ALREADY_REPLIED', 'このシートには、すでに返信が記録されています。');
    if (sheet.messageId)
      await messages.acknowledgeOnBehalf(trx, ctx, {
        messageId: sheet.messageId,
        organisationId: sheet.recipientOrganisationId,
        reply: reply.text,
        byUserId: reply.recordedByUserId,
        via: reply.channel === 'link' ? 'liaison_link' : `liaison_${reply.channel}`,
      });
    await recordAudit(trx, ctx, {
      action: 'liaison.reply',
      targetType: 'liaison_sheet',
      targetId: sheet.id,
      personId: sheet.personId,
      details: { channel: reply.channel, withText: Boolean(reply.text), withFile: Boolean(reply.file) },
    });
    await bus.publish(trx, {
      kind: 'liaison.replied',
      personId: sheet.personId,
      category: sheet.category,
      subjectId: sheet.id,
      authorOrganisationId: sheet.senderOrganisationId,
      payload: { channel: reply.channel },
    });
  }

  return {
    // ------------------------------------------------------------ settings

    async settings(ctx: RequestContext, organisationId: string): Promise<LiaisonSettings> {
      await requireAbility(db, ctx, 'organisation.read');
      const org = await repo.organisationContact(db, organisationId);
      if (!org) throw new NotFound('機関');
      const s = await repo.findSettings(db, organisationId);
      return {
        organisationId,
        usesTsunagu: s?.usesTsunagu ?? true,
        preferredChannel: s?.preferredChannel ?? 'email',
        faxNumber: s?.faxNumber ?? null,
        faxGatewayEmail: s?.faxGatewayEmail ?? null,
        note: s?.note ?? null,
        updatedAt: s?.updatedAt.toISOString() ?? null,
        abilities: {
          manage: can(actorOf(ctx), 'liaison.configure', { kind: 'organisation', organisationId }),
        },
      };
    },

    async updateSettings(
      ctx: RequestContext,
      organisationId: string,
      body: UpdateLiaisonSettingsBody,
    ): Promise<LiaisonSettings> {
      if (!(await repo.organisationContact(db, organisationId))) throw new NotFound('機関');
      await requireAbility(db, ctx, 'liaison.configure', { kind: 'organisation', organisationId });
      if (body.preferredChannel === 'fax' && !body.faxNumber && !body.faxGatewayEmail)
        throw new Invalid('faxNumber', 'FAXを希望する機関には、FAX番号かメールFAXの宛先を登録してください。');
      await db.transaction().execute(async (trx) => {
        await repo.upsertSettings(trx, organisationId, body, {
          userId: actorOf(ctx).userId,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'liaison.settings_update',
          targetType: 'organisation',
          targetId: organisationId,
          details: {
            usesTsunagu: body.usesTsunagu,
            preferredChannel: body.preferredChannel,
            faxNumber: body.faxNumber ?? null,
            faxGatewayEmail: body.faxGatewayEmail ?? null,
          },
        });
      });
      return this.settings(ctx, organisationId);
    },

    /** The organisations on the person's team a sheet can go to, with what their consent covers. */
    async recipients(ctx: RequestContext, personId: string): Promise<{ recipients: LiaisonRecipient[] }> {
      const gate = await openPerson(deps, ctx, personId, 'liaison.recipients');
      return { recipients: await repo.recipientsFor(db, personId, gate.scope.today) };
    },

    // ------------------------------------------------------------ sheets

    async create(ctx: RequestContext, personId: string, body: CreateSheetBody): Promise<LiaisonSheet> {
      const gate = await openPerson(deps, ctx, personId, 'liaison.sheet_create');
      const actor = actorOf(ctx);
      let category: InformationCategory;
      let text: string;
      let recordedByUs = false;
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
        category = planCategory[plan.summary.kind];
        text = planExcerpt(inForce.content, inForce.version, inForce.planDate);
        recordedByUs = plan.summary.organisationId === actor.organisationId;
      } else if (body.messageId) {
        if (body.body !== undefined || body.category !== undefined)
          throw new Invalid('body', 'メッセージから作るときは、本文と区分はメッセージのものを使います。');
        // Reading the message is a read like any other (its own consent check and audit row).
        const message = await messages.get(ctx, body.messageId);
        if (message.personId !== personId)
          throw new Invalid('messageId', 'このご本人のメッセージではありません。', 'UNKNOWN_MESSAGE');
        if (message.status === 'withdrawn' || message.body === null)
          throw new Invalid('messageId', '取り下げられたメッセージはシートにできません。');
        category = message.category;
        text = message.body;
        recordedByUs = message.author.organisationId === actor.organisationId;
      } else {
        if (!body.category) throw new Invalid('category', '情報の区分を選んでください。');
        if (!body.body?.trim()) throw new Invalid('body', 'お伝えすることを入力してください。');
        category = body.category;
        text = body.body.trim();
      }
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
          'この機関は つなぐ を利用しています。メッセージでお伝えください。',
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
      const now = clock.now();
      const link = newLink(key);
      const id = await db.transaction().execute(async (trx) => {
        let sheetId: string | null = null;
        // A reply code is short; on the rare collision, draw again.
        for (let attempt = 0; attempt < 5 && !sheetId; attempt++) {
          const code = newReplyCode();
          const taken = await trx
            .selectFrom('liaisonSheets')
            .select('id')
            .where('replyCode', '=', code)
            .executeTakeFirst();
          if (taken) continue;
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
            linkExpiresAt: new Date(now.getTime() + config.liaisonLinkHours * 3_600_000),
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
      return sheetOut(ctx, id, { pin: link.pin });
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
      const { gate, row } = await openSheet(ctx, id, 'liaison.sheet_read');
      await recordAuditAlone(db, ctx, {
        action: 'liaison.sheet_read',
        targetType: 'liaison_sheet',
        targetId: id,
        personId: row.personId,
        viaEmergency: gate.viaEmergency,
      });
      return (await toSheets(ctx, [row]))[0]!;
    },

    /** The PDF to print and FAX by hand; the download is recorded as a delivery and audited. */
    async pdf(ctx: RequestContext, id: string): Promise<{ pdf: Uint8Array; filename: string }> {
      const { gate, row } = await openSheetToSend(ctx, id, 'liaison.sheet_download');
      await requireRecipientConsent(row.personId, row.recipientOrganisationId, row.category);
      const { pdf, replyCode } = await renderFor(id);
      await db.transaction().execute(async (trx) => {
        await repo.insertDelivery(trx, {
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
        const deliveryId = await repo.insertDelivery(trx, {
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
      const link = newLink(key);
      await db.transaction().execute(async (trx) => {
        await repo.reissueLink(trx, id, {
          tokenHash: link.tokenHash,
          tokenSealed: link.tokenSealed,
          pinSealed: link.pinSealed,
          pinOnSheet: !pinBySms,
          linkExpiresAt: new Date(clock.now().getTime() + config.liaisonLinkHours * 3_600_000),
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

    /** 電話で確認済み / FAXで返信あり: a reply recorded by hand against the reply code. */
    async recordReply(ctx: RequestContext, body: RecordReplyBody): Promise<LiaisonSheet> {
      const code = normaliseReplyCode(body.replyCode);
      const facts = await repo.findSheetFacts(db, { replyCode: code });
      if (!facts) {
        await recordAuditAlone(db, ctx, {
          action: 'liaison.reply',
          outcome: 'denied',
          details: { reason: 'unknown_code' },
        });
        throw new Invalid('replyCode', 'この返信コードのシートが見つかりません。', 'UNKNOWN_REPLY_CODE');
      }
      const { row } = await openSheet(ctx, facts.id, 'liaison.reply');
      await requireAbility(
        db,
        ctx,
        'liaison.reply',
        { kind: 'organisation', organisationId: row.senderOrganisationId },
        { type: 'liaison_sheet', id: row.id },
      );
      await db.transaction().execute((trx) =>
        settleReply(trx, ctx, row, {
          at: clock.now(),
          channel: body.channel,
          text: body.reply?.trim() || null,
          respondent: body.respondent?.trim() || null,
          recordedByUserId: actorOf(ctx).userId,
        }),
      );
      return sheetOut(ctx, row.id);
    },

    /** A scanned reply (FAX back): records the reply if none yet, else keeps the scan with it. */
    async attachScan(ctx: RequestContext, id: string, file: Upload): Promise<LiaisonSheet> {
      const { row } = await openSheet(ctx, id, 'liaison.reply_scan');
      await requireAbility(
        db,
        ctx,
        'liaison.reply',
        { kind: 'organisation', organisationId: row.senderOrganisationId },
        { type: 'liaison_sheet', id },
      );
      const scan = { filename: file.filename, contentType: file.contentType, data: file.data };
      await db.transaction().execute(async (trx) => {
        if (row.status === 'awaiting') {
          await settleReply(trx, ctx, row, {
            at: clock.now(),
            channel: 'fax',
            text: null,
            respondent: null,
            recordedByUserId: actorOf(ctx).userId,
            file: scan,
          });
          return;
        }
        if (!(await repo.attachReplyFile(trx, id, scan)))
          throw new Conflict('SCAN_EXISTS', 'このシートには、すでに返信の画像があるか、返信がありません。');
        await recordAudit(trx, ctx, {
          action: 'liaison.reply_scan',
          targetType: 'liaison_sheet',
          targetId: id,
          personId: row.personId,
          details: { sizeBytes: file.sizeBytes },
        });
      });
      return sheetOut(ctx, id);
    },

    async scan(ctx: RequestContext, id: string) {
      const { gate, row } = await openSheet(ctx, id, 'liaison.reply_scan_read');
      const file = await repo.findReplyFile(db, id);
      if (!file?.replyFileData || !file.replyFileName || !file.replyFileType)
        throw new NotFound('返信の画像');
      await recordAuditAlone(db, ctx, {
        action: 'liaison.reply_scan_read',
        targetType: 'liaison_sheet',
        targetId: id,
        personId: row.personId,
        viaEmergency: gate.viaEmergency,
      });
      return {
        filename: file.replyFileName,
        contentType: file.replyFileType,
        data: Buffer.from(file.replyFileData),
      };
    },

    /** Sheets the caller (or their organisation) still awaits a reply to, oldest due first; one audit row. */
    async outstanding(
      ctx: RequestContext,
      scopeName: 'mine' | 'organisation',
    ): Promise<{ items: OutstandingReply[] }> {
      const actor = actorOf(ctx);
      if (!actor.organisationId) return { items: [] };
      const scope = personScope(actor, clock.now());
      const rows = await repo.outstanding(db, scope, scopeName === 'mine');
      await recordAuditAlone(db, ctx, {
        action: 'liaison.outstanding',
        details: {
          scope: scopeName,
          returned: rows.length,
          persons: [...new Set(rows.map((r) => r.personId))],
        },
      });
      return {
        items: rows.map((r) => {
          const sentOn = tokyoDateOf(r.createdAt);
          return {
            ...r,
            createdAt: r.createdAt.toISOString(),
            ageDays: Math.max(0, daysBetween(sentOn, scope.today)),
            isOverdue: r.replyBy < scope.today,
          };
        }),
      };
    },

    // ------------------------------------------------------------ guest

    async guestLink(ctx: RequestContext, token: string): Promise<GuestLink> {
      const sheet = await guestSheet(ctx, token, 'liaison.guest_link');
      await recordAuditAlone(db, ctx, {
        action: 'liaison.guest_link',
        targetType: 'liaison_sheet',
        targetId: sheet.id,
      });
      return {
        senderOrganisationName: sheet.senderOrganisationName,
        expiresAt: sheet.linkExpiresAt.toISOString(),
        attemptsLeft: LIAISON_PIN_ATTEMPTS - sheet.pinFailures,
      };
    },

    async guestOpen(ctx: RequestContext, token: string, pin: string): Promise<GuestItem> {
      const sheet = await guestSheet(ctx, token, 'liaison.guest_open');
      await checkPin(ctx, sheet, pin, 'liaison.guest_open');
      await recordAuditAlone(db, ctx, {
        action: 'liaison.guest_open',
        targetType: 'liaison_sheet',
        targetId: sheet.id,
        personId: sheet.personId,
        actorOrganisationId: sheet.recipientOrganisationId,
      });
      return guestItem(sheet.id);
    },

    async guestReply(ctx: RequestContext, token: string, body: GuestReplyBody): Promise<GuestItem> {
      const sheet = await guestSheet(ctx, token, 'liaison.guest_reply');
      await checkPin(ctx, sheet, body.pin, 'liaison.guest_reply');
      await db.transaction().execute((trx) =>
        settleReply(trx, ctx, sheet, {
          at: clock.now(),
          channel: 'link',
          text: body.reply?.trim() || null,
          respondent: body.respondent?.trim() || null,
          recordedByUserId: null,
        }),
      );
      return guestItem(sheet.id);
    },

    // ------------------------------------------------------------ 連絡記録

    async recordContact(
      ctx: RequestContext,
      personId: string,
      body: RecordContactBody,
    ): Promise<ContactLogEntry> {
      const occurredAt = new Date(body.occurredAt);
      if (occurredAt.getTime() > clock.now().getTime() + 5 * 60_000)
        throw new Invalid('occurredAt', '未来の日時は記録できません。');
      if (
        body.counterpartOrganisationId &&
        !(await repo.organisationContact(db, body.counterpartOrganisationId))
      )
        throw new Invalid(
          'counterpartOrganisationId',
          '相手の機関が見つかりません。',
          'UNKNOWN_ORGANISATION',
        );
      const actor = actorOf(ctx);
      const direction = body.mode === 'visit' || body.mode === 'meeting' ? null : (body.direction ?? null);
      // The item carries what was said with its quality metadata; the entry, how and with whom.
      const item = await information.record(
        ctx,
        personId,
        {
          category: body.category,
          topic: null,
          content: body.content,
          source: body.source,
          kind: body.kind,
          observedOn: tokyoDateOf(occurredAt),
        },
        async (trx, itemId) => {
          await repo.insertContact(trx, {
            itemLineageId: itemId,
            personId,
            mode: body.mode,
            direction,
            counterpart: body.counterpart.trim(),
            counterpartOrganisationId: body.counterpartOrganisationId ?? null,
            occurredAt,
            sheetId: null,
            recordedByUserId: actor.userId,
            recordedByOrganisationId: actor.organisationId!,
            createdAt: clock.now(),
          });
          await recordAudit(trx, ctx, {
            action: 'contact.record',
            targetType: 'item',
            targetId: itemId,
            personId,
            details: { mode: body.mode, category: body.category },
          });
        },
      );
      const scope = personScope(actor, clock.now());
      const [row] = await repo.listContacts(db, scope, personId, item.id);
      return toContact(row!);
    },

    async contactLog(ctx: RequestContext, personId: string): Promise<{ entries: ContactLogEntry[] }> {
      const gate = await openPerson(deps, ctx, personId, 'contact.list');
      const rows = await db.transaction().execute(async (trx) => {
        const found = await repo.listContacts(trx, gate.scope, personId);
        await recordAudit(trx, ctx, {
          action: 'contact.list',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { returned: found.length },
        });
        return found;
      });
      return { entries: rows.map(toContact) };
    },
  };
}

function toContact(r: repo.ContactRow): ContactLogEntry {
  return {
    itemId: r.itemId,
    personId: r.personId,
    mode: r.mode,
    direction: r.direction,
    counterpart: r.counterpart,
    counterpartOrganisationId: r.counterpartOrganisationId,
    counterpartOrganisationName: r.counterpartOrganisationName,
    occurredAt: r.occurredAt.toISOString(),
    category: r.category,
    content: r.content,
    source: r.source,
    kind: r.kind,
    observedOn: r.observedOn,
    sheetId: r.sheetId,
    recordedBy: { name: r.recordedByName, organisationName: r.recordedByOrganisationName },
    recordedAt: r.recordedAt.toISOString(),
  };
}

export type LiaisonService = ReturnType<typeof createLiaisonService>;
