import type { Actor } from '../../platform/access/actor.ts';
import { loadPersonAccess, personScope, tokyoDateOf } from '../../platform/access/person-access.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { dutyOf } from '../on-call/on-call.ts';
import * as repo from './escalations.repository.ts';
import * as ops from './operations.repository.ts';
import type { UrgentOperationsService } from './urgent-operations.service.ts';

/** Who may open an urgent case's own view, and in which capacity (the case page, acknowledge, cancel, break-glass). */
export function createCaseViewer(deps: Deps, operations: UrgentOperationsService) {
  const { db, clock } = deps;

  /** Whether the user is on duty now (primary or backup of a live shift) at one of these organisations. */
  async function onDutyAt(userId: string, organisationIds: readonly string[]): Promise<boolean> {
    const duty = await dutyOf(db, organisationIds, clock.now());
    return [...duty.values()].some((d) =>
      d.onDuty.some((s) => s.primary?.userId === userId || s.backup?.userId === userId),
    );
  }

  /** An overseer of the case's region (its 基幹) whose consent or break-glass reaches the person. */
  async function overseesWithConsent(actor: Actor, c: repo.CaseRow): Promise<boolean> {
    if (!c.personId || !(await operations.oversees(actor, c.regionId))) return false;
    const access = await loadPersonAccess(db, personScope(actor, clock.now()), c.personId);
    return access?.identityVisible === true;
  }

  /**
   * May this user see the case: reached by a step, of the organisation that asked, on the person's
   * team, on duty now at an organisation the case was sent to (a case sent to an organisation is
   * visible to all its on-duty staff), or overseeing its region with consent or break-glass for
   * the person (otherwise the region's 基幹 has the operational view only).
   */
  return async function viewerOf(ctx: RequestContext, caseId: string) {
    const actor = actorOf(ctx);
    const c = await repo.findCase(db, caseId);
    if (!c) return null;
    const steps = await repo.stepsOf(db, caseId);
    const reachedMe = steps.some((x) => x.recipientUserIds.includes(actor.userId));
    const ofAsker = actor.organisationId === c.openedByOrganisationId;
    const onTeam =
      c.personId !== null &&
      actor.organisationId !== null &&
      (await repo.teamOf(db, c.personId, tokyoDateOf(clock.now()))).some(
        (m) => m.organisationId === actor.organisationId,
      );
    // Asked even of a team member: being on duty where it was sent makes them one of its responders.
    const onDuty =
      !reachedMe && !ofAsker && (await onDutyAt(actor.userId, await ops.organisationsSentTo(db, caseId)));
    const sees = reachedMe || ofAsker || onTeam || onDuty || (await overseesWithConsent(actor, c));
    return sees ? { c, steps, reachedMe, ofAsker, onTeam, onDuty } : null;
  };
}
