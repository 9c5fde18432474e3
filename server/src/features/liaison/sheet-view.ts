import type { LiaisonSheet } from '@tsunagu/contract';
import {
  loadPersonAccess,
  personScope,
  tokyoDateOf,
  type PersonAccess,
} from '../../platform/access/person-access.ts';
import { allows } from '../../platform/access/policy.ts';
import { open as openSealed } from '../../platform/auth/secret-box.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFound } from '../../platform/errors.ts';
import { categoryLabels, renderSheetPdf } from './liaison-pdf.ts';
import * as deliveries from './liaison-delivery.repository.ts';
import * as repo from './liaison.repository.ts';
import { sheetResource, type SheetAccess } from './sheet-access.ts';

/** A 連携シート as staff see it (with its deliveries and the caller's abilities), and as the printed page. */
export function createSheetView(deps: Deps, access: Pick<SheetAccess, 'recipientCovered'>) {
  const { db, clock, config } = deps;
  const key = config.encryptionKey;
  const shortUrl = (token: string) => `${config.publicUrl}/r/${token}`;

  /** The caller's access to each person, for abilities: the read itself was opened and audited already. */
  const accesses = new WeakMap<RequestContext, Map<string, PersonAccess | null>>();
  async function accessOf(ctx: RequestContext, personId: string): Promise<PersonAccess | null> {
    const cache = accesses.get(ctx) ?? new Map<string, PersonAccess | null>();
    accesses.set(ctx, cache);
    if (!cache.has(personId))
      cache.set(personId, await loadPersonAccess(db, personScope(actorOf(ctx), clock.now()), personId));
    return cache.get(personId) ?? null;
  }

  /** Sheets the caller has been allowed to read, as the API returns them, with what the policy lets them do. */
  async function toSheets(ctx: RequestContext, rows: repo.SheetRow[]): Promise<LiaisonSheet[]> {
    const sent = await deliveries.listDeliveries(
      db,
      rows.map((r) => r.id),
    );
    return Promise.all(
      rows.map(async (r) => {
        const resource = sheetResource(r, await accessOf(ctx, r.personId));
        const mayReply = allows(ctx, 'liaison_sheet.record_reply', resource);
        const maySend = allows(ctx, 'liaison_sheet.send', resource);
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
          deliveries: sent
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

  /** The sheet after a write the caller made (already audited), with the new PIN when one was drawn. */
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

  /** The A4 page to print or mail to a FAX gateway; the caller has checked who asks and the consent. */
  async function renderSheet(sheetId: string): Promise<{ pdf: Uint8Array; replyCode: string }> {
    const s = await repo.findSheetForPdf(db, sheetId);
    const [recipient, sender] = await Promise.all([
      repo.organisationContact(db, s.recipientOrganisationId),
      repo.organisationContact(db, s.senderOrganisationId),
    ]);
    // The name only where the person's consent covers 基本情報 for the recipient.
    const named = await access.recipientCovered(s.personId, s.recipientOrganisationId, 'identity');
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

  return { toSheets, sheetOut, renderSheet };
}

export type SheetView = ReturnType<typeof createSheetView>;
