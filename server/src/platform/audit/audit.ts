import type { Kysely } from 'kysely';
import type { AuditOutcome } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { RequestContext } from '../context.ts';
import { Unavailable } from '../errors.ts';

/** One thing that happened, as the audit log records it. */
export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown> | null;
  /** Overrides the context's actor, e.g. a failed sign-in that names the account tried. */
  actorUserId?: string | null;
  /** Overrides the context's organisation, e.g. the organisation a new session acts under. */
  actorOrganisationId?: string | null;
  /** The person whose data was read or written. */
  personId?: string | null;
  /** Set when the read happened under break-glass (緊急時の閲覧). */
  viaEmergency?: boolean;
}

/**
 * Records an audit event inside the caller's transaction, so the event and the change (or
 * the read) commit together. The row is queued for the sealer in the same statement. If the
 * insert fails, the request fails with 503 and returns nothing.
 */
export async function recordAudit(
  trx: Kysely<Tables>,
  ctx: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  try {
    await trx
      .with('e', (db) =>
        db
          .insertInto('auditEvents')
          .values({
            actorUserId: entry.actorUserId !== undefined ? entry.actorUserId : (ctx.actor?.userId ?? null),
            actorOrganisationId:
              entry.actorOrganisationId !== undefined
                ? entry.actorOrganisationId
                : (ctx.actor?.organisationId ?? null),
            action: entry.action,
            targetType: entry.targetType ?? null,
            targetId: entry.targetId ?? null,
            outcome: entry.outcome ?? 'allowed',
            ip: ctx.ip,
            requestId: ctx.requestId,
            details: entry.details ? JSON.stringify(entry.details) : null,
            personId: entry.personId ?? null,
            viaEmergency: entry.viaEmergency ?? false,
          })
          .returning('seq'),
      )
      .insertInto('auditPending')
      .columns(['seq'])
      .expression((eb) => eb.selectFrom('e').select('e.seq'))
      .execute();
  } catch (error) {
    throw new AuditUnavailable(error);
  }
}

export class AuditUnavailable extends Unavailable {
  constructor(cause: unknown) {
    super('AUDIT_UNAVAILABLE', '監査ログに記録できないため、処理を中止しました。管理者に連絡してください。');
    this.cause = cause;
  }
}

/** Records an audit event in a transaction of its own: for denials and failures, whose request then fails. */
export async function recordAuditAlone(
  db: Kysely<Tables>,
  ctx: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  await db.transaction().execute((trx) => recordAudit(trx, ctx, entry));
}
