import type { Kysely } from 'kysely';
import type { InformationCategory } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict } from '../../platform/errors.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import * as repo from './liaison.repository.ts';

/** The sheet a reply settles: enough to acknowledge its message and tell its sender. */
export interface RepliedSheet {
  id: string;
  personId: string;
  category: InformationCategory;
  messageId: string | null;
  recipientOrganisationId: string;
  senderOrganisationId: string;
}

export type Reply = Parameters<typeof repo.setReply>[2];

/** What a reply does however it came (guest link, or recorded by hand), in the caller's transaction. */
export function createReplySettling(deps: Deps, { messages }: { messages: MessagesService }) {
  const { bus } = deps;

  /** Records a reply once (409 on a second), settles the message's acknowledgement, audits and tells the sender live. */
  return async function settleReply(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    sheet: RepliedSheet,
    reply: Reply,
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
  };
}

export type SettleReply = ReturnType<typeof createReplySettling>;
