import type { CaseMessage, InformationCategory } from '@tsunagu/contract';
import type { UrgentCaseStatus, UrgentPriority } from '../../db/tables-off-hours.ts';
import type { Actor } from './actor.ts';
import type { PersonAccess } from './person-access.ts';

/** What may be done with an urgent case (至急・緊急の連絡). */
export const urgentCaseActions = [
  /** The case page: who asked, whom to call back, the steps, who took it. */
  'urgent_case.read',
  /** Its words (the message or the consultation's 相談内容), on one of the bases below. */
  'urgent_case.read_message',
  /** 当番不在: how it was routed, never whom it is about (the region's 基幹, system administrators). */
  'urgent_case.read_operational',
  /** 対応します. */
  'urgent_case.acknowledge',
  /** The asking organisation withdraws its call. */
  'urgent_case.cancel',
  /** 緊急時の閲覧 from the case, by one it was sent to. */
  'urgent_case.break_glass',
  /** 緊急時の例外 (emergency-exception.ts): its sender shows its words to the responders consent does not reach. */
  'urgent_case.disclose',
  /** Firing its next step: the system's, never a staff member's. */
  'urgent_case.escalate',
] as const;
export type UrgentCaseAction = (typeof urgentCaseActions)[number];

/**
 * An urgent case as the policy sees it: its row, and — for a reader — how its region and the
 * reader stand to it (features/escalations/case-viewer.ts loads it). The system's jobs, and the
 * sender of a case being opened, have the row only.
 */
export interface UrgentCaseResource {
  kind: 'urgent_case';
  status: UrgentCaseStatus;
  priority: UrgentPriority;
  openedByOrganisationId: string;
  /** Whom it is about is known (本人不明 otherwise). */
  hasPerson: boolean;
  category: InformationCategory;
  /** Null where only the row is known: for the system, and for the sender as the case opens. */
  view: UrgentCaseView | null;
}

/** How the region and one reader stand to a case. */
export interface UrgentCaseView {
  /** The 基幹相談支援センター serving the case's region (or an area above it). */
  overseeingOrganisationIds: readonly string[];
  /** 緊急時の例外 (emergency-exception.ts) in force now. */
  exceptionActive: boolean;
  /** One of its steps reached the reader. */
  reached: boolean;
  /** The reader is on duty now (primary or backup) at an organisation it was sent to (issue 16). */
  onDutyWhereSent: boolean;
  /** The reader's organisation is on the person's team today. */
  onTeam: boolean;
  /** The reader's access to its person (consent, break-glass); null when there is no person. */
  person: PersonAccess | null;
}

type Case = UrgentCaseResource;

const isAsker = (actor: Actor, c: Case) =>
  actor.organisationId !== null && actor.organisationId === c.openedByOrganisationId;

/** Reached by a step, or on duty where it was sent: the case's responders. */
const isResponder = (v: UrgentCaseView) => v.reached || v.onDutyWhereSent;

/** The region's 基幹 (or a system administrator) oversees the case's routing. */
const oversees = (actor: Actor, v: UrgentCaseView) =>
  actor.isSystemAdmin ||
  (actor.organisationId !== null && v.overseeingOrganisationIds.includes(actor.organisationId));

/**
 * Who sees the case page: the organisation that asked, its responders, the person's team, and
 * its overseer where consent or break-glass reaches the person (otherwise the overseer has the
 * operational view only). An administrator's role adds nothing.
 */
function readsCase(actor: Actor, c: Case, v: UrgentCaseView): boolean {
  if (actor.organisationId === null) return false;
  return (
    isAsker(actor, c) ||
    isResponder(v) ||
    v.onTeam ||
    (oversees(actor, v) && v.person?.identityVisible === true)
  );
}

/**
 * On what basis a reader of the case page sees its words, or null (they are withheld): the asking
 * organisation's own; a case about no known person has no consent to keep to; break-glass; consent
 * for its category; the emergency exception, for its responders while it lasts.
 */
export function messageBasis(actor: Actor, c: Case): CaseMessage['basis'] {
  const v = c.view;
  if (!v || !readsCase(actor, c, v)) return null;
  if (isAsker(actor, c)) return 'own_organisation';
  if (!c.hasPerson) return 'consent';
  if (v.person?.emergencyUntil) return 'break_glass';
  if (v.person?.visibleCategories.has(c.category)) return 'consent';
  if (v.exceptionActive && isResponder(v)) return 'emergency_exception';
  return null;
}

/** Decisions about an urgent case for a staff member. */
export function canOnUrgentCase(actor: Actor, action: UrgentCaseAction, c: Case): boolean {
  // The exception rests on the sender's word (both conditions and a reason), for a 緊急 about a known person.
  if (action === 'urgent_case.disclose')
    return isAsker(actor, c) && c.hasPerson && c.priority === 'emergency' && c.status === 'open';
  const v = c.view;
  if (!v) return false;
  switch (action) {
    case 'urgent_case.read':
      return readsCase(actor, c, v);
    case 'urgent_case.read_message':
      return messageBasis(actor, c) !== null;
    case 'urgent_case.read_operational':
      return oversees(actor, v);
    case 'urgent_case.acknowledge':
      // The asking organisation is asking for help: another takes the case.
      return readsCase(actor, c, v) && !isAsker(actor, c);
    case 'urgent_case.cancel':
      return isAsker(actor, c);
    case 'urgent_case.break_glass':
      return c.hasPerson && actor.organisationId !== null && isResponder(v);
    case 'urgent_case.escalate':
      return false;
  }
}

/** The system fires a case's steps while it is open; it reads none of it. */
export function systemOnUrgentCase(action: UrgentCaseAction, c: Case): boolean {
  return action === 'urgent_case.escalate' && c.status === 'open';
}
