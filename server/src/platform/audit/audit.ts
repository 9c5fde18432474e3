import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AuditOutcome } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { Context } from '../context.ts';
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
  /**
   * Organisations the event concerns besides the one it was acted under (e.g. every
   * organisation of an account whose credentials were changed): each sees the row in its
   * audit view. Sealed with the row.
   */
  concernedOrganisationIds?: readonly string[];
}

/** The concerned organisations as stored: sorted and unique (so the sealed text is canonical), or NULL for none. */
function concernedOf(entry: AuditEntry) {
  const ids = [...new Set(entry.concernedOrganisationIds ?? [])].sort();
  return ids.length === 0 ? null : sql<string[]>`${sql.val(ids)}::uuid[]`;
}

/** Text as jsonb stores it: jsonb refuses NUL, and a lone surrogate is no character (both become U+FFFD). */
function storable(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/**
 * The details as JSON that jsonb always accepts: they may quote what a caller sent (a reason, a
 * name tried), and an audit row that cannot be written fails the request it records.
 */
export function detailsJson(details: Record<string, unknown>): string {
  return JSON.stringify(details, (_key, value: unknown) => {
    if (typeof value === 'string') return storable(value);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), v]));
  });
}

/**
 * The details as recorded: a job's or a command's rows also say which one ran and why (they have
 * no actor to name).
 */
function detailsOf(ctx: Context, details: Record<string, unknown> | null | undefined) {
  if (ctx.kind !== 'system') return details ?? null;
  return { ...details, system: { job: ctx.job, purpose: ctx.purpose } };
}

/**
 * Records an audit event inside the caller's transaction, so the event and the change (or
 * the read) commit together. The row is queued for the sealer in the same statement. If the
 * insert fails, the request fails with 503 and returns nothing.
 */
export async function recordAudit(trx: Kysely<Tables>, ctx: Context, entry: AuditEntry): Promise<void> {
  const details = detailsOf(ctx, entry.details);
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
            details: details ? detailsJson(details) : null,
            personId: entry.personId ?? null,
            viaEmergency: entry.viaEmergency ?? false,
            concernedOrganisationIds: concernedOf(entry),
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

/**
 * The same event as `recordAudit`, as two CTEs (`audit_event`, `audit_queued`) of the
 * statement that does the read: the read and its audit row then commit together in one
 * statement, one round trip instead of four (begin, read, audit, commit) on the hottest
 * routes. The event is written only when `when` holds (an SQL condition over the statement's
 * other CTEs); `details` and `viaEmergency` may be SQL too. Select `exists (select 1 from
 * audit_event)` to learn whether it was written.
 */
export function auditCtes(
  ctx: Context,
  entry: Omit<AuditEntry, 'details' | 'viaEmergency'> & {
    details?: Record<string, unknown>;
    viaEmergency: RawBuilder<boolean>;
  },
  o: { when: RawBuilder<boolean>; details?: RawBuilder<unknown> },
): RawBuilder<unknown> {
  const actorUserId = entry.actorUserId !== undefined ? entry.actorUserId : (ctx.actor?.userId ?? null);
  const actorOrganisationId =
    entry.actorOrganisationId !== undefined ? entry.actorOrganisationId : (ctx.actor?.organisationId ?? null);
  const details = sql`(${detailsJson(detailsOf(ctx, entry.details) ?? {})}::jsonb || ${o.details ?? sql`'{}'::jsonb`})`;
  return sql`audit_event as (insert into audit_events (actor_user_id, actor_organisation_id, action, target_type,
        target_id, outcome, ip, request_id, details, person_id, via_emergency)
      select ${actorUserId}::uuid, ${actorOrganisationId}::uuid, ${entry.action}, ${entry.targetType ?? null},
        ${entry.targetId ?? null}, ${entry.outcome ?? 'allowed'}, ${ctx.ip}, ${ctx.requestId}, ${details},
        ${entry.personId ?? null}::uuid, ${entry.viaEmergency}
      where ${o.when}
      returning seq),
    audit_queued as (insert into audit_pending (seq) select seq from audit_event)`;
}

export class AuditUnavailable extends Unavailable {
  constructor(cause: unknown) {
    super('AUDIT_UNAVAILABLE', '監査ログに記録できないため、処理を中止しました。管理者に連絡してください。');
    this.cause = cause;
  }
}

/** Records an audit event in a transaction of its own: for denials and failures, whose request then fails. */
export async function recordAuditAlone(db: Kysely<Tables>, ctx: Context, entry: AuditEntry): Promise<void> {
  await db.transaction().execute((trx) => recordAudit(trx, ctx, entry));
}
