import type { Actor } from './actor.ts';
import {
  canOnConsultation,
  consultationActions,
  type ConsultationAction,
  type ConsultationResource,
} from './consultation-policy.ts';
import {
  canOnHandover,
  handoverActions,
  systemOnHandover,
  type HandoverAction,
  type HandoverResource,
} from './handover-policy.ts';
import {
  canOnContactEntry,
  canOnLiaisonSheet,
  contactEntryActions,
  liaisonSheetActions,
  systemOnLiaisonSheet,
  type ContactEntryAction,
  type ContactEntryResource,
  type LiaisonSheetAction,
  type LiaisonSheetResource,
} from './liaison-policy.ts';
import {
  canOnUrgentCase,
  systemOnUrgentCase,
  urgentCaseActions,
  type UrgentCaseAction,
  type UrgentCaseResource,
} from './urgent-case-policy.ts';

/**
 * The resources with a policy module of their own (issue 17): urgent cases, consultations,
 * handovers, liaison sheets and contact-log entries. policy.ts dispatches to them by kind.
 */
export type ResourceAction =
  UrgentCaseAction | ConsultationAction | HandoverAction | LiaisonSheetAction | ContactEntryAction;

export type PolicyResource =
  UrgentCaseResource | ConsultationResource | HandoverResource | LiaisonSheetResource | ContactEntryResource;

/** Every action of these resources, for the table test to cover. */
export const resourceActions: readonly ResourceAction[] = [
  ...urgentCaseActions,
  ...consultationActions,
  ...handoverActions,
  ...liaisonSheetActions,
  ...contactEntryActions,
];

/** Whether an action is one of a resource's (narrowing it to that resource's actions). */
function isOneOf<T extends string>(actions: readonly T[], action: string): action is T {
  return (actions as readonly string[]).includes(action);
}

/** Actions only the system takes (a job): never a staff member, a system administrator neither. */
export const systemActions: ReadonlySet<string> = new Set<ResourceAction>([
  'urgent_case.escalate',
  'handover.gather',
  'liaison_sheet.deliver',
  'liaison_sheet.remind',
]);

/** A staff member's action on one of these resources; an action of another resource is denied. */
export function canOnResource(actor: Actor, action: string, resource: PolicyResource): boolean {
  switch (resource.kind) {
    case 'urgent_case':
      return isOneOf(urgentCaseActions, action) && canOnUrgentCase(actor, action, resource);
    case 'consultation':
      return isOneOf(consultationActions, action) && canOnConsultation(actor, action, resource);
    case 'handover':
      return isOneOf(handoverActions, action) && canOnHandover(actor, action, resource);
    case 'liaison_sheet':
      return isOneOf(liaisonSheetActions, action) && canOnLiaisonSheet(actor, action, resource);
    case 'contact_entry':
      return isOneOf(contactEntryActions, action) && canOnContactEntry(actor, action, resource);
  }
}

/** The system's action on one of these resources: only its own (systemActions), on what it was given. */
export function systemOnResource(action: string, resource: PolicyResource): boolean {
  switch (resource.kind) {
    case 'urgent_case':
      return isOneOf(urgentCaseActions, action) && systemOnUrgentCase(action, resource);
    case 'handover':
      return isOneOf(handoverActions, action) && systemOnHandover(action);
    case 'liaison_sheet':
      return isOneOf(liaisonSheetActions, action) && systemOnLiaisonSheet(action, resource);
    case 'consultation':
    case 'contact_entry':
      return false;
  }
}
