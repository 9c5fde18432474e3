import type { UrgentCaseOperations } from '@tsunagu/contract';
import { allows, operationsScope } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFound } from '../../platform/errors.ts';
import { createCaseViewer } from './case-viewer.ts';
import * as repo from './escalations.repository.ts';
import * as ops from './operations.repository.ts';

/** How long the list of cases with an unreached step looks back. */
const LIST_DAYS = 14;

/**
 * 当番不在の確認: the operational view of urgent cases for the region's 基幹相談支援センター and
 * the system administrators — when it was opened and by which organisation, each step, whom it
 * reached or why no one, who took it — never whom it is about nor what was said. With consent or
 * break-glass for the person, the reader opens the case's own view for more (`fullView`).
 */
export function createUrgentOperationsService(deps: Deps) {
  const { db, clock } = deps;
  const caseFor = createCaseViewer(deps);

  return {
    /** The cases of the last two weeks in the reader's oversight with a step that reached no one. */
    async list(ctx: RequestContext) {
      const since = new Date(clock.now().getTime() - LIST_DAYS * 86_400_000);
      const rows = await ops.unreachedCases(db, operationsScope(actorOf(ctx)), since);
      return rows.map((r) => ({
        ...r,
        openedAt: r.openedAt.toISOString(),
        lastUnreachedAt: r.lastUnreachedAt.toISOString(),
      }));
    },

    async get(ctx: RequestContext, caseId: string): Promise<UrgentCaseOperations> {
      const found = await caseFor(ctx, caseId);
      if (!found || !allows(ctx, 'urgent_case.read_operational', found.resource)) {
        await recordAuditAlone(db, ctx, {
          action: 'urgent.read_operational',
          outcome: 'denied',
          targetType: 'urgent_case',
          targetId: caseId,
        });
        throw new NotFound('至急・緊急の連絡');
      }
      const { c, steps } = found;
      const userNames = new Map(
        (
          await repo.userNames(db, [
            ...new Set([
              ...steps.flatMap((s) => s.recipientUserIds),
              ...(c.acknowledgedByUserId ? [c.acknowledgedByUserId] : []),
            ]),
          ])
        ).map((u) => [u.id, u.displayName]),
      );
      // The organisation each person reached works for: the step's own when they belong to it.
      const memberships = await ops.membershipsOf(db, [...userNames.keys()]);
      const organisationOf = (userId: string, stepOrganisationId: string | null) => {
        const theirs = memberships.get(userId) ?? [];
        return stepOrganisationId && theirs.includes(stepOrganisationId)
          ? stepOrganisationId
          : (theirs[0] ?? null);
      };
      const orgNames = new Map(
        (
          await repo.organisationNames(
            db,
            [
              c.openedByOrganisationId,
              ...(c.acknowledgedByOrganisationId ? [c.acknowledgedByOrganisationId] : []),
              ...steps.flatMap((s) => [s.organisationId, ...s.notes.map((n) => n.organisationId)]),
              ...[...memberships.values()].flat(),
            ].filter((o): o is string => o !== null),
          )
        ).map((o) => [o.id, o.name]),
      );
      const nameOf = (id: string | null | undefined) => (id ? (orgNames.get(id) ?? null) : null);
      // The case's own page, where consent or break-glass reaches the person (the policy's case read).
      const fullView = allows(ctx, 'urgent_case.read', found.resource);
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'urgent.read_operational',
          targetType: 'urgent_case',
          targetId: c.id,
          personId: c.personId,
          details: { steps: steps.length, fullView },
        }),
      );
      return {
        id: c.id,
        priority: c.priority,
        status: c.status,
        openedAt: c.openedAt.toISOString(),
        openedByOrganisationName: nameOf(c.openedByOrganisationId) ?? '',
        acknowledged: c.acknowledgedAt
          ? {
              at: c.acknowledgedAt.toISOString(),
              name: c.acknowledgedByUserId ? (userNames.get(c.acknowledgedByUserId) ?? null) : null,
              organisationName: nameOf(c.acknowledgedByOrganisationId),
            }
          : null,
        personWithheld: c.personId !== null,
        fullView,
        steps: steps.map((s) => ({
          position: s.position,
          kind: s.kind,
          label: s.label,
          organisationName: nameOf(s.organisationId),
          dueAt: s.dueAt.toISOString(),
          firedAt: s.firedAt.toISOString(),
          reached: s.recipientUserIds.map((u) => ({
            name: userNames.get(u) ?? '',
            organisationName: nameOf(organisationOf(u, s.organisationId)),
          })),
          reachedNoOne: s.recipientUserIds.length === 0,
          notes: s.notes.map((n) => ({ code: n.code, organisationName: nameOf(n.organisationId) })),
        })),
      };
    },
  };
}

export type UrgentOperationsService = ReturnType<typeof createUrgentOperationsService>;
