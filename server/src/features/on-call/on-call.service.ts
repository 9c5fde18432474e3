import type { Kysely } from 'kysely';
import {
  SHIFT_MAX_HOURS,
  type Coverage,
  type CoverageQuery,
  type CreateShiftBody,
  type CreateSwapRequestBody,
  type OnCallNow,
  type OnCallRole,
  type OnCallShift,
  type OnCallShiftDetail,
  type ShiftList,
  type ShiftListQuery,
  type SwapRequest,
  type UpdateShiftBody,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { can, type Action, type Resource } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { DAY_MS, formatJapaneseDateTime } from '../../platform/tokyo-time.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import * as coverageRepo from './coverage.repository.ts';
import { coverageCheck } from './on-call.ts';
import * as repo from './on-call.repository.ts';

const HOUR_MS = 3_600_000;
/** The widest window a list or coverage check may ask for. */
const MAX_WINDOW_DAYS = 62;
/** The coverage check looks this far ahead unless told otherwise. */
const COVERAGE_DEFAULT_DAYS = 28;
/** How far ahead "next shift" looks on the now screen. */
const NEXT_SHIFT_DAYS = 7;

const roleName: Record<OnCallRole, string> = { primary: '主担当', backup: '副担当' };

const shiftResource = (row: repo.ShiftRow): Resource => ({
  kind: 'on_call_shift',
  organisationId: row.organisationId,
  assigneeUserIds: [row.primaryUserId, ...(row.backupUserId ? [row.backupUserId] : [])],
});

const swapResource = (row: repo.SwapRow): Resource => ({
  kind: 'on_call_swap',
  organisationId: row.organisationId,
  fromUserId: row.fromUserId,
  toUserId: row.toUserId,
});

function toShift(row: repo.ShiftRow, actor: Actor, now: Date): OnCallShift {
  const live = row.cancelledAt === null && row.endsAt > now;
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    regionIds: row.regionIds,
    primary: { userId: row.primaryUserId, displayName: row.primaryName, isReachable: row.primaryActive },
    backup: row.backupUserId
      ? { userId: row.backupUserId, displayName: row.backupName ?? '', isReachable: row.backupActive }
      : null,
    contactPhone: row.contactPhone,
    note: row.note,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    abilities: {
      manage: live && can(actor, 'oncall.manage', shiftResource(row)),
      requestSwap: live && can(actor, 'oncall.swap_request', shiftResource(row)),
    },
  };
}

function toSwap(row: repo.SwapRow, actor: Actor): SwapRequest {
  const involved =
    row.fromUserId === actor.userId ||
    row.toUserId === actor.userId ||
    can(actor, 'oncall.manage', { kind: 'organisation', organisationId: row.organisationId });
  const pending = row.status === 'pending';
  return {
    id: row.id,
    shiftId: row.shiftId,
    role: row.role,
    from: { userId: row.fromUserId, displayName: row.fromName },
    to: { userId: row.toUserId, displayName: row.toName },
    message: involved ? row.message : null,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    shift: {
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      organisationName: row.organisationName,
    },
    abilities: {
      respond: pending && can(actor, 'oncall.swap_respond', swapResource(row)),
      withdraw: pending && can(actor, 'oncall.swap_withdraw', swapResource(row)),
    },
  };
}

/** A window from query strings: to after from, at most MAX_WINDOW_DAYS long. */
function windowOf(fromText: string, toText: string): { from: Date; to: Date } {
  const from = new Date(fromText);
  const to = new Date(toText);
  if (to <= from) throw new Invalid('to', '終了は開始より後にしてください。', 'END_BEFORE_START');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new Invalid('to', `一度に見られるのは ${MAX_WINDOW_DAYS} 日までです。`, 'RANGE_TOO_LONG');
  }
  return { from, to };
}

/** The person fields of a shift as history records them (names as they were then). */
const personOf = (userId: string | null, names: ReadonlyMap<string, string>) =>
  userId ? { userId, displayName: names.get(userId) ?? '' } : null;

