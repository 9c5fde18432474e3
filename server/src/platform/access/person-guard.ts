import type { RequestContext } from '../context.ts';
import { actorOf } from '../context.ts';
import type { Deps } from '../deps.ts';
import { recordAuditAlone } from '../audit/audit.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { loadPersonAccess, personScope, type PersonAccess, type PersonScope } from './person-access.ts';
import { can, type Action, type Resource } from './policy.ts';

/** A person the caller may see, with the facts the policy decided on. */
export interface PersonGate {
  scope: PersonScope;
  access: PersonAccess;
  /** Whether reads now happen under break-glass (flagged in the audit log). */
  viaEmergency: boolean;
}

/**
 * Opens a person for the caller or answers 404 — the same answer whether the person does not
 * exist or lies outside the caller's scope, so existence does not leak. The refusal is audited.
 */
export async function openPerson(
  deps: Deps,
  ctx: RequestContext,
  personId: string,
  attempted = 'person.read',
  target: { type: string; id: string } = { type: 'person', id: personId },
): Promise<PersonGate> {
  const scope = personScope(actorOf(ctx), deps.clock.now());
  const access = await loadPersonAccess(deps.db, scope, personId);
  if (!access || !can(actorOf(ctx), 'person.read', { kind: 'person', access })) {
    await recordAuditAlone(deps.db, ctx, {
      action: attempted,
      outcome: 'denied',
      targetType: target.type,
      targetId: target.id,
      personId: access ? personId : null,
    });
    throw new NotFound('本人の情報');
  }
  return { scope, access, viaEmergency: access.emergencyUntil !== null };
}

/** Requires an ability on a person the caller can see: 403 (audited) if the policy says no. */
export async function requirePersonAbility(
  deps: Deps,
  ctx: RequestContext,
  gate: PersonGate,
  action: Action,
  extra: Omit<Extract<Resource, { kind: 'person' }>, 'kind' | 'access'> = {},
  target?: { type: string; id: string },
): Promise<void> {
  if (can(actorOf(ctx), action, { kind: 'person', access: gate.access, ...extra })) return;
  await recordAuditAlone(deps.db, ctx, {
    action,
    outcome: 'denied',
    targetType: target?.type ?? 'person',
    targetId: target?.id ?? gate.access.personId,
    personId: gate.access.personId,
    viaEmergency: gate.viaEmergency,
  });
  throw new Forbidden();
}

/** Whether the policy allows an action (for the abilities a response carries). */
export function personCan(
  ctx: RequestContext,
  gate: PersonGate,
  action: Action,
  extra: Omit<Extract<Resource, { kind: 'person' }>, 'kind' | 'access'> = {},
): boolean {
  return can(actorOf(ctx), action, { kind: 'person', access: gate.access, ...extra });
}
