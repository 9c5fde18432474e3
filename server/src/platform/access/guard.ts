import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { recordAuditAlone } from '../audit/audit.ts';
import { actorOf, type RequestContext } from '../context.ts';
import { Forbidden } from '../errors.ts';
import { can, type Action, type Resource } from './policy.ts';

/** The organisations a denial concerns: those of the account or the organisation it was aimed at. */
function concernedBy(resource: Resource): readonly string[] {
  if (resource.kind === 'staff') return resource.organisationIds;
  if (resource.kind === 'organisation') return [resource.organisationId];
  return [];
}

/**
 * Asks the policy and, on a denial, writes the denial to the audit log before answering
 * 403: the organisations it was aimed at see it in their audit view too. Allowed actions
 * are audited by the service inside its own transaction.
 */
export async function requireAbility(
  db: Kysely<Tables>,
  ctx: RequestContext,
  action: Action,
  resource: Resource = { kind: 'global' },
  target?: { type: string; id: string | null },
): Promise<void> {
  if (can(actorOf(ctx), action, resource)) return;
  await recordAuditAlone(db, ctx, {
    action,
    outcome: 'denied',
    targetType: target?.type ?? (resource.kind === 'global' ? null : resource.kind),
    targetId:
      target?.id ??
      (resource.kind === 'organisation'
        ? resource.organisationId
        : resource.kind === 'staff'
          ? resource.userId
          : null),
    concernedOrganisationIds: concernedBy(resource),
  });
  throw new Forbidden();
}