/**
 * 当番表: covering organisations' admins draw up shifts (a primary and a backup from their own
 * staff, the regions covered, start and end); staff on a shift ask a colleague to take it over and
 * the colleague accepts or declines; every change is kept in the shift's history and audited.
 * Everyone signed in reads the rota, who is on call now and the coverage check.
 */
export function createOnCallService(
  deps: Deps,
  { regions, notifications }: { regions: RegionsService; notifications: NotificationsService },
) {
  const { db, clock } = deps;

  /** A write on something that does not exist: the attempt is audited, then 404. */
  async function notFound(ctx: RequestContext, action: Action, type: string, id: string, what: string) {
    await recordAuditAlone(db, ctx, { action, outcome: 'failed', targetType: type, targetId: id });
    return new NotFound(what);
  }

  async function loadShift(ctx: RequestContext, id: string, action: Action): Promise<repo.ShiftRow> {
    const row = await repo.findShift(db, id);
    if (!row) throw await notFound(ctx, action, 'on_call_shift', id, '当番');
    return row;
  }

  async function checkRegions(ctx: RequestContext, regionIds: readonly string[]): Promise<void> {
    const missing = await regions.findMissing(ctx, regionIds);
    if (missing.length > 0) {
      throw new Invalid(
        `regionIds.${regionIds.indexOf(missing[0]!)}`,
        `担当圏域 ${missing[0]} が見つかりません。`,
        'UNKNOWN_REGION',
      );
    }
  }

  /** Times, people and their organisation: the rules every created or edited shift obeys. */
  async function checkShift(
    executor: Kysely<Tables>,
    organisationId: string,
    s: { startsAt: Date; endsAt: Date; primaryUserId: string; backupUserId: string | null },
  ): Promise<Map<string, string>> {
    if (Number.isNaN(s.startsAt.getTime())) throw new Invalid('startsAt', '開始の日時が読み取れません。');
    if (s.endsAt <= s.startsAt) {
      throw new Invalid('endsAt', '終了は開始より後にしてください。', 'END_BEFORE_START');
    }
    if (s.endsAt.getTime() - s.startsAt.getTime() > SHIFT_MAX_HOURS * HOUR_MS) {
      throw new Invalid('endsAt', `1 回の当番は ${SHIFT_MAX_HOURS / 24} 日までです。`, 'SHIFT_TOO_LONG');
    }
    if (s.backupUserId !== null && s.backupUserId === s.primaryUserId) {
      throw new Invalid('backupUserId', '副担当には主担当と別の職員を選んでください。', 'BACKUP_IS_PRIMARY');
    }
    const people = [s.primaryUserId, ...(s.backupUserId ? [s.backupUserId] : [])];
    const members = await repo.activeMembers(executor, organisationId, people);
    for (const [field, userId] of [
      ['primaryUserId', s.primaryUserId],
      ['backupUserId', s.backupUserId],
    ] as const) {
      if (userId && !members.has(userId)) {
        throw new Invalid(
          field,
          `${field === 'primaryUserId' ? '主担当' : '副担当'}は、この機関に所属している職員から選んでください。`,
          'NOT_STAFF_OF_ORGANISATION',
        );
      }
    }
    return members;
  }

  /** One organisation's shifts must not overlap in time over the same area (or a part of it). */
  async function checkNoOverlap(
    trx: Kysely<Tables>,
    organisationId: string,
    regionIds: readonly string[],
    startsAt: Date,
    endsAt: Date,
    excludeId?: string,
  ): Promise<void> {
    const clash = (
      await repo.shiftsBetween(
        trx,
        { organisationId, regionIds, ...(excludeId ? { excludeId } : {}) },
        startsAt,
        endsAt,
      )
    )[0];
    if (clash) {
      throw new Conflict(
        'OVERLAPPING_SHIFT',
        `同じ機関の当番（${clash.primaryName}、${formatRange(clash.startsAt, clash.endsAt)}）と時間と圏域が重なっています。`,
        'startsAt',
      );
    }
  }

  async function detail(ctx: RequestContext, id: string): Promise<OnCallShiftDetail> {
    const actor = actorOf(ctx);
    const row = await repo.findShift(db, id);
    if (!row) throw new NotFound('当番');
    const [history, swaps] = await Promise.all([repo.listHistory(db, id), repo.swapsOfShift(db, id)]);
    return {
      shift: toShift(row, actor, clock.now()),
      history: history.map((h) => ({
        kind: h.kind,
        at: h.at.toISOString(),
        actorName: h.actorName,
        changes: h.changes,
      })),
      swapRequests: swaps.map((s) => toSwap(s, actor)),
    };
  }

  async function swapById(ctx: RequestContext, id: string): Promise<SwapRequest> {
    const row = await repo.findSwap(db, id);
    if (!row) throw new NotFound('交代の依頼');
    return toSwap(row, actorOf(ctx));
  }

  /** Accept, decline or withdraw a pending request. */
  async function decide(
    ctx: RequestContext,
    id: string,
    decision: 'accepted' | 'declined' | 'withdrawn',
  ): Promise<SwapRequest> {
    const actor = actorOf(ctx);
    const action: Action = decision === 'withdrawn' ? 'oncall.swap_withdraw' : 'oncall.swap_respond';
    const request = await repo.findSwap(db, id);
    if (!request) throw await notFound(ctx, action, 'on_call_swap', id, '交代の依頼');
    await requireAbility(db, ctx, action, swapResource(request), { type: 'on_call_swap', id });
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await repo.lockShift(trx, request.shiftId);
      const current = await repo.findSwap(trx, id);
      if (current?.status !== 'pending') {
        throw new Conflict('SWAP_NOT_PENDING', 'この依頼には既に回答があるか、取り下げられています。');
      }
      if (decision === 'accepted') await applySwap(trx, ctx, request, now);
      await repo.decideSwap(trx, id, decision, actor.userId, now);
      await recordAudit(trx, ctx, {
        action: `oncall.swap_${decision === 'accepted' ? 'accept' : decision === 'declined' ? 'decline' : 'withdraw'}`,
        targetType: 'on_call_shift',
        targetId: request.shiftId,
        details: { swapRequestId: id, role: request.role, from: request.fromUserId, to: request.toUserId },
      });
      if (decision !== 'withdrawn') {
        await notifications.notify(trx, ctx, [request.fromUserId], {
          kind: decision === 'accepted' ? 'on_call_swap_accepted' : 'on_call_swap_declined',
          personId: null,
          subjectId: request.shiftId,
          payload: { name: request.toName, startsAt: request.startsAt.toISOString() },
        });
      }
    });
    return swapById(ctx, id);
  }

  /** The swap itself: the requested person takes the role, if the shift is still as it was asked about. */
  async function applySwap(trx: Kysely<Tables>, ctx: RequestContext, request: repo.SwapRow, now: Date) {
    const shift = await repo.findShift(trx, request.shiftId);
    if (!shift || shift.cancelledAt || shift.endsAt <= now) {
      throw new Conflict('SHIFT_NOT_LIVE', 'この当番は取り消されたか、終わっています。');
    }
    const holder = request.role === 'primary' ? shift.primaryUserId : shift.backupUserId;
    const other = request.role === 'primary' ? shift.backupUserId : shift.primaryUserId;
    if (holder !== request.fromUserId || other === request.toUserId) {
      throw new Conflict('SWAP_OUTDATED', 'この依頼の後に当番の担当が変わりました。依頼し直してください。');
    }
    const members = await repo.activeMembers(trx, shift.organisationId, [request.toUserId]);
    if (!members.has(request.toUserId)) {
      throw new Conflict('NOT_STAFF_OF_ORGANISATION', '交代する職員は、もうこの機関に所属していません。');
    }
    await repo.updateShift(
      trx,
      shift.id,
      request.role === 'primary' ? { primaryUserId: request.toUserId } : { backupUserId: request.toUserId },
      now,
    );
    await repo.insertHistory(
      trx,
      {
        shiftId: shift.id,
        kind: 'swapped',
        actorUserId: actorOf(ctx).userId,
        changes: {
          [request.role]: [
            { userId: request.fromUserId, displayName: request.fromName },
            { userId: request.toUserId, displayName: request.toName },
          ],
        },
      },
      now,
    );
  }

  return {
    detail,

    async list(ctx: RequestContext, q: ShiftListQuery): Promise<ShiftList> {
      const { from, to } = windowOf(q.from, q.to);
      const actor = actorOf(ctx);
      const rows = await repo.shiftsBetween(
        db,
        {
          ...(q.organisationId ? { organisationId: q.organisationId } : {}),
          ...(q.regionId ? { regionIds: [q.regionId] } : {}),
        },
        from,
        to,
      );
      const now = clock.now();
      const create =
        q.organisationId !== undefined &&
        can(actor, 'oncall.manage', { kind: 'organisation', organisationId: q.organisationId });
      return { shifts: rows.map((r) => toShift(r, actor, now)), abilities: { create } };
    },

    async create(ctx: RequestContext, body: CreateShiftBody): Promise<{ shifts: OnCallShift[] }> {
      const actor = actorOf(ctx);
      const name = await repo.organisationName(db, body.organisationId);
      if (!name) throw await notFound(ctx, 'oncall.manage', 'organisation', body.organisationId, '機関');
      await requireAbility(db, ctx, 'oncall.manage', {
        kind: 'organisation',
        organisationId: body.organisationId,
      });
      const first = {
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        primaryUserId: body.primaryUserId,
        backupUserId: body.backupUserId ?? null,
      };
      await checkShift(db, body.organisationId, first);
      await checkRegions(ctx, body.regionIds);
      const repeat = body.repeatDays ?? 1;
      if (repeat > 1 && first.endsAt.getTime() - first.startsAt.getTime() > DAY_MS) {
        throw new Invalid(
          'repeatDays',
          '24 時間を超える当番は毎日繰り返せません（重なります）。',
          'OVERLAPPING_SHIFT',
        );
      }
      const now = clock.now();
      const ids = await db.transaction().execute(async (trx) => {
        const created: string[] = [];
        for (let day = 0; day < repeat; day++) {
          const startsAt = new Date(first.startsAt.getTime() + day * DAY_MS);
          const endsAt = new Date(first.endsAt.getTime() + day * DAY_MS);
          await checkNoOverlap(trx, body.organisationId, body.regionIds, startsAt, endsAt);
          const id = await repo.insertShift(
            trx,
            {
              organisationId: body.organisationId,
              startsAt,
              endsAt,
              primaryUserId: first.primaryUserId,
              backupUserId: first.backupUserId,
              contactPhone: body.contactPhone ?? null,
              note: body.note?.trim() || null,
              createdByUserId: actor.userId,
              regionIds: body.regionIds,
            },
            now,
          );
          await repo.insertHistory(
            trx,
            { shiftId: id, kind: 'created', actorUserId: actor.userId, changes: {} },
            now,
          );
          await recordAudit(trx, ctx, {
            action: 'oncall.create_shift',
            targetType: 'on_call_shift',
            targetId: id,
            details: {
              organisationId: body.organisationId,
              startsAt: startsAt.toISOString(),
              endsAt: endsAt.toISOString(),
              primaryUserId: first.primaryUserId,
              backupUserId: first.backupUserId,
              regionIds: body.regionIds,
            },
          });
          created.push(id);
        }
        return created;
      });
      const rows = await Promise.all(ids.map((id) => repo.findShift(db, id)));
      return { shifts: rows.filter((r) => r !== undefined).map((r) => toShift(r, actor, now)) };
    },

    async update(ctx: RequestContext, id: string, body: UpdateShiftBody): Promise<OnCallShiftDetail> {
      const actor = actorOf(ctx);
      const row = await loadShift(ctx, id, 'oncall.manage');
      await requireAbility(db, ctx, 'oncall.manage', shiftResource(row), { type: 'on_call_shift', id });
      const now = clock.now();
      if (row.cancelledAt) throw new Conflict('SHIFT_CANCELLED', 'この当番は取り消されています。');
      if (row.endsAt <= now) throw new Conflict('SHIFT_ENDED', '終わった当番は変更できません。');
      const next = {
        startsAt: body.startsAt !== undefined ? new Date(body.startsAt) : row.startsAt,
        endsAt: body.endsAt !== undefined ? new Date(body.endsAt) : row.endsAt,
        primaryUserId: body.primaryUserId ?? row.primaryUserId,
        backupUserId: body.backupUserId !== undefined ? body.backupUserId : row.backupUserId,
      };
      const regionIds = body.regionIds ?? row.regionIds;
      const members = await checkShift(db, row.organisationId, next);
      if (body.regionIds) await checkRegions(ctx, body.regionIds);
      const names = new Map<string, string>([
        [row.primaryUserId, row.primaryName],
        ...(row.backupUserId ? [[row.backupUserId, row.backupName ?? ''] as [string, string]] : []),
        ...members,
      ]);
      const changes: Record<string, [unknown, unknown]> = {};
      if (next.startsAt.getTime() !== row.startsAt.getTime())
        changes.startsAt = [row.startsAt.toISOString(), next.startsAt.toISOString()];
      if (next.endsAt.getTime() !== row.endsAt.getTime())
        changes.endsAt = [row.endsAt.toISOString(), next.endsAt.toISOString()];
      if (next.primaryUserId !== row.primaryUserId)
        changes.primary = [personOf(row.primaryUserId, names), personOf(next.primaryUserId, names)];
      if (next.backupUserId !== row.backupUserId)
        changes.backup = [personOf(row.backupUserId, names), personOf(next.backupUserId, names)];
      if (body.regionIds && [...body.regionIds].sort().join() !== [...row.regionIds].sort().join())
        changes.regionIds = [row.regionIds, body.regionIds];
      if (body.contactPhone !== undefined && body.contactPhone !== row.contactPhone)
        changes.contactPhone = [row.contactPhone, body.contactPhone];
      const note = body.note !== undefined ? body.note?.trim() || null : row.note;
      if (note !== row.note) changes.note = [row.note, note];
      if (Object.keys(changes).length === 0) return detail(ctx, id);
      const onlyPeople = Object.keys(changes).every((k) => k === 'primary' || k === 'backup');

      await db.transaction().execute(async (trx) => {
        await repo.lockShift(trx, id);
        await checkNoOverlap(trx, row.organisationId, regionIds, next.startsAt, next.endsAt, id);
        await repo.updateShift(
          trx,
          id,
          {
            ...next,
            ...(body.contactPhone !== undefined ? { contactPhone: body.contactPhone } : {}),
            note,
          },
          now,
        );
        if (body.regionIds) await repo.replaceShiftRegions(trx, id, body.regionIds);
        // A pending swap is about the person who held the role: a reassignment overtakes it.
        await repo.cancelPendingSwaps(
          trx,
          id,
          (['primary', 'backup'] as const).filter((r) => r in changes),
          actor.userId,
          now,
        );
        await repo.insertHistory(
          trx,
          { shiftId: id, kind: onlyPeople ? 'reassigned' : 'updated', actorUserId: actor.userId, changes },
          now,
        );
        await recordAudit(trx, ctx, {
          action: 'oncall.update_shift',
          targetType: 'on_call_shift',
          targetId: id,
          details: { changed: Object.keys(changes) },
        });
      });
      return detail(ctx, id);
    },

    async cancel(ctx: RequestContext, id: string): Promise<OnCallShiftDetail> {
      const actor = actorOf(ctx);
      const row = await loadShift(ctx, id, 'oncall.manage');
      await requireAbility(db, ctx, 'oncall.manage', shiftResource(row), { type: 'on_call_shift', id });
      const now = clock.now();
      if (row.cancelledAt) throw new Conflict('SHIFT_CANCELLED', 'この当番は既に取り消されています。');
      if (row.endsAt <= now) throw new Conflict('SHIFT_ENDED', '終わった当番は取り消せません。');
      await db.transaction().execute(async (trx) => {
        await repo.lockShift(trx, id);
        await repo.updateShift(trx, id, { cancelledAt: now }, now);
        await repo.cancelPendingSwaps(trx, id, ['primary', 'backup'], actor.userId, now);
        await repo.insertHistory(
          trx,
          { shiftId: id, kind: 'cancelled', actorUserId: actor.userId, changes: {} },
          now,
        );
        await recordAudit(trx, ctx, {
          action: 'oncall.cancel_shift',
          targetType: 'on_call_shift',
          targetId: id,
        });
      });
      return detail(ctx, id);
    },

    async requestSwap(
      ctx: RequestContext,
      shiftId: string,
      body: CreateSwapRequestBody,
    ): Promise<SwapRequest> {
      const actor = actorOf(ctx);
      const row = await loadShift(ctx, shiftId, 'oncall.swap_request');
      await requireAbility(db, ctx, 'oncall.swap_request', shiftResource(row), {
        type: 'on_call_shift',
        id: shiftId,
      });
      const now = clock.now();
      if (row.cancelledAt || row.endsAt <= now) {
        throw new Conflict('SHIFT_NOT_LIVE', 'この当番は取り消されたか、終わっています。');
      }
      const holder = body.role === 'primary' ? row.primaryUserId : row.backupUserId;
      const other = body.role === 'primary' ? row.backupUserId : row.primaryUserId;
      if (holder !== actor.userId) {
        throw new Invalid(
          'role',
          `あなたはこの当番の${roleName[body.role]}ではありません。`,
          'NOT_YOUR_ROLE',
        );
      }
      if (body.toUserId === actor.userId) {
        throw new Invalid('toUserId', '交代をお願いする相手を選んでください。', 'SWAP_WITH_SELF');
      }
      if (body.toUserId === other) {
        throw new Invalid(
          'toUserId',
          'この職員は同じ当番のもう一人の担当です。主担当と副担当は別の職員にしてください。',
          'BACKUP_IS_PRIMARY',
        );
      }
      const members = await repo.activeMembers(db, row.organisationId, [body.toUserId]);
      if (!members.has(body.toUserId)) {
        throw new Invalid(
          'toUserId',
          '交代をお願いできるのは、この機関に所属している職員です。',
          'NOT_STAFF_OF_ORGANISATION',
        );
      }
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const id = await repo.insertSwap(
            trx,
            {
              shiftId,
              role: body.role,
              fromUserId: actor.userId,
              toUserId: body.toUserId,
              message: body.message?.trim() || null,
            },
            now,
          );
          await recordAudit(trx, ctx, {
            action: 'oncall.swap_request',
            targetType: 'on_call_shift',
            targetId: shiftId,
            details: { swapRequestId: id, role: body.role, to: body.toUserId },
          });
          await notifications.notify(trx, ctx, [body.toUserId], {
            kind: 'on_call_swap_request',
            personId: null,
            subjectId: shiftId,
            payload: { name: actor.displayName, startsAt: row.startsAt.toISOString() },
          });
          return id;
        })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') {
            throw new Conflict(
              'SWAP_PENDING',
              `この当番の${roleName[body.role]}には、回答を待っている依頼があります。`,
              'role',
            );
          }
          throw error;
        });
      return swapById(ctx, id);
    },

    accept: (ctx: RequestContext, id: string) => decide(ctx, id, 'accepted'),
    decline: (ctx: RequestContext, id: string) => decide(ctx, id, 'declined'),
    withdraw: (ctx: RequestContext, id: string) => decide(ctx, id, 'withdrawn'),

    /** Swap requests to or from me (and all of my organisation's, for its admin): open ones and the last month's. */
    async mySwapRequests(ctx: RequestContext): Promise<{ swapRequests: SwapRequest[] }> {
      const actor = actorOf(ctx);
      const adminOf =
        actor.organisationId &&
        can(actor, 'oncall.manage', { kind: 'organisation', organisationId: actor.organisationId })
          ? actor.organisationId
          : null;
      const since = new Date(clock.now().getTime() - 30 * DAY_MS);
      const rows = await repo.swapsFor(db, actor.userId, adminOf, since);
      return { swapRequests: rows.map((r) => toSwap(r, actor)) };
    },

    /** Who is on call now for each region of my area (my organisation's regions), or for one region. */
    async now(ctx: RequestContext, regionId: string | undefined): Promise<OnCallNow> {
      const actor = actorOf(ctx);
      const now = clock.now();
      let regionIds: string[];
      if (regionId) {
        if ((await regions.findMissing(ctx, [regionId])).length > 0) throw new NotFound('圏域');
        regionIds = [regionId];
      } else if (actor.organisationId) {
        regionIds = await repo.regionsOfOrganisation(db, actor.organisationId);
      } else {
        regionIds = await repo.regionIdsAt(db, ['municipality']);
      }
      const week = new Date(now.getTime() + NEXT_SHIFT_DAYS * DAY_MS);
      const rows = (await repo.shiftsCovering(db, regionIds, now, week)).filter(
        (r) => r.primaryActive || r.backupActive,
      );
      return {
        at: now.toISOString(),
        regions: regionIds.map((id) => {
          const mine = rows.filter((r) => r.root === id);
          const current = mine.find((r) => r.startsAt <= now);
          const after = current ? current.endsAt : now;
          const next = mine
            .filter((r) => r.startsAt >= after && r.id !== current?.id)
            .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
          return {
            regionId: id,
            current: current ? toShift(current, actor, now) : null,
            coveredVia: current?.matchedRegionId ?? null,
            next: next ? toShift(next, actor, now) : null,
          };
        }),
      };
    },

    /** 当番の空白 in a window (default: the next four weeks), for a region's subtree or everywhere. */
    async coverage(ctx: RequestContext, q: CoverageQuery): Promise<Coverage> {
      const now = clock.now();
      const { from, to } = windowOf(
        q.from ?? now.toISOString(),
        q.to ??
          new Date(
            (q.from ? new Date(q.from) : now).getTime() + COVERAGE_DEFAULT_DAYS * DAY_MS,
          ).toISOString(),
      );
      let scope: string[] | 'all' = 'all';
      if (q.regionId) {
        if ((await regions.findMissing(ctx, [q.regionId])).length > 0) throw new NotFound('圏域');
        scope = await repo.regionIdsAt(db, ['municipality', 'daily_life_area'], q.regionId);
        if (scope.length === 0) scope = [q.regionId];
      }
      const { gaps, definedBy } = await coverageCheck(db, scope, from, to);
      const regionIds =
        scope === 'all' ? await repo.regionIdsAt(db, ['municipality', 'daily_life_area']) : scope;
      const names = new Map(
        (await coverageRepo.organisationsNamed(db, [...definedBy.values()].flat())).map((o) => [
          o.id,
          o.name,
        ]),
      );
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        regionIds,
        gaps: gaps.map((g) => ({ regionId: g.regionId, from: g.from.toISOString(), to: g.to.toISOString() })),
        definedBy: [...definedBy].map(([regionId, ids]) => ({
          regionId,
          organisationNames: ids.map((id) => names.get(id) ?? ''),
        })),
      };
    },
  };
}

/** "2026年11月27日 17:15〜2026年11月28日 8:30" in Tokyo time, for messages. */
function formatRange(from: Date, to: Date): string {
  return `${formatJapaneseDateTime(from)}〜${formatJapaneseDateTime(to)}`;
}

export type OnCallService = ReturnType<typeof createOnCallService>;
