import type { Kysely } from 'kysely';
import type { EmergencyExceptionInput, InformationCategory } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { PlannedStep, UrgentPriority } from '../../db/tables-off-hours.ts';
import { personScope } from '../../platform/access/person-access.ts';
import { allows } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { EmergencyAccessService } from '../emergency-access/emergency-access.service.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { HandoverService } from '../handover/handover.service.ts';
import type { InformationService } from '../information/information.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { onCallAt } from '../on-call/on-call.ts';
import { createCaseView } from './case-view.ts';
import { createCaseViewer } from './case-viewer.ts';
import { recordEmergencyDisclosure } from './emergency-exception.ts';
import { createChannels } from './channels.ts';
import { createStepFiring, ESCALATION_QUEUE } from './escalation-steps.ts';
import * as repo from './escalations.repository.ts';
import { stepLabels, teamTargets } from './step-targets.ts';

/**
 * Routing and escalation of urgent matters (至急・緊急). An urgent message or emergency
 * consultation about a person opens a case with a plan fixed at that moment: the person's team
 * (not the sender's own organisation, which is asking for help) — whoever is on duty at a team
 * organisation with a rota, else the team members of open offices — then whoever is on call for
 * the person's region; then the on-call backup; then the region's chain (拠点 → 基幹 → 保健所 …),
 * ending with a phone number shown to those already reached. Whom each step reaches is decided
 * when it fires (step-targets.ts). Each step is a durable job due when the previous one's acknowledgement time runs out;
 * acknowledging stops the chain. A step's internal effects happen once (UNIQUE per step), its
 * deliveries at least once (each with the step's stable id).
 */
