import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { recordAuditAlone } from '../audit/audit.ts';
import type { Context } from '../context.ts';
import { Forbidden } from '../errors.ts';
import type { PersonAccess } from './person-access.ts';
import { allows, type Action, type Resource } from './policy.ts';

/** The organisations a denial concerns: those of the account or the organisation it was aimed at. */
function concernedBy(resource: Resource): readonly string[] {
  if (resource.kind === 'staff') return resource.organisationIds;
  if (resource.kind === 'organisation') return [resource.organisationId];
  return [];
}

/** The person a resource is about, as the one asking stands to them (a denial names them in the audit log). */
function personOf(resource: Resource): PersonAccess | null {
  switch (resource.kind) {
    case 'person':
      return resource.access;
    case 'urgent_case':
      return resource.view?.person ?? null;
    case 'consultation':
    case 'liaison_sheet':
    case 'contact_entry':
      return resource.person;
    default:
      return null;
  }
}

/**
 * Asks the policy and, on a denial, writes the denial to the audit log before answering
 * 403: the organisations it was aimed at see it in their audit view too, and the person it
 * was about is named. Allowed actions are audited by the service inside its own transaction.
 */
export async function requireAbility(
  db: Kysely<Tables>,
  ctx: Context,
  action: Action,
  resource: Resource = { kind: 'global' },
  target?: { type: string; id: string | null },
): Promise<void> {
  if (allows(ctx, action, resource)) return;
  const person = personOf(resource);
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
    ...(person ? { personId: person.personId, viaEmergency: person.emergencyUntil !== null } : {}),
  });
  throw new Forbidden();
}
