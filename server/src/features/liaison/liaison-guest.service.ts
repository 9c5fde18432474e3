import type { Kysely } from 'kysely';
import { LIAISON_PIN_ATTEMPTS, type GuestItem, type GuestLink, type GuestReplyBody } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { open as openSealed } from '../../platform/auth/secret-box.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, Forbidden, NotFound } from '../../platform/errors.ts';
import * as repo from './liaison.repository.ts';
import type { SettleReply } from './settle-reply.ts';
import type { SheetAccess } from './sheet-access.ts';
import { samePin, tokenHashOf } from './sheet-codes.ts';

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

type GuestSheet = NonNullable<Awaited<ReturnType<typeof repo.findGuestSheet>>>;

/**
 * The guest side: someone at the receiving organisation, without an account, opens the sheet's
 * short link, enters the PIN and sees that one item only, then replies. Wrong PINs count and lock
 * the link; every refusal is audited.
 */
export function createGuestService(
  deps: Deps,
  { access, settleReply }: { access: Pick<SheetAccess, 'recipientCovered'>; settleReply: SettleReply },
) {
  const { db, clock, config } = deps;
  const key = config.encryptionKey;

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
  async function checkPin(ctx: RequestContext, sheet: GuestSheet, pin: string, attempted: string) {
    if (samePin(openSealed(key, sheet.pinSealed), pin)) {
      if (!(await access.recipientCovered(sheet.personId, sheet.recipientOrganisationId, sheet.category))) {
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

  /** The one item the link shows; the person's name only where consent covers 基本情報 for the recipient. */
  async function guestItem(executor: Kysely<Tables>, sheetId: string): Promise<GuestItem> {
    const s = await repo.findGuestItem(executor, sheetId);
    const named = await access.recipientCovered(s.personId, s.recipientOrganisationId, 'identity', executor);
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

  return {
    /** The link's state before the PIN: who sent it, until when, how many tries are left. */
    async link(ctx: RequestContext, token: string): Promise<GuestLink> {
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

    async open(ctx: RequestContext, token: string, pin: string): Promise<GuestItem> {
      const sheet = await guestSheet(ctx, token, 'liaison.guest_open');
      await checkPin(ctx, sheet, pin, 'liaison.guest_open');
      // The item is read in its audit row's transaction.
      return db.transaction().execute(async (trx) => {
        await recordAudit(trx, ctx, {
          action: 'liaison.guest_open',
          targetType: 'liaison_sheet',
          targetId: sheet.id,
          personId: sheet.personId,
          actorOrganisationId: sheet.recipientOrganisationId,
        });
        return guestItem(trx, sheet.id);
      });
    },

    /** 確認しました: the reply by the link. It shows on the sheet; the contact log is for calls and FAXes. */
    async reply(ctx: RequestContext, token: string, body: GuestReplyBody): Promise<GuestItem> {
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
      // What the guest just wrote, shown back (the reply's audit row covers it).
      return guestItem(db, sheet.id);
    },
  };
}