export function createEscalationsService(
  deps: Deps,
  s: {
    notifications: NotificationsService;
    handover: HandoverService;
    information: InformationService;
    emergencyAccess: EmergencyAccessService;
    exclusions: ExclusionsService;
  },
) {
  const { db, clock, jobs } = deps;
  const stepFiring = createStepFiring(deps, {
    notifications: s.notifications,
    handover: s.handover,
    channels: createChannels(deps),
  });

  async function planFor(
    trx: Kysely<Tables>,
    personId: string | null,
    regionId: string | null,
    askingOrganisationId: string,
    now: Date,
  ): Promise<PlannedStep[]> {
    const plan: PlannedStep[] = [];
    const team = personId
      ? (await teamTargets(trx, [{ personId, askingOrganisationId }], now)).get(
          `${personId}:${askingOrganisationId}`,
        )
      : undefined;
    if (team && team.reached.length > 0) plan.push({ kind: 'team', label: stepLabels.team });
    if (regionId) {
      // The region's on-call primary already asked at the team step (the team's own rota) is not asked twice.
      const onCall = await onCallAt(trx, regionId, now);
      if (!onCall || !team?.shiftIds.includes(onCall.shift.id))
        plan.push({ kind: 'on_call_primary', label: stepLabels.on_call_primary });
      plan.push({ kind: 'on_call_backup', label: stepLabels.on_call_backup });
    }
    for (const t of await repo.tiersFor(trx, regionId)) {
      plan.push(
        t.organisationId
          ? { kind: 'tier_organisation', organisationId: t.organisationId, label: t.label }
          : { kind: 'tier_phone', phone: t.phone!, label: t.label },
      );
    }
    return plan;
  }

  /** A live event for some users' screens (the case page and lists refresh). */
  async function tell(trx: Kysely<Tables>, c: repo.CaseRow, kind: string, userIds: string[]) {
    await stepFiring.tell(trx, [{ caseId: c.id, kind, userIds }]);
  }

  const caseFor = createCaseViewer(deps);
  const caseView = createCaseView(deps, { information: s.information, exclusions: s.exclusions, caseFor });

  /** Who takes a case: a signed-in staff member, or an organisation answering without an account (連携シート). */
  interface Taker {
    userId: string | null;
    organisationId: string | null;
    name: string;
  }

  function takerOf(ctx: RequestContext): Taker {
    const actor = actorOf(ctx);
    return { userId: actor.userId, organisationId: actor.organisationId, name: actor.displayName };
  }

  async function acknowledgeInside(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    caseId: string,
    note: string | null,
    actor: Taker = takerOf(ctx),
  ): Promise<boolean> {
    const c = await repo.lockCase(trx, caseId);
    if (!c || (c.status !== 'open' && c.status !== 'exhausted')) return false;
    const now = clock.now();
    await repo.setCaseStatus(trx, c.id, 'acknowledged', now, {
      userId: actor.userId,
      organisationId: actor.organisationId,
      note,
    });
    await recordAudit(trx, ctx, {
      action: 'urgent.acknowledge',
      targetType: 'urgent_case',
      targetId: c.id,
      personId: c.personId,
      details: { note: note !== null, ...(actor.userId ? {} : { onBehalfOf: actor.organisationId }) },
    });
    const everyone = [
      ...new Set([
        ...(await repo.stepsOf(trx, c.id)).flatMap((x) => x.recipientUserIds),
        ...(c.openedByUserId ? [c.openedByUserId] : []),
      ]),
    ].filter((u) => u !== actor.userId);
    await s.notifications.notify(trx, ctx, everyone, {
      kind: 'urgent_acknowledged',
      personId: c.personId,
      subjectId: c.id,
      priority: c.priority,
      payload: { caseId: c.id, acknowledgedBy: actor.name, organisationId: actor.organisationId },
    });
    await tell(trx, c, 'urgent.acknowledged', actor.userId ? [...everyone, actor.userId] : everyone);
    if (c.personId)
      await s.handover.note(trx, ctx, {
        kind: 'case_acknowledged',
        personId: c.personId,
        caseId: c.id,
        occurredAt: now,
        key: `case:${c.id}:acknowledged`,
      });
    return true;
  }

  return {
    /**
     * Opens a case inside the transaction that created its source (the urgent message or the
     * consultation), and schedules its first step at once. Returns the case id.
     */
    async open(
      trx: Kysely<Tables>,
      ctx: RequestContext,
      o: {
        sourceKind: 'message' | 'consultation';
        sourceId: string;
        personId: string | null;
        category: InformationCategory;
        priority: UrgentPriority;
        /** The number the sender asked to be called back on (the composer's; none from a consultation). */
        callbackPhone?: string | null;
        /** 緊急時の例外, already checked (urgentMessageProblem): recorded with the case, the lead told. */
        exception?: EmergencyExceptionInput;
      },
    ): Promise<string | null> {
      const actor = actorOf(ctx);
      const now = clock.now();
      const region = o.personId ? await repo.personRegion(trx, o.personId) : undefined;
      const regionId = region?.regionId ?? null;
      const plan = await planFor(trx, o.personId, regionId, actor.organisationId!, now);
      const { callbackPhone, exception, ...source } = o;
      const id = await repo.insertCase(trx, {
        ...source,
        callbackPhone: callbackPhone ?? null,
        regionId,
        plan,
        openedByUserId: actor.userId,
        openedByOrganisationId: actor.organisationId!,
        now,
      });
      if (!id) return null;
      await recordAudit(trx, ctx, {
        action: 'urgent.open',
        targetType: 'urgent_case',
        targetId: id,
        personId: o.personId,
        details: { source: o.sourceKind, priority: o.priority, steps: plan.map((p) => p.kind) },
      });
      if (exception && o.personId)
        await recordEmergencyDisclosure(trx, ctx, s.notifications, {
          caseId: id,
          personId: o.personId,
          category: o.category,
          priority: o.priority,
          exception,
          now,
        });
      await jobs.enqueue(trx, {
        queue: ESCALATION_QUEUE,
        key: `escalation:${id}:0`,
        payload: { caseId: id, position: 0 },
        runAt: now,
      });
      if (o.personId)
        await s.handover.note(trx, ctx, {
          kind: 'case_opened',
          personId: o.personId,
          caseId: id,
          occurredAt: now,
          key: `case:${id}:opened`,
        });
      return id;
    },

    /** 対応します: the caller takes the case; the chain stops and everyone reached is told. */
    async acknowledge(ctx: RequestContext, caseId: string, note: string | null | undefined) {
      const found = await caseFor(ctx, caseId);
      if (!found || !allows(ctx, 'urgent_case.acknowledge', found.resource)) {
        await recordAuditAlone(db, ctx, {
          action: 'urgent.acknowledge',
          outcome: 'denied',
          targetType: 'urgent_case',
          targetId: caseId,
        });
        // The one who asked sees the case but does not take it: say so, rather than that it is not there.
        if (found && allows(ctx, 'urgent_case.cancel', found.resource))
          throw new Conflict(
            'OWN_REQUEST',
            '自分の機関が出した至急・緊急の連絡は、他の機関が対応します。取り消す場合は「取り消し」を使ってください。',
          );
        throw new NotFound('至急・緊急の連絡');
      }
      const done = await db
        .transaction()
        .execute((trx) => acknowledgeInside(trx, ctx, caseId, note?.trim() || null));
      if (!done) throw new Conflict('ALREADY_HANDLED', 'この連絡には、すでに対応者がいます。');
      return this.get(ctx, caseId);
    },

    /**
     * An acknowledgement of the source message by a team member also takes the case, where the
     * policy lets them acknowledge it (not the asking organisation's own staff).
     */
    async acknowledgeSource(
      trx: Kysely<Tables>,
      ctx: RequestContext,
      sourceKind: 'message' | 'consultation',
      sourceId: string,
    ): Promise<void> {
      const c = await repo.findCaseBySource(trx, sourceKind, sourceId);
      const found = c ? await caseFor(ctx, c.id, trx) : null;
      if (!found || !allows(ctx, 'urgent_case.acknowledge', found.resource)) return;
      await acknowledgeInside(trx, ctx, found.c.id, null);
    },

    /**
     * An organisation without an account answered the urgent message (by a 連携シート's link, or
     * by phone or FAX recorded by hand): it takes the case, and the chain stops. Runs in the
     * caller's transaction; the caller has checked the sheet.
     */
    async acknowledgeSourceForOrganisation(
      trx: Kysely<Tables>,
      ctx: RequestContext,
      sourceKind: 'message' | 'consultation',
      sourceId: string,
      organisationId: string,
      note: string | null,
    ): Promise<void> {
      const c = await repo.findCaseBySource(trx, sourceKind, sourceId);
      if (!c || c.openedByOrganisationId === organisationId) return;
      const org = await trx
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', organisationId)
        .executeTakeFirst();
      await acknowledgeInside(trx, ctx, c.id, note, { userId: null, organisationId, name: org?.name ?? '' });
    },

    /** The asking organisation withdraws its call (resolved another way). */
    async cancel(ctx: RequestContext, caseId: string, reason: string) {
      const found = await caseFor(ctx, caseId);
      if (!found || !allows(ctx, 'urgent_case.cancel', found.resource))
        throw new NotFound('至急・緊急の連絡');
      const text = reason.trim();
      if (!text) throw new Invalid('reason', '取り消す理由を入力してください。');
      await db.transaction().execute(async (trx) => {
        const c = await repo.lockCase(trx, caseId);
        if (!c || (c.status !== 'open' && c.status !== 'exhausted'))
          throw new Conflict('ALREADY_HANDLED', 'この連絡は、すでに対応済みか取り消されています。');
        await repo.setCaseStatus(trx, c.id, 'cancelled', clock.now(), {
          userId: actorOf(ctx).userId,
          organisationId: actorOf(ctx).organisationId,
          note: text,
        });
        await recordAudit(trx, ctx, {
          action: 'urgent.cancel',
          targetType: 'urgent_case',
          targetId: c.id,
          personId: c.personId,
          details: { reason: text },
        });
        await tell(
          trx,
          c,
          'urgent.cancelled',
          found.steps.flatMap((x) => x.recipientUserIds),
        );
      });
      return this.get(ctx, caseId);
    },

    /** The case page (case-view.ts). */
    get: caseView,

    /** 緊急時の閲覧 from a case the caller was reached by, for the crisis information consent does not reach. */
    async breakGlass(ctx: RequestContext, caseId: string, reason: string) {
      const found = await caseFor(ctx, caseId);
      if (!found?.c.personId || !allows(ctx, 'urgent_case.break_glass', found.resource))
        throw new NotFound('至急・緊急の連絡');
      await s.emergencyAccess.openFor(ctx, found.c.personId, reason, { urgentCaseId: caseId });
      return this.get(ctx, caseId);
    },

    /**
     * 至急・緊急の連絡の一覧 (two weeks), each saying whom it is about — by name only where the reader's
     * consent (or break-glass) reaches the person's identity. One read, one audit row naming the
     * persons it showed, whatever the number of cases.
     */
    async list(ctx: RequestContext) {
      const now = clock.now();
      const scope = personScope(actorOf(ctx), now);
      const since = new Date(now.getTime() - 14 * 86_400_000);
      return db.transaction().execute(async (trx) => {
        const rows = await repo.casesFor(trx, scope, since);
        const named = rows.filter((r) => r.identityVisible);
        const persons = [...new Set(named.map((r) => r.personId))];
        const viaEmergency = [...new Set(named.filter((r) => r.viaEmergency).map((r) => r.personId))];
        await recordAudit(trx, ctx, {
          action: 'urgent.list',
          viaEmergency: viaEmergency.length > 0,
          details: {
            returned: rows.length,
            cases: rows.map((r) => r.id),
            persons,
            ...(viaEmergency.length > 0 ? { personsViaEmergency: viaEmergency } : {}),
          },
        });
        return rows.map((r) => ({
          id: r.id,
          priority: r.priority,
          status: r.status,
          category: r.category,
          openedAt: r.openedAt.toISOString(),
          openedByOrganisationName: r.openedByOrganisationName,
          reachedMe: r.reachedMe,
          person: r.personId === null ? null : { name: r.personName, kana: r.personKana },
        }));
      });
    },
  };
}

export type EscalationsService = ReturnType<typeof createEscalationsService>;
