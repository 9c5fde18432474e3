import type { Kysely } from 'kysely';
import {
  MESSAGE_ATTACHMENTS_MAX,
  urgentMessageProblem,
  type CorrectMessageBody,
  type Item,
  type Message,
  type MessageListQuery,
  type MessageToItemBody,
  type PostMessageBody,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { audienceOf, personScope } from '../../platform/access/person-access.ts';
import {
  openPerson,
  personCan,
  requirePersonAbility,
  type PersonGate,
} from '../../platform/access/person-guard.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { Upload } from '../../platform/files/uploads.ts';
import type { InformationService } from '../information/information.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { EscalationsService } from '../escalations/escalations.service.ts';
import * as repo from './messages.repository.ts';

function toMessage(ctx: RequestContext, gate: PersonGate, row: repo.MessageRow): Message {
  const actor = actorOf(ctx);
  const facts = {
    category: row.category,
    recordedByUs: row.authorOrganisationId === actor.organisationId,
    isAuthor: row.authorUserId === actor.userId,
  };
  const withdrawn = row.status === 'withdrawn';
  return {
    id: row.id,
    seq: row.seq,
    personId: row.personId,
    threadId: row.threadId,
    topic: row.topic,
    category: row.category,
    priority: row.priority,
    requiresAck: row.requiresAck,
    body: withdrawn ? null : row.body,
    status: row.status,
    author: {
      userId: row.authorUserId,
      name: row.authorName,
      organisationId: row.authorOrganisationId,
      organisationName: row.authorOrganisationName,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    mentions: row.mentions,
    attachments: withdrawn ? [] : row.attachments,
    receipts: {
      expected: row.expected,
      read: row.readCount,
      acknowledged: row.ackDone,
      awaitingAck: row.ackExpected - row.ackDone,
    },
    urgentCase: row.urgentCase && {
      id: row.urgentCase.id,
      status: row.urgentCase.status,
      takenBy: row.urgentCase.acknowledgedAt
        ? {
            name: row.urgentCase.acknowledgedBy,
            organisationName: row.urgentCase.acknowledgedOrganisation,
            at: new Date(row.urgentCase.acknowledgedAt).toISOString(),
          }
        : null,
    },
    myAck: row.myAckExists
      ? { acknowledgedAt: row.myAckAt?.toISOString() ?? null, reply: row.myAckReply }
      : null,
    isRead: row.isRead,
    abilities: {
      correct: !withdrawn && personCan(ctx, gate, 'message.correct', facts),
      withdraw: !withdrawn && personCan(ctx, gate, 'message.withdraw', facts),
      acknowledge:
        !withdrawn &&
        row.myAckExists &&
        row.myAckAt === null &&
        personCan(ctx, gate, 'message.acknowledge', facts),
      toItem: !withdrawn && personCan(ctx, gate, 'message.to_item', facts),
    },
  };
}

/** チームの連絡: a person's team timeline, receipts and acknowledgements, live and by e-mail. */
export function createMessagesService(
  deps: Deps,
  {
    notifications,
    information,
    escalations,
  }: {
    notifications: NotificationsService;
    information: InformationService;
    /** Routes 至急 and 緊急 messages (off-hours coverage); absent where a test builds messages alone. */
    escalations?: Pick<EscalationsService, 'open' | 'acknowledgeSource' | 'acknowledgeSourceForOrganisation'>;
  },
) {
  const { db, clock, bus, hub } = deps;

  hub.setDeliveryRecorder((personId, userId, seq, executor) =>
    repo.markDelivered(executor, personId, userId, seq, clock.now()),
  );

  /** A message the caller may see (its person and its category), or 404 — audited either way. */
  async function openMessage(
    ctx: RequestContext,
    id: string,
    attempted: string,
  ): Promise<{ gate: PersonGate; row: repo.MessageRow }> {
    const facts = await repo.findMessageFacts(db, id);
    if (!facts) throw new NotFound('連絡');
    const gate = await openPerson(deps, ctx, facts.personId, attempted, { type: 'message', id });
    const row = await repo.findVisibleMessage(db, gate.scope, id);
    if (!row) {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'message',
        targetId: id,
        personId: facts.personId,
      });
      throw new NotFound('連絡');
    }
    return { gate, row };
  }

  async function checkMentions(
    body: PostMessageBody,
    personId: string,
    authorOrganisationId: string,
    today: string,
  ): Promise<{ userId: string | null; organisationId: string | null }[]> {
    const mentions = body.mentions ?? [];
    if (mentions.length === 0) return [];
    const audience = await audienceOf(
      db,
      { personId, category: body.category, recordedByOrganisationId: authorOrganisationId },
      { today, now: clock.now() },
    );
    const result: { userId: string | null; organisationId: string | null }[] = [];
    for (const [i, m] of mentions.entries()) {
      if ((m.userId === undefined) === (m.organisationId === undefined)) {
        throw new Invalid(`mentions.${i}`, '宛先には職員か機関のどちらか一方を指定してください。');
      }
      if (m.organisationId) {
        if (!audience.organisationIds.has(m.organisationId)) {
          throw new Invalid(
            `mentions.${i}.organisationId`,
            'この機関は支援チームにいないか、この区分の情報を共有する同意がありません。',
            'MENTION_NOT_PERMITTED',
          );
        }
        result.push({ userId: null, organisationId: m.organisationId });
      } else {
        const memberships = await db
          .selectFrom('memberships')
          .select('organisationId')
          .where('userId', '=', m.userId!)
          .execute();
        if (!memberships.some((x) => audience.organisationIds.has(x.organisationId))) {
          throw new Invalid(
            `mentions.${i}.userId`,
            'この職員の機関には、この区分の情報を共有する同意がありません。',
            'MENTION_NOT_PERMITTED',
          );
        }
        result.push({ userId: m.userId!, organisationId: null });
      }
    }
    return result;
  }

  /** Who is told about a new message: the staff it expects to read it, and the staff of organisations asked to acknowledge. */
  async function recipientsOf(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    readers: { userId: string | null; organisationId: string | null }[],
    authorUserId: string,
    orgRecipients: string[],
  ): Promise<string[]> {
    const users = readers.filter((r) => r.userId).map((r) => r.userId!);
    users.push(...(await notifications.activeStaffOf(trx, ctx, orgRecipients)));
    return [...new Set(users)].filter((u) => u !== authorUserId);
  }

  /** A list across persons is one read: one audit row naming the persons and messages it showed. */
  async function auditList(
    ctx: RequestContext,
    action: string,
    rows: readonly { personId: string; messageId: string }[],
  ): Promise<void> {
    await recordAuditAlone(db, ctx, {
      action,
      details: {
        returned: rows.length,
        persons: [...new Set(rows.map((r) => r.personId))],
        messages: rows.map((r) => r.messageId),
      },
    });
  }

  return {
    /** Unread messages of a person's timeline, for a caller whose access was already checked (the person page). */
    unreadCount(_ctx: RequestContext, gate: PersonGate): Promise<number> {
      return repo.unreadCount(db, gate.scope, gate.access.personId);
    },

    async list(ctx: RequestContext, personId: string, q: MessageListQuery) {
      const gate = await openPerson(deps, ctx, personId, q.q ? 'message.search' : 'message.list');
      const limit = q.limit ?? 50;
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listMessages(trx, gate.scope, personId, q, limit + 1);
        const page = rows.slice(0, limit);
        const newest = page[0]?.seq;
        if (newest && !q.before)
          await repo.markDelivered(trx, personId, gate.scope.userId, newest, clock.now());
        await recordAudit(trx, ctx, {
          action: q.q ? 'message.search' : 'message.list',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { returned: page.length, messages: page.map((r) => r.id), ...(q.q ? { q: q.q } : {}) },
        });
        return {
          messages: page.map((r) => toMessage(ctx, gate, r)),
          nextBefore: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
          unread: await repo.unreadCount(trx, gate.scope, personId),
        };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Message> {
      const { gate, row } = await openMessage(ctx, id, 'message.read');
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'message.read',
          targetType: 'message',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        }),
      );
      return toMessage(ctx, gate, row);
    },

    async post(
      ctx: RequestContext,
      personId: string,
      body: PostMessageBody,
      files: Upload[],
    ): Promise<{ message: Message; committedAt: number }> {
      const gate = await openPerson(deps, ctx, personId, 'message.post');
      await requirePersonAbility(deps, ctx, gate, 'message.post', { category: body.category });
      const actor = actorOf(ctx);
      if (files.length > MESSAGE_ATTACHMENTS_MAX)
        throw new Invalid('files', `添付ファイルは${MESSAGE_ATTACHMENTS_MAX}個までです。`);
      let threadId: string | null = null;
      if (body.threadId) {
        const root = await repo.findMessageFacts(db, body.threadId);
        if (!root || root.personId !== personId)
          throw new Invalid('threadId', 'スレッドが見つかりません。', 'UNKNOWN_THREAD');
        threadId = root.threadId ?? root.id;
      }
      if (threadId && body.topic)
        throw new Invalid('topic', '返信には話題を付けられません（話題はスレッドの最初の連絡に付けます）。');
      const mentions = await checkMentions(body, personId, actor.organisationId!, gate.scope.today);
      // 至急・緊急: a number to call back (required for 緊急), and the emergency exception's conditions.
      const problem = urgentMessageProblem(body);
      if (problem) throw new Invalid(problem.field, problem.message);
      // 至急 and 緊急 always need an acknowledgement.
      const requiresAck = body.priority !== 'normal' || body.requiresAck === true;
      const now = clock.now();
      const row = await db.transaction().execute(async (trx) => {
        const created = await repo.insertMessage(trx, {
          personId,
          threadId,
          topic: body.topic?.trim() || null,
          category: body.category,
          priority: body.priority,
          requiresAck,
          body: body.body.trim(),
          authorUserId: actor.userId,
          authorOrganisationId: actor.organisationId!,
          now,
        });
        await repo.insertMentions(trx, created.id, mentions);
        for (const f of files)
          await repo.insertAttachment(
            trx,
            {
              messageId: created.id,
              filename: f.filename,
              contentType: f.contentType,
              sizeBytes: f.sizeBytes,
              sha256: f.sha256,
              data: f.data,
            },
            now,
          );
        // Who the message expects to read it (and which organisations), computed once for acks and notifications.
        const readers = await repo.ackRecipients(trx, created.id, gate.scope.today);
        const ackRecipients = requiresAck ? readers : [];
        await repo.insertAcks(trx, created.id, ackRecipients);
        await recordAudit(trx, ctx, {
          action: 'message.post',
          targetType: 'message',
          targetId: created.id,
          personId,
          details: {
            category: body.category,
            priority: body.priority,
            requiresAck,
            attachments: files.length,
          },
        });
        await bus.publish(trx, {
          kind: 'message.created',
          personId,
          category: body.category,
          subjectId: created.id,
          authorOrganisationId: actor.organisationId,
          payload: { seq: created.seq, priority: body.priority, requiresAck },
        });
        // Those it names hear of it as a mention; the other expected readers as a message.
        const mentioned = await recipientsOf(
          trx,
          ctx,
          mentions.filter((m) => m.userId),
          actor.userId,
          mentions.filter((m) => m.organisationId).map((m) => m.organisationId!),
        );
        const others = (
          await recipientsOf(
            trx,
            ctx,
            readers,
            actor.userId,
            requiresAck ? ackRecipients.filter((r) => r.organisationId).map((r) => r.organisationId!) : [],
          )
        ).filter((u) => !mentioned.includes(u));
        const told = {
          personId,
          subjectId: created.id,
          priority: body.priority,
          payload: { authorName: actor.displayName, organisationId: actor.organisationId, requiresAck },
        };
        await notifications.notify(trx, ctx, mentioned, { kind: 'mention', ...told });
        await notifications.notify(trx, ctx, others, { kind: 'message', ...told });
        // 至急 and 緊急 are routed: to open offices of the team, else on call, then up the chain.
        if (body.priority !== 'normal' && escalations)
          await escalations.open(trx, ctx, {
            sourceKind: 'message',
            sourceId: created.id,
            personId,
            category: body.category,
            priority: body.priority,
            callbackPhone: body.callbackPhone ?? null,
            ...(body.emergencyException ? { exception: body.emergencyException } : {}),
          });
        // Read back inside the transaction: the answer is ready the moment the commit returns.
        return (await repo.findVisibleMessage(trx, gate.scope, created.id))!;
      });
      // When the message became visible to others (for the Server-Timing header the benchmark reads).
      const committedAt = performance.now();
      return { message: toMessage(ctx, gate, row), committedAt };
    },

    async markRead(ctx: RequestContext, personId: string, upToSeq: string): Promise<{ unread: number }> {
      const gate = await openPerson(deps, ctx, personId, 'message.read');
      const actor = actorOf(ctx);
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('timelineCursors')
          .select('readSeq')
          .where('personId', '=', personId)
          .where('userId', '=', actor.userId)
          .executeTakeFirst();
        const advanced = await repo.markRead(trx, personId, actor.userId, upToSeq, clock.now());
        if (advanced) {
          await repo.markMessageNotificationsRead(trx, actor.userId, personId, upToSeq, clock.now());
          // Tell the authors of the messages this read covers, so their receipts update live.
          const authors = await trx
            .selectFrom('messages')
            .select('authorUserId')
            .distinct()
            .where('personId', '=', personId)
            .where('seq', '>', before?.readSeq ?? '0')
            .where('seq', '<=', upToSeq)
            .where('authorUserId', 'is not', null)
            .where('authorUserId', '<>', actor.userId)
            .execute();
          for (const a of authors)
            await bus.publish(trx, {
              kind: 'receipt.read',
              personId,
              userId: a.authorUserId,
              payload: { upToSeq },
            });
        }
        return { unread: await repo.unreadCount(trx, gate.scope, personId) };
      });
    },

    /** 確認しました: settles the caller's (and their organisation's) acknowledgement, with an optional reply. */
    async acknowledge(ctx: RequestContext, id: string, reply: string | null | undefined): Promise<Message> {
      const { gate, row } = await openMessage(ctx, id, 'message.acknowledge');
      if (row.status === 'withdrawn' || !row.myAckExists || row.myAckAt !== null) {
        throw new Conflict(
          'NOTHING_TO_ACKNOWLEDGE',
          'この連絡に確認を求められていないか、既に確認済みです。',
        );
      }
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        await repo.acknowledge(trx, id, {
          userId: actor.userId,
          organisationId: actor.organisationId!,
          reply: reply?.trim() || null,
          now: clock.now(),
        });
        await repo.markRead(trx, row.personId, actor.userId, row.seq, clock.now());
        await repo.markMessageNotificationsRead(trx, actor.userId, row.personId, row.seq, clock.now());
        // Acknowledging an urgent message takes its case: the escalation chain stops.
        if (row.priority !== 'normal' && escalations)
          await escalations.acknowledgeSource(trx, ctx, 'message', id);
        await recordAudit(trx, ctx, {
          action: 'message.acknowledge',
          targetType: 'message',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { withReply: Boolean(reply?.trim()) },
        });
        await bus.publish(trx, {
          kind: 'message.acknowledged',
          personId: row.personId,
          category: row.category,
          subjectId: id,
          authorOrganisationId: row.authorOrganisationId,
          payload: {},
        });
      });
      return toMessage(ctx, gate, (await repo.findVisibleMessage(db, gate.scope, id))!);
    },

    /**
     * A reply that came back outside the app (連携シート: guest link, phone, FAX) counts as the
     * acknowledgement of the organisation it was sent to. Runs in the caller's transaction; the
     * caller has checked the sheet and its consent. Returns how many acknowledgements it settled.
     */
    async acknowledgeOnBehalf(
      trx: Kysely<Tables>,
      ctx: RequestContext,
      a: {
        messageId: string;
        organisationId: string;
        reply: string | null;
        byUserId: string | null;
        via: string;
      },
    ): Promise<number> {
      const m = await repo.findMessageFacts(trx, a.messageId);
      if (!m || m.status === 'withdrawn') return 0;
      const settled = await repo.acknowledgeForOrganisation(trx, a.messageId, {
        organisationId: a.organisationId,
        byUserId: a.byUserId,
        reply: a.reply?.trim() || null,
        now: clock.now(),
      });
      if (settled === 0) return 0;
      // An urgent message answered this way is taken by that organisation: its chain stops.
      if (escalations)
        await escalations.acknowledgeSourceForOrganisation(
          trx,
          ctx,
          'message',
          a.messageId,
          a.organisationId,
          a.reply?.trim() || null,
        );
      await recordAudit(trx, ctx, {
        action: 'message.acknowledge',
        targetType: 'message',
        targetId: a.messageId,
        personId: m.personId,
        details: { onBehalfOf: a.organisationId, via: a.via, withReply: Boolean(a.reply?.trim()) },
      });
      await bus.publish(trx, {
        kind: 'message.acknowledged',
        personId: m.personId,
        category: m.category,
        subjectId: a.messageId,
        authorOrganisationId: m.authorOrganisationId,
        payload: {},
      });
      return settled;
    },

    async receipts(ctx: RequestContext, id: string) {
      const { gate, row } = await openMessage(ctx, id, 'message.receipts');
      return db.transaction().execute(async (trx) => {
        const rows = await repo.receipts(trx, id, gate.scope.today);
        await recordAudit(trx, ctx, {
          action: 'message.receipts',
          targetType: 'message',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        });
        return rows.map((r) => ({
          recipient: {
            userId: r.userId,
            organisationId: r.organisationId,
            name: r.name,
            organisationName: r.organisationName,
          },
          deliveredAt: r.deliveredAt?.toISOString() ?? null,
          readAt: r.readAt?.toISOString() ?? null,
          ackRequired: r.ackRequired,
          acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
          acknowledgedBy: r.acknowledgedBy,
          reply: r.reply,
        }));
      });
    },

    async correct(ctx: RequestContext, id: string, body: CorrectMessageBody): Promise<Message> {
      return change(ctx, id, 'message.correct', {
        body: body.body.trim(),
        change: 'corrected',
        reason: body.reason.trim(),
      });
    },

    async withdraw(ctx: RequestContext, id: string, reason: string): Promise<Message> {
      return change(ctx, id, 'message.withdraw', { body: null, change: 'withdrawn', reason: reason.trim() });
    },

    /** The history stays readable to those who could read the original. */
    async history(ctx: RequestContext, id: string) {
      const { gate, row } = await openMessage(ctx, id, 'message.history');
      return db.transaction().execute(async (trx) => {
        const versions = await repo.history(trx, id);
        await recordAudit(trx, ctx, {
          action: 'message.history',
          targetType: 'message',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        });
        return versions.map((v) => ({ ...v, changedAt: v.changedAt.toISOString() }));
      });
    },

    async attachment(ctx: RequestContext, attachmentId: string) {
      const file = await repo.findAttachment(db, attachmentId);
      if (!file) throw new NotFound('添付ファイル');
      const { gate, row } = await openMessage(ctx, file.messageId, 'message.attachment');
      if (row.status === 'withdrawn') throw new NotFound('添付ファイル');
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'message.attachment',
          targetType: 'attachment',
          targetId: attachmentId,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        }),
      );
      return file;
    },

    /** One step from a message to a quality-tagged information item. */
    async toItem(ctx: RequestContext, id: string, body: MessageToItemBody): Promise<Item> {
      const { gate, row } = await openMessage(ctx, id, 'message.to_item');
      const actor = actorOf(ctx);
      await requirePersonAbility(
        deps,
        ctx,
        gate,
        'message.to_item',
        { category: row.category, recordedByUs: row.authorOrganisationId === actor.organisationId },
        { type: 'message', id },
      );
      if (row.status === 'withdrawn') throw new Invalid('id', '取り下げられた連絡は情報にできません。');
      return information.record(ctx, row.personId, {
        category: row.category,
        topic: body.topic ?? null,
        content: row.body,
        source: body.source,
        kind: body.kind,
        observedOn: body.observedOn,
      });
    },

    async awaitingMe(ctx: RequestContext) {
      const scope = personScope(actorOf(ctx), clock.now());
      const rows = await repo.awaitingMe(db, scope);
      await auditList(ctx, 'message.awaiting_me', rows);
      return rows.map(({ seq: _seq, ...r }) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        waitingFor: [] as string[],
      }));
    },

    async awaitingOthers(ctx: RequestContext) {
      const scope = personScope(actorOf(ctx), clock.now());
      const rows = await repo.awaitingOthers(db, scope);
      await auditList(ctx, 'message.awaiting_others', rows);
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },
  };

  async function change(
    ctx: RequestContext,
    id: string,
    ability: 'message.correct' | 'message.withdraw',
    c: { body: string | null; change: 'corrected' | 'withdrawn'; reason: string },
  ): Promise<Message> {
    const { gate, row } = await openMessage(ctx, id, ability);
    const actor = actorOf(ctx);
    await requirePersonAbility(
      deps,
      ctx,
      gate,
      ability,
      { category: row.category, isAuthor: row.authorUserId === actor.userId },
      { type: 'message', id },
    );
    if (row.status === 'withdrawn') {
      throw new Conflict('MESSAGE_WITHDRAWN', 'この連絡は取り下げ済みです。');
    }
    await db.transaction().execute(async (trx) => {
      await repo.addVersion(trx, id, {
        body: c.body ?? row.body,
        change: c.change,
        reason: c.reason,
        userId: actor.userId,
        now: clock.now(),
      });
      await recordAudit(trx, ctx, {
        action: ability === 'message.correct' ? 'message.correct' : 'message.withdraw',
        targetType: 'message',
        targetId: id,
        personId: row.personId,
        details: { reason: c.reason },
      });
      await bus.publish(trx, {
        kind: 'message.updated',
        personId: row.personId,
        category: row.category,
        subjectId: id,
        authorOrganisationId: row.authorOrganisationId,
        payload: { status: c.change },
      });
    });
    return toMessage(ctx, gate, (await repo.findVisibleMessage(db, gate.scope, id))!);
  }
}

export type MessagesService = ReturnType<typeof createMessagesService>;
