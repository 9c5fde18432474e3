import {
  informationCategories,
  lifeTopics,
  voiceTopics,
  type CorrectItemBody,
  type InformationCategory,
  type Item,
  type ItemListQuery,
  type RecordItemBody,
  type SetFreshnessRuleBody,
} from '@tsunagu/contract';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import {
  openPerson,
  personCan,
  requirePersonAbility,
  type PersonGate,
} from '../../platform/access/person-guard.ts';
import { personScope, toPersonAccess, type PersonScope } from '../../platform/access/person-access.ts';
import { can } from '../../platform/access/policy.ts';
import { auditCtes, recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import * as repo from './information.repository.ts';

const lifeCategories: readonly InformationCategory[] = ['daily_living', 'life_history', 'work_daytime'];

function provenance(
  userId: string | null,
  name: string | null,
  organisationId: string | null,
  organisationName: string | null,
) {
  return { userId, name, organisationId, organisationName };
}

function toItem(ctx: RequestContext, gate: PersonGate, row: repo.ItemRow): Item {
  const recordedByUs = row.recordedByOrganisationId === actorOf(ctx).organisationId;
  return {
    id: row.lineageId,
    versionId: row.versionId,
    version: row.version,
    isCurrent: row.isCurrent,
    personId: row.personId,
    category: row.category,
    topic: row.topic,
    content: row.content,
    source: row.source,
    kind: row.kind,
    observedOn: row.observedOn,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: provenance(
      row.recordedByUserId,
      row.recordedByName,
      row.recordedByOrganisationId,
      row.recordedByOrganisationName,
    ),
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    confirmedBy: row.confirmedAt
      ? provenance(
          row.confirmedByUserId,
          row.confirmedByName,
          row.confirmedByOrganisationId,
          row.confirmedByOrganisationName,
        )
      : null,
    correctionReason: row.correctionReason,
    freshness: row.freshness,
    reviewDays: row.reviewDays,
    abilities: row.isCurrent
      ? {
          confirm: personCan(ctx, gate, 'item.confirm', { category: row.category, recordedByUs }),
          correct: personCan(ctx, gate, 'item.correct', { category: row.category, recordedByUs }),
        }
      : { confirm: false, correct: false },
  };
}

/** A date the information was true cannot lie in the future or before the person was born. */
function checkObservedOn(observedOn: string, today: string): void {
  if (observedOn > today)
    throw new Invalid('observedOn', 'その情報が確かだった日に未来の日付は指定できません。');
  if (observedOn < '1900-01-01') throw new Invalid('observedOn', 'その情報が確かだった日が古すぎます。');
}

function checkTopic(body: Pick<RecordItemBody, 'category' | 'topic' | 'kind'>): void {
  const topic = body.topic ?? null;
  if (body.category === 'voice') {
    if (!topic || !(voiceTopics as readonly string[]).includes(topic)) {
      throw new Invalid(
        'topic',
        '本人の意思には項目（希望する暮らし・大切にしていること など）を選んでください。',
      );
    }
    if (body.kind !== 'own_words' && body.kind !== 'supporter_understanding') {
      throw new Invalid('kind', '本人の意思は「本人の言葉」か「支援者の理解」のどちらかです。');
    }
  } else {
    if (body.kind === 'supporter_understanding')
      throw new Invalid('kind', '「支援者の理解」は本人の意思の区分でだけ使えます。');
    if (
      topic &&
      !((lifeTopics as readonly string[]).includes(topic) && lifeCategories.includes(body.category))
    ) {
      throw new Invalid('topic', 'この区分にはこの項目を指定できません。');
    }
  }
}

/** 情報: quality-tagged information items, their versions, freshness and review intervals. */
export function createInformationService(deps: Deps) {
  const { db, clock } = deps;

  /** The current version of an item the caller may see, or 404. */
  async function openItem(
    ctx: RequestContext,
    lineageId: string,
  ): Promise<{ gate: PersonGate; row: repo.ItemRow }> {
    const found = await db
      .selectFrom('informationItems')
      .select('personId')
      .where('lineageId', '=', lineageId)
      .where('isCurrent', '=', true)
      .executeTakeFirst();
    if (!found) throw new NotFound('情報');
    const gate = await openPerson(deps, ctx, found.personId, 'item.read', { type: 'item', id: lineageId });
    const [row] = await repo.findItemVersions(db, gate.scope, lineageId, true);
    const recordedByUs = row?.recordedByOrganisationId === actorOf(ctx).organisationId;
    if (!row || !personCan(ctx, gate, 'item.read', { category: row.category, recordedByUs })) {
      // Outside the caller's consent scope: answered like a missing item, and audited.
      await recordAuditAlone(db, ctx, {
        action: 'item.read',
        outcome: 'denied',
        targetType: 'item',
        targetId: lineageId,
        personId: found.personId,
      });
      throw new NotFound('情報');
    }
    return { gate, row };
  }

  /** A new item by the caller and its audit row, in `trx`. */
  async function insertAudited(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    personId: string,
    body: RecordItemBody,
    viaEmergency: boolean,
  ): Promise<string> {
    const actor = actorOf(ctx);
    const id = await repo.insertItem(trx, {
      personId,
      category: body.category,
      topic: body.topic ?? null,
      content: body.content.trim(),
      source: body.source,
      kind: body.kind,
      observedOn: body.observedOn,
      recordedAt: clock.now(),
      recordedByUserId: actor.userId,
      recordedByOrganisationId: actor.organisationId!,
    });
    await recordAudit(trx, ctx, {
      action: 'item.record',
      targetType: 'item',
      targetId: id,
      personId,
      viaEmergency,
      details: { category: body.category },
    });
    return id;
  }

  return {
    async list(
      ctx: RequestContext,
      personId: string,
      q: ItemListQuery,
    ): Promise<{ items: Item[]; nextBefore: string | null }> {
      const limit = q.limit ?? 50;
      const before = q.before ? parseCursor(q.before) : undefined;
      const scope = personScope(actorOf(ctx), clock.now());
      // The access check, the page and its audit row in one statement: the hottest read of all.
      const read = await repo.readTimelinePage(db, scope, personId, { ...q, before }, limit, (o) =>
        auditCtes(
          ctx,
          {
            action: 'item.list',
            targetType: 'person',
            targetId: personId,
            personId,
            viaEmergency: o.viaEmergency,
            ...(q.category ? { details: { category: q.category } } : {}),
          },
          { when: o.when, details: o.details },
        ),
      );
      const access = read ? toPersonAccess(read.access) : null;
      const allowed = access !== null && can(actorOf(ctx), 'person.read', { kind: 'person', access });
      if (!allowed || !read) {
        // Not found or not permitted: the guard's own path audits the denial and answers 404.
        await openPerson(deps, ctx, personId, 'item.list');
        throw new Error('the timeline statement and the access policy disagree about a denial');
      }
      if (!read.audited)
        throw new Error('the timeline statement and the access policy disagree: read not audited');
      const gate: PersonGate = { scope, access, viaEmergency: access.emergencyUntil !== null };
      const page = read.items.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => toItem(ctx, gate, r)),
        nextBefore:
          read.items.length > limit && last ? `${last.recordedAt.toISOString()}_${last.versionId}` : null,
      };
    },

    /** Items of some categories for the person page (its audit row covers them). */
    /** `executor` is the caller's transaction, where the read is audited (PGlite has a single connection). */
    async forOverview(
      ctx: RequestContext,
      gate: PersonGate,
      personId: string,
      categories: readonly InformationCategory[],
      limit: number,
      executor: Kysely<Tables> = db,
    ): Promise<Item[]> {
      const rows = await repo.listVisibleItems(executor, gate.scope, personId, { categories }, limit);
      return rows.map((r) => toItem(ctx, gate, r));
    },

    /** Freshness per category of a person the caller has opened. */
    freshnessByCategory(_ctx: RequestContext, gate: PersonGate) {
      return repo.freshnessByCategory(db, gate.scope, gate.access.personId);
    },

    /** `executor` is the caller's transaction when there is one (PGlite has a single connection). */
    freshnessCountsByPerson(
      _ctx: RequestContext,
      scope: PersonScope,
      personIds: readonly string[],
      executor: Kysely<Tables> = db,
    ) {
      return repo.freshnessCountsByPerson(executor, scope, personIds);
    },

    /** `within` runs in the item's transaction, for a feature that records more about it (連絡記録). */
    async record(
      ctx: RequestContext,
      personId: string,
      body: RecordItemBody,
      within?: (trx: Kysely<Tables>, itemId: string) => Promise<void>,
    ): Promise<Item> {
      const gate = await openPerson(deps, ctx, personId, 'item.record');
      await requirePersonAbility(deps, ctx, gate, 'item.record', { category: body.category });
      checkObservedOn(body.observedOn, gate.scope.today);
      checkTopic(body);
      const lineageId = await db.transaction().execute(async (trx) => {
        const id = await insertAudited(trx, ctx, personId, body, gate.viaEmergency);
        if (within) await within(trx, id);
        return id;
      });
      const [row] = await repo.findItemVersions(db, gate.scope, lineageId, true);
      return toItem(ctx, gate, row!);
    },

    /**
     * An item written in the caller's transaction as the record of a write the caller has already
     * checked and audited (a 連携シート's reply recorded by hand: the 連絡記録 of that call or FAX).
     * The same row and `item.record` audit as `record`; returns the item's id.
     */
    recordWithin: insertAudited,

    /** 最新確認: "still true" refreshes an item without rewriting it. */
    async confirm(ctx: RequestContext, lineageId: string): Promise<Item> {
      const { gate, row } = await openItem(ctx, lineageId);
      const recordedByUs = row.recordedByOrganisationId === actorOf(ctx).organisationId;
      await requirePersonAbility(
        deps,
        ctx,
        gate,
        'item.confirm',
        { category: row.category, recordedByUs },
        { type: 'item', id: lineageId },
      );
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        await repo.confirmItem(trx, row.versionId, {
          at: clock.now(),
          userId: actor.userId,
          organisationId: actor.organisationId!,
        });
        await recordAudit(trx, ctx, {
          action: 'item.confirm',
          targetType: 'item',
          targetId: lineageId,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        });
      });
      const [updated] = await repo.findItemVersions(db, gate.scope, lineageId, true);
      return toItem(ctx, gate, updated!);
    },

    /** A correction is a new version; the old one stays readable with who, when and why. */
    async correct(ctx: RequestContext, lineageId: string, body: CorrectItemBody): Promise<Item> {
      const { gate, row } = await openItem(ctx, lineageId);
      const recordedByUs = row.recordedByOrganisationId === actorOf(ctx).organisationId;
      await requirePersonAbility(
        deps,
        ctx,
        gate,
        'item.correct',
        { category: row.category, recordedByUs },
        { type: 'item', id: lineageId },
      );
      const observedOn = body.observedOn ?? row.observedOn;
      checkObservedOn(observedOn, gate.scope.today);
      const kind = body.kind ?? row.kind;
      checkTopic({ category: row.category, topic: row.topic, kind });
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        await repo.retireCurrent(trx, lineageId);
        await repo.insertItem(
          trx,
          {
            personId: row.personId,
            category: row.category,
            topic: row.topic,
            content: body.content.trim(),
            source: body.source ?? row.source,
            kind,
            observedOn,
            recordedAt: clock.now(),
            recordedByUserId: actor.userId,
            recordedByOrganisationId: actor.organisationId!,
          },
          { lineageId, version: row.version + 1, correctionReason: body.reason.trim() },
        );
        await recordAudit(trx, ctx, {
          action: 'item.correct',
          targetType: 'item',
          targetId: lineageId,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { version: row.version + 1 },
        });
      });
      const [updated] = await repo.findItemVersions(db, gate.scope, lineageId, true);
      return toItem(ctx, gate, updated!);
    },

    async versions(ctx: RequestContext, lineageId: string): Promise<Item[]> {
      const { gate, row } = await openItem(ctx, lineageId);
      return db.transaction().execute(async (trx) => {
        const rows = await repo.findItemVersions(trx, gate.scope, lineageId, false);
        await recordAudit(trx, ctx, {
          action: 'item.versions',
          targetType: 'item',
          targetId: lineageId,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        });
        return rows.map((r) => toItem(ctx, gate, r));
      });
    },

    async rules(_ctx: RequestContext, regionId: string | null) {
      const rows = await repo.listRules(db, regionId);
      return informationCategories.map((category) => {
        const own = rows.find((r) => r.category === category && r.regionId === regionId && regionId !== null);
        const fallback = rows.find((r) => r.category === category && r.regionId === null);
        return { category, reviewDays: own?.reviewDays ?? fallback?.reviewDays ?? 90, isDefault: !own };
      });
    },

    async setRule(ctx: RequestContext, body: SetFreshnessRuleBody): Promise<void> {
      await requireAbility(db, ctx, 'freshness.manage');
      if (body.regionId) {
        const region = await db
          .selectFrom('regions')
          .select('id')
          .where('id', '=', body.regionId)
          .executeTakeFirst();
        if (!region) throw new Invalid('regionId', '圏域が見つかりません。', 'UNKNOWN_REGION');
      }
      await db.transaction().execute(async (trx) => {
        await repo.upsertRule(trx, body.regionId, body.category, body.reviewDays, clock.now());
        await recordAudit(trx, ctx, {
          action: 'freshness.set',
          targetType: 'region',
          targetId: body.regionId,
          details: { category: body.category, reviewDays: body.reviewDays },
        });
      });
    },
  };
}

function parseCursor(cursor: string): { recordedAt: Date; id: string } {
  const [at, id] = cursor.split('_');
  const recordedAt = new Date(at ?? '');
  if (!id || Number.isNaN(recordedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id))
    throw new Invalid('before', '続きの位置が正しくありません。');
  return { recordedAt, id };
}

export type InformationService = ReturnType<typeof createInformationService>;
