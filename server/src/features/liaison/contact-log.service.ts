import type { Kysely } from 'kysely';
import type {
  ContactDirection,
  ContactLogEntry,
  ContactMode,
  HandReplyChannel,
  InformationCategory,
  RecordContactBody,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { personScope, tokyoDateOf } from '../../platform/access/person-access.ts';
import { openPerson, type PersonGate } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid } from '../../platform/errors.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { InformationService } from '../information/information.service.ts';
import * as contactsRepo from './contact-log.repository.ts';
import * as repo from './liaison.repository.ts';

/** Visits and meetings have no direction; calls, faxes and letters do. */
const directionOf = (mode: ContactMode, given: ContactDirection | null): ContactDirection | null =>
  mode === 'visit' || mode === 'meeting' ? null : given;

/** How a reply recorded by hand was heard, for its entry's summary. */
const heardBy: Record<HandReplyChannel, string> = {
  phone: '電話で',
  fax: 'FAXで',
  visit: '訪問で',
  other: '',
};

/** The entry's text for a reply recorded by hand: that it came, how, and what it said. */
function replySummary(replyCode: string, reply: { channel: HandReplyChannel; text: string | null }): string {
  const heard = `連携シート（返信コード ${replyCode}）の返信を${heardBy[reply.channel]}受けました。`;
  return reply.text ? `${heard}\n返信の内容: ${reply.text}` : heard;
}

/**
 * 連絡記録: phone calls, FAXes, visits and meetings with whom and when. What was said is an
 * information item (source, kind, date) on the person's timeline; the entry says how and with whom.
 * A reply to a 連携シート recorded by hand writes its entry too, once per sheet.
 */
export function createContactLogService(
  deps: Deps,
  {
    information,
    exclusions,
  }: { information: InformationService; exclusions: Pick<ExclusionsService, 'guard'> },
) {
  const { db, clock } = deps;

  /** The entry beside its item, in the item's transaction, and its audit row. */
  async function insertEntry(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    entry: Omit<
      contactsRepo.NewContact,
      'itemLineageId' | 'recordedByUserId' | 'recordedByOrganisationId' | 'createdAt'
    > & { itemId: string; category: InformationCategory },
  ): Promise<void> {
    const actor = actorOf(ctx);
    const { itemId, category, ...values } = entry;
    await contactsRepo.insertContact(trx, {
      ...values,
      itemLineageId: itemId,
      recordedByUserId: actor.userId,
      recordedByOrganisationId: actor.organisationId!,
      createdAt: clock.now(),
    });
    await recordAudit(trx, ctx, {
      action: 'contact.record',
      targetType: 'item',
      targetId: itemId,
      personId: entry.personId,
      details: {
        mode: entry.mode,
        category,
        ...(entry.sheetId ? { sheetId: entry.sheetId, origin: entry.origin } : {}),
      },
    });
  }

  return {
    async record(ctx: RequestContext, personId: string, body: RecordContactBody): Promise<ContactLogEntry> {
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
      const gate = await openPerson(deps, ctx, personId, 'contact.record');
      await requireAbility(
        db,
        ctx,
        'contact_entry.record',
        {
          kind: 'contact_entry',
          category: body.category,
          recordedByOrganisationId: actorOf(ctx).organisationId,
          person: gate.access,
        },
        { type: 'person', id: personId },
      );
      // Telling, or hearing from, someone the person must never be told of is flagged before saving.
      await exclusions.guard(
        db,
        ctx,
        personId,
        [{ who: { name: body.counterpart }, field: 'counterpart' }],
        body.excludedContactConfirmed === true,
      );
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
        (trx, itemId) =>
          insertEntry(trx, ctx, {
            itemId,
            personId,
            category: body.category,
            mode: body.mode,
            direction: directionOf(body.mode, body.direction ?? null),
            counterpart: body.counterpart.trim(),
            counterpartOrganisationId: body.counterpartOrganisationId ?? null,
            occurredAt,
            sheetId: null,
            origin: 'contact',
          }),
      );
      const scope = personScope(actorOf(ctx), clock.now());
      const [row] = await contactsRepo.listContacts(db, scope, personId, item.id);
      return toContact(row!);
    },

    /**
     * The entry of a reply recorded by hand (電話・FAX・訪問), in the reply's transaction: the caller
     * has opened the sheet and checked liaison.reply. Its item is in the sheet's category, recorded by
     * the caller's organisation; a second entry for the same sheet fails on the unique index.
     */
    async recordHandReply(
      trx: Kysely<Tables>,
      ctx: RequestContext,
      gate: PersonGate,
      sheet: {
        id: string;
        personId: string;
        category: InformationCategory;
        recipientOrganisationId: string;
        recipientName: string;
        replyCode: string;
      },
      reply: { at: Date; channel: HandReplyChannel; text: string | null; respondent: string | null },
    ): Promise<void> {
      const recipient = await repo.organisationContact(trx, sheet.recipientOrganisationId);
      const itemId = await information.recordWithin(
        trx,
        ctx,
        sheet.personId,
        {
          category: sheet.category,
          topic: null,
          content: replySummary(sheet.replyCode, reply),
          source: recipient?.sector === 'medical' ? 'medical_institution' : 'supporter_observation',
          kind: 'objective',
          observedOn: tokyoDateOf(reply.at),
        },
        gate.viaEmergency,
      );
      await insertEntry(trx, ctx, {
        itemId,
        personId: sheet.personId,
        category: sheet.category,
        mode: reply.channel,
        // They answered the sheet: the call or FAX came to us.
        direction: directionOf(reply.channel, 'incoming'),
        counterpart: [sheet.recipientName, reply.respondent].filter(Boolean).join(' '),
        counterpartOrganisationId: sheet.recipientOrganisationId,
        occurredAt: reply.at,
        sheetId: sheet.id,
        origin: 'liaison_reply',
      });
    },

    async list(ctx: RequestContext, personId: string): Promise<{ entries: ContactLogEntry[] }> {
      const gate = await openPerson(deps, ctx, personId, 'contact.list');
      const rows = await db.transaction().execute(async (trx) => {
        const found = await contactsRepo.listContacts(trx, gate.scope, personId);
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

export type ContactLogService = ReturnType<typeof createContactLogService>;

function toContact(r: contactsRepo.ContactRow): ContactLogEntry {
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
    origin: r.origin,
    recordedBy: { name: r.recordedByName, organisationName: r.recordedByOrganisationName },
    recordedAt: r.recordedAt.toISOString(),
  };
}
