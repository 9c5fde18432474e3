import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { loadPersonAccess, personScope, tokyoDateOf } from '../../platform/access/person-access.ts';
import type { UrgentCaseResource, UrgentCaseView } from '../../platform/access/urgent-case-policy.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { dutyOf } from '../on-call/on-call.ts';
import * as page from './case-page.repository.ts';
import * as repo from './escalations.repository.ts';
import * as ops from './operations.repository.ts';

/** An urgent case with its steps and its emergency exception, and the facts the policy decides on for one reader. */
export interface CaseForReader {
  c: repo.CaseRow;
  steps: Awaited<ReturnType<typeof repo.stepsOf>>;
  disclosure: Awaited<ReturnType<typeof page.disclosureOf>>;
  resource: UrgentCaseResource & { view: UrgentCaseView };
}

/** The case's row as the policy sees it, with how the region and a reader stand to it (null for the system). */
export function caseResource(c: repo.CaseRow, view: UrgentCaseView | null): UrgentCaseResource {
  return {
    kind: 'urgent_case',
    status: c.status,
    priority: c.priority,
    openedByOrganisationId: c.openedByOrganisationId,
    hasPerson: c.personId !== null,
    category: c.category,
    view,
  };
}

/**
 * Loads an urgent case as one reader stands to it — reached by a step, on duty now where it was
 * sent, on the person's team, overseeing its region, their access to the person, the emergency
 * exception in force — for `platform/access/urgent-case-policy.ts` to decide what they may do
 * with it (the case page, acknowledge, cancel, break-glass, the operational view). Decides nothing.
 */
export function createCaseViewer(deps: Deps) {
  const { db, clock } = deps;

  /** Whether the user is on duty now (primary or backup of a live shift) at one of these organisations. */
  async function onDutyAt(executor: Kysely<Tables>, userId: string, organisationIds: readonly string[]) {
    const duty = await dutyOf(executor, organisationIds, clock.now());
    return [...duty.values()].some((d) =>
      d.onDuty.some((s) => s.primary?.userId === userId || s.backup?.userId === userId),
    );
  }

  /** `executor` is the caller's transaction when there is one (PGlite has a single connection). */
  return async function caseFor(
    ctx: RequestContext,
    caseId: string,
    executor: Kysely<Tables> = db,
  ): Promise<CaseForReader | null> {
    const actor = actorOf(ctx);
    const c = await repo.findCase(executor, caseId);
    if (!c) return null;
    const now = clock.now();
    const steps = await repo.stepsOf(executor, caseId);
    const disclosure = await page.disclosureOf(executor, c.id);
    const team = c.personId ? await repo.teamOf(executor, c.personId, tokyoDateOf(now)) : [];
    const sentTo = await ops.organisationsSentTo(executor, caseId);
    const view: UrgentCaseView = {
      overseeingOrganisationIds: await ops.overseeingOrganisations(executor, c.regionId),
      exceptionActive: disclosure !== undefined && disclosure.startsAt <= now && now < disclosure.endsAt,
      reached: steps.some((x) => x.recipientUserIds.includes(actor.userId)),
      onDutyWhereSent: await onDutyAt(executor, actor.userId, sentTo),
      onTeam: actor.organisationId !== null && team.some((m) => m.organisationId === actor.organisationId),
      person: c.personId ? await loadPersonAccess(executor, personScope(actor, now), c.personId) : null,
    };
    return { c, steps, disclosure, resource: { ...caseResource(c, view), view } };
  };
}

export type CaseViewer = ReturnType<typeof createCaseViewer>;
