import { EMERGENCY_ACCESS_HOURS, type EmergencyAccessBody } from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { tokyoDateOf } from '../../platform/access/person-access.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { personMatch } from '../../platform/matching/person-match.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { SupportTeamService } from '../support-team/support-team.service.ts';
import * as repo from './emergency-access.repository.ts';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/**
 * 緊急時の閲覧 (break-glass): protection of life or body when consent cannot be obtained (the
 * APPI exception). A reason is required before anything is revealed; access lasts a few hours;
 * every read in it is flagged in the audit log; the person's team leads are notified.
 */
export function createEmergencyAccessService(
  deps: Deps,
  { team, notifications }: { team: SupportTeamService; notifications: NotificationsService },
) {
  const { db, clock } = deps;

  /** Opens one person to the caller for a few hours: recorded, audited, and told to the team's leads. */
  async function grant(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    personId: string,
    reason: string,
    now: Date,
    expiresAt: Date,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const actor = actorOf(ctx);
    const id = await repo.insertEmergencyAccess(trx, {
      personId,
      userId: actor.userId,
      organisationId: actor.organisationId,
      reason,
      startedAt: now,
      expiresAt,
    });
    await recordAudit(trx, ctx, {
      action: 'emergency.open',
      targetType: 'emergency_access',
      targetId: id,
      personId,
      viaEmergency: true,
      details: { reason, expiresAt: expiresAt.toISOString(), ...details },
    });
    const leads = await team.leadRecipients(ctx, personId, tokyoDateOf(now), trx);
    await notifications.notify(trx, ctx, leads, {
      kind: 'emergency_access',
      personId,
      payload: {
        openedBy: actor.displayName,
        organisationId: actor.organisationId,
        reason,
        expiresAt: expiresAt.toISOString(),
      },
    });
  }

  return {
    /**
     * Break-glass for a person already known to the caller's task (an urgent case routed to
     * them): no search, the same reason, time limit, audit and notice to the leads.
     */
    async openFor(
      ctx: RequestContext,
      personId: string,
      reason: string,
      context: Record<string, unknown>,
    ): Promise<{ expiresAt: string }> {
      await requireAbility(db, ctx, 'emergency.open');
      const trimmed = reason.trim();
      if (trimmed.length < 5) throw new Invalid('reason', '理由を具体的に入力してください（5文字以上）。');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + EMERGENCY_ACCESS_HOURS * 3_600_000);
      await db.transaction().execute((trx) => grant(trx, ctx, personId, trimmed, now, expiresAt, context));
      return { expiresAt: expiresAt.toISOString() };
    },

    async open(ctx: RequestContext, body: EmergencyAccessBody) {
      await requireAbility(db, ctx, 'emergency.open');
      const sought = { name: body.name?.trim() || null, kana: body.kana || null, birthDate: body.birthDate };
      if (!sought.name && !sought.kana)
        throw new Invalid('name', '氏名かふりがなのどちらかを入力してください。');
      const reason = body.reason.trim();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + EMERGENCY_ACCESS_HOURS * 3_600_000);
      const candidates = await repo.findCandidates(db, sought);
      const matches = candidates.filter((c) => personMatch(sought, c).match === 'same');
      if (matches.length === 0) {
        await recordAuditAlone(db, ctx, {
          action: 'emergency.lookup',
          outcome: 'failed',
          details: { reason, matched: 0 },
        });
        throw new NotFound('一致する方');
      }
      await db.transaction().execute(async (trx) => {
        await recordAudit(trx, ctx, {
          action: 'emergency.lookup',
          details: { reason, matched: matches.length },
        });
        for (const m of matches) await grant(trx, ctx, m.personId, reason, now, expiresAt);
      });
      return { matches, expiresAt: expiresAt.toISOString() };
    },
  };
}

export type EmergencyAccessService = ReturnType<typeof createEmergencyAccessService>;
