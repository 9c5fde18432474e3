import type { Kysely } from 'kysely';
import type { CrossOrganisationMembership, CrossOrganisationMembershipReport } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Context, RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import * as repo from './membership-report.repository.ts';

const before = (a: string, b: string) => BigInt(a) < BigInt(b);

/**
 * Past additions of an account to an organisation while it already belonged to another, from
 * the audit log and the current memberships: what an installation checks to learn whether the
 * old add-by-e-mail hole (issue 14) was used. An account's earlier organisations are those of
 * earlier audited joins, and current memberships that no later audited join explains (accounts
 * made before auditing, or by the demo). Credential changes acted under the added organisation
 * afterwards are the sign of a takeover.
 */
export async function crossOrganisationMemberships(
  db: Kysely<Tables>,
): Promise<CrossOrganisationMembership[]> {
  const events = await repo.joinEvents(db);
  const userIds = [...new Set(events.map((e) => e.userId))];
  const memberships = await repo.membershipsOf(db, userIds);
  const changes = await repo.credentialChangesOf(db, userIds);
  const names = new Map<string, string | null>();
  for (const e of events) names.set(e.organisationId, e.organisationName);
  for (const m of memberships) names.set(m.organisationId, m.organisationName);

  const report: CrossOrganisationMembership[] = [];
  for (const add of events) {
    if (add.action !== 'membership.add') continue;
    const own = events.filter((e) => e.userId === add.userId);
    const joinedLater = new Set(own.filter((e) => before(add.seq, e.seq)).map((e) => e.organisationId));
    const current = memberships.filter((m) => m.userId === add.userId);
    const earlier = new Set([
      ...own.filter((e) => before(e.seq, add.seq)).map((e) => e.organisationId),
      ...current.map((m) => m.organisationId).filter((id) => !joinedLater.has(id)),
    ]);
    earlier.delete(add.organisationId);
    if (earlier.size === 0) continue;
    report.push({
      seq: add.seq,
      occurredAt: add.occurredAt.toISOString(),
      userId: add.userId,
      userName: add.userName,
      organisationId: add.organisationId,
      organisationName: add.organisationName,
      role: add.role === 'org_admin' || add.role === 'staff' ? add.role : null,
      actorUserId: add.actorUserId,
      actorName: add.actorName,
      actorWasSystemAdmin: add.actorIsSystemAdmin,
      viaInvitation: add.invitationId !== null,
      earlierOrganisations: [...earlier].map((id) => ({ id, name: names.get(id) ?? null })),
      stillMember: current.some((m) => m.organisationId === add.organisationId),
      laterCredentialChanges: changes
        .filter(
          (c) =>
            c.targetId === add.userId &&
            c.actorOrganisationId === add.organisationId &&
            before(add.seq, c.seq),
        )
        .map((c) => ({
          seq: c.seq,
          occurredAt: c.occurredAt.toISOString(),
          action: c.action,
          outcome: c.outcome,
        })),
    });
  }
  return report;
}

/** The report, its reading audited in the same transaction (from the API or the command line). */
export function readMembershipReport(
  db: Kysely<Tables>,
  ctx: Context,
): Promise<CrossOrganisationMembership[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await crossOrganisationMemberships(trx);
    await recordAudit(trx, ctx, { action: 'membership.report', details: { returned: rows.length } });
    return rows;
  });
}

/** The report through the API: system administrators only. */
export function createMembershipReportService(deps: Deps) {
  const { db, clock } = deps;
  return {
    async report(ctx: RequestContext): Promise<CrossOrganisationMembershipReport> {
      await requireAbility(db, ctx, 'membership.report');
      const rows = await readMembershipReport(db, ctx);
      return { generatedAt: clock.now().toISOString(), rows };
    },
  };
}

export type MembershipReportService = ReturnType<typeof createMembershipReportService>;
