import type { LiaisonSheet, OutstandingReply, RecordReplyBody } from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { personScope, tokyoDateOf } from '../../platform/access/person-access.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { Upload } from '../../platform/files/uploads.ts';
import { daysBetween } from '../../platform/tokyo-time.ts';
import type { ContactLogService } from './contact-log.service.ts';
import * as repo from './liaison.repository.ts';
import type { SettleReply } from './settle-reply.ts';
import type { SheetAccess } from './sheet-access.ts';
import { normaliseReplyCode } from './sheet-codes.ts';
import type { SheetView } from './sheet-view.ts';

/**
 * Replies that came back by phone, FAX or a visit, recorded by the sending organisation's staff
 * (against the reply code, or with the scan of the FAX), each with its 連絡記録; and the sheets
 * still awaiting a reply (返信待ち).
 */
export function createRepliesService(
  deps: Deps,
  {
    access,
    view,
    settleReply,
    contacts,
  }: {
    access: Pick<SheetAccess, 'openSheet'>;
    view: Pick<SheetView, 'sheetOut'>;
    settleReply: SettleReply;
    contacts: Pick<ContactLogService, 'recordHandReply'>;
  },
) {
  const { db, clock } = deps;
  const { openSheet } = access;
  const { sheetOut } = view;

  /** A sheet the caller may record a reply to: visible, and the policy's liaison_sheet.record_reply (403 audited). */
  async function openSheetToAnswer(ctx: RequestContext, id: string, attempted: string) {
    const opened = await openSheet(ctx, id, attempted);
    await requireAbility(db, ctx, 'liaison_sheet.record_reply', opened.resource, {
      type: 'liaison_sheet',
      id,
    });
    return opened;
  }

  return {
    /** 電話で確認済み / FAXで返信あり: a reply recorded by hand against the reply code. */
    async record(ctx: RequestContext, body: RecordReplyBody): Promise<LiaisonSheet> {
      const code = normaliseReplyCode(body.replyCode);
      const facts = await repo.findSheetFacts(db, { replyCode: code }, tokyoDateOf(clock.now()));
      if (!facts) {
        await recordAuditAlone(db, ctx, {
          action: 'liaison.reply',
          outcome: 'denied',
          details: { reason: 'unknown_code' },
        });
        throw new Invalid('replyCode', 'この返信コードのシートが見つかりません。', 'UNKNOWN_REPLY_CODE');
      }
      const { gate, row } = await openSheetToAnswer(ctx, facts.id, 'liaison.reply');
      const reply = {
        at: clock.now(),
        channel: body.channel,
        text: body.reply?.trim() || null,
        respondent: body.respondent?.trim() || null,
        recordedByUserId: actorOf(ctx).userId,
      };
      await db.transaction().execute(async (trx) => {
        await settleReply(trx, ctx, row, reply);
        await contacts.recordHandReply(trx, ctx, gate, row, reply);
      });
      return sheetOut(ctx, row.id);
    },

    /** A scanned reply (FAX back): records the reply if none yet, else keeps the scan with it. */
    async attachScan(ctx: RequestContext, id: string, file: Upload): Promise<LiaisonSheet> {
      const { gate, row } = await openSheetToAnswer(ctx, id, 'liaison.reply_scan');
      const scan = { filename: file.filename, contentType: file.contentType, data: file.data };
      await db.transaction().execute(async (trx) => {
        if (row.status === 'awaiting') {
          const reply = {
            at: clock.now(),
            channel: 'fax' as const,
            text: null,
            respondent: null,
            recordedByUserId: actorOf(ctx).userId,
          };
          await settleReply(trx, ctx, row, { ...reply, file: scan });
          await contacts.recordHandReply(trx, ctx, gate, row, reply);
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
      // The scan is read in its audit row's transaction.
      return db.transaction().execute(async (trx) => {
        const file = await repo.findReplyFile(trx, id);
        if (!file?.replyFileData || !file.replyFileName || !file.replyFileType)
          throw new NotFound('返信の画像');
        await recordAudit(trx, ctx, {
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
      });
    },

    /** Sheets the caller (or their organisation) still awaits a reply to, oldest due first; one audit row. */
    async outstanding(
      ctx: RequestContext,
      scopeName: 'mine' | 'organisation',
    ): Promise<{ items: OutstandingReply[] }> {
      const actor = actorOf(ctx);
      if (!actor.organisationId) return { items: [] };
      const scope = personScope(actor, clock.now());
      const rows = await db.transaction().execute(async (trx) => {
        const found = await repo.outstanding(trx, scope, scopeName === 'mine');
        await recordAudit(trx, ctx, {
          action: 'liaison.outstanding',
          details: {
            scope: scopeName,
            returned: found.length,
            persons: [...new Set(found.map((r) => r.personId))],
          },
        });
        return found;
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
  };
}
