import * as repo from './plans.repository.ts';
import { openPerson, requirePersonAbility, type PersonGate } from '../../platform/access/person-guard.ts';
import type { Action } from '../../platform/access/policy.ts';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFound } from '../../platform/errors.ts';

/** The plan's author is the caller's organisation (the policy's `recordedByUs`). */
export const ownedByUs = (ctx: RequestContext, row: { organisationId: string }) =>
  row.organisationId === actorOf(ctx).organisationId;

/** How every use case of plans opens a plan: 404 outside the caller's scope, 403 for a forbidden action. */
export function createPlanGuard(deps: Deps) {
  const { db } = deps;
  /** A plan the caller may see (its person, and consent for its category), or 404 — audited either way. */
  async function openPlan(
    ctx: RequestContext,
    planId: string,
    attempted: string,
  ): Promise<{ gate: PersonGate; row: repo.PlanRow }> {
    const facts = await repo.findPlanFacts(db, planId);
    if (!facts) throw new NotFound('計画');
    const gate = await openPerson(deps, ctx, facts.personId, attempted, { type: 'plan', id: planId });
    const row = await repo.findVisiblePlan(db, gate.scope, planId);
    if (!row) {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'plan',
        targetId: planId,
        personId: facts.personId,
      });
      throw new NotFound('計画');
    }
    return { gate, row };
  }

  /** 403 (audited) unless the policy allows `action` on this plan. */
  async function requirePlanAbility(
    ctx: RequestContext,
    gate: PersonGate,
    row: repo.PlanRow,
    action: Action,
  ) {
    await requirePersonAbility(
      deps,
      ctx,
      gate,
      action,
      { category: row.category, recordedByUs: ownedByUs(ctx, row) },
      { type: 'plan', id: row.id },
    );
  }

  return { openPlan, requirePlanAbility };
}

export type PlanGuard = ReturnType<typeof createPlanGuard>;
