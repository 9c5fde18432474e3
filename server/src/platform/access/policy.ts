import type { Abilities, InformationCategory } from '@tsunagu/contract';
import type { Context } from '../context.ts';
import { Forbidden } from '../errors.ts';
import type { Actor } from './actor.ts';
import type { PersonAccess } from './person-access.ts';
import {
  canOnResource,
  systemActions,
  systemOnResource,
  type PolicyResource,
  type ResourceAction,
} from './resource-policies.ts';

/**
 * THE access policy. Every decision about who may do what lives here, default deny.
 * Actions are a closed union, so a typo is a compile error rather than a silent deny.
 * Reads of lists do not ask `can` row by row: they take a scope from here and filter in SQL.
 * Urgent cases, consultations, handovers, liaison sheets and contact-log entries have their
 * rules in a sibling module each (`*-policy.ts`), dispatched from `can` by the resource's kind.
 */
export type Action =
  | ResourceAction
  | 'region.read'
  | 'region.manage'
  | 'organisation.read'
  | 'organisation.create'
  | 'organisation.update'
  | 'organisation.delete'
  | 'directory.edit'
  | 'directory.import'
  | 'calendar.read'
  | 'calendar.manage'
  | 'oncall.read'
  | 'oncall.manage'
  | 'oncall.swap_request'
  | 'oncall.swap_respond'
  | 'oncall.swap_withdraw'
  | 'staff.read'
  | 'staff.create'
  | 'staff.update'
  | 'staff.reset_credentials'
  | 'staff.disable'
  | 'membership.manage'
  | 'membership.add_direct'
  | 'membership.report'
  | 'audit.read'
  | 'audit.verify'
  | 'job.status'
  | 'person.register'
  | 'person.read'
  | 'person.update'
  | 'item.read'
  | 'item.record'
  | 'item.confirm'
  | 'item.correct'
  | 'team.manage'
  | 'grant.manage'
  | 'contact.manage'
  | 'certificate.manage'
  | 'emergency.open'
  | 'escalation.manage'
  | 'coverage.manage'
  | 'webhook.manage'
  | 'freshness.manage'
  | 'message.post'
  | 'message.read'
  | 'message.acknowledge'
  | 'message.correct'
  | 'message.withdraw'
  | 'message.to_item'
  | 'plan.read'
  | 'plan.create'
  | 'plan.revise'
  | 'plan.agree'
  | 'plan.confirm'
  | 'plan.monitor'
  | 'plan.meeting'
  | 'plan.deliver'
  | 'liaison.configure'
  | 'liaison.send'
  | 'liaison.reply';

/** What an action is about; the policy needs only these facts. */
export type Resource =
  | { kind: 'global' }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'staff'; userId: string; organisationIds: readonly string[]; isSystemAdmin: boolean }
  /** 当番: a shift of a covering organisation and the staff on it (primary, backup). */
  | { kind: 'on_call_shift'; organisationId: string; assigneeUserIds: readonly string[] }
  /** 交代の依頼 between two staff members of the shift's organisation. */
  | { kind: 'on_call_swap'; organisationId: string; fromUserId: string; toUserId: string }
  | PolicyResource
  | {
      kind: 'person';
      access: PersonAccess;
      category?: InformationCategory;
      recordedByUs?: boolean;
      isAuthor?: boolean;
    };

const global: Resource = { kind: 'global' };

const policyResourceKinds: ReadonlySet<Resource['kind']> = new Set<PolicyResource['kind']>([
  'urgent_case',
  'consultation',
  'handover',
  'liaison_sheet',
  'contact_entry',
]);
const isPolicyResource = (r: Resource): r is PolicyResource => policyResourceKinds.has(r.kind);

function isAdminOf(actor: Actor, organisationId: string): boolean {
  return actor.role === 'org_admin' && actor.organisationId === organisationId;
}

/**
 * Whether the actor, acting as an organisation admin, administers every organisation the
 * account belongs to. Sharing one organisation is not enough: an admin must never gain power
 * over an account that another organisation also relies on (decision 0005).
 */
function administersWholeAccount(actor: Actor, account: Extract<Resource, { kind: 'staff' }>): boolean {
  if (actor.role !== 'org_admin' || account.organisationIds.length === 0) return false;
  const administered = new Set(
    actor.memberships.filter((m) => m.role === 'org_admin').map((m) => m.organisationId),
  );
  return account.organisationIds.every((id) => administered.has(id));
}

/** Whether `actor` may perform `action` on `resource`. */
export function can(actor: Actor, action: Action, resource: Resource = global): boolean {
  if (systemActions.has(action)) return false;
  if (resource.kind === 'person') return canOnPerson(actor, action, resource);
  if (isPolicyResource(resource)) return canOnResource(actor, action, resource);
  if (action === 'person.register' || action === 'emergency.open') {
    // Person data is for the people on a person's team, never for an administrator as such.
    return actor.organisationId !== null;
  }
  if (actor.isSystemAdmin) {
    // A system admin manages the platform but cannot strip another admin's credentials
    // silently: that is still allowed, and audited like everything else.
    return true;
  }
  switch (action) {
    case 'region.read':
    case 'organisation.read':
    case 'calendar.read':
    case 'oncall.read':
      // The region's directory of organisations is not personal data, nor are their hours and
      // who is on call (the rota exists so that colleagues elsewhere can reach them at night).
      return true;
    case 'directory.edit':
      // An entry is corrected and confirmed by its own organisation's staff (who know it best)
      // and by system administrators; organisations without accounts rely on the latter.
      return resource.kind === 'organisation' && actor.organisationId === resource.organisationId;
    case 'region.manage':
    case 'organisation.create':
    case 'organisation.delete':
    case 'directory.import':
    case 'audit.verify':
      return false;
    case 'organisation.update':
    case 'membership.manage':
    case 'staff.create':
      // membership.manage invites by e-mail, lists and withdraws invitations, and changes or ends
      // memberships of the admin's own organisation; joining it needs the owner's acceptance.
      return resource.kind === 'organisation' && isAdminOf(actor, resource.organisationId);
    case 'job.status':
      // The background work (its failures, its overdue runs) is the installation's.
      return false;
    case 'membership.add_direct':
    case 'membership.report':
      // Adding an account to an organisation without its owner's acceptance, and the report of
      // past cross-organisation additions, are the platform's (system administrators').
      return false;
    case 'calendar.manage':
      return resource.kind === 'organisation' && isAdminOf(actor, resource.organisationId);
    case 'escalation.manage':
    case 'coverage.manage':
      // The region's chain and waiting times, and whose hours define its day for the coverage
      // check, are the platform's (system administrators).
      return false;
    case 'liaison.configure':
      // How an organisation is reached (and its FAX gateway) is set by its own admins.
      return resource.kind === 'organisation' && isAdminOf(actor, resource.organisationId);
    case 'liaison.reply':
      // A reply that came by phone or FAX is recorded by the staff of the sending organisation.
      return resource.kind === 'organisation' && actor.organisationId === resource.organisationId;
    case 'webhook.manage':
      // An organisation's own SMS/voice gateway; the installation's is the system administrators'.
      return resource.kind === 'organisation' && isAdminOf(actor, resource.organisationId);
    case 'oncall.manage':
      // An organisation's admins draw up its rota; its staff only ask each other to swap.
      return (
        (resource.kind === 'organisation' || resource.kind === 'on_call_shift') &&
        isAdminOf(actor, resource.organisationId)
      );
    case 'oncall.swap_request':
      return (
        resource.kind === 'on_call_shift' &&
        actor.organisationId === resource.organisationId &&
        resource.assigneeUserIds.includes(actor.userId)
      );
    case 'oncall.swap_respond':
      return (
        resource.kind === 'on_call_swap' &&
        actor.organisationId === resource.organisationId &&
        resource.toUserId === actor.userId
      );
    case 'oncall.swap_withdraw':
      return (
        resource.kind === 'on_call_swap' &&
        ((actor.organisationId === resource.organisationId && resource.fromUserId === actor.userId) ||
          isAdminOf(actor, resource.organisationId))
      );
    case 'staff.read':
      if (resource.kind === 'staff') {
        return (
          resource.userId === actor.userId ||
          (actor.organisationId !== null && resource.organisationIds.includes(actor.organisationId))
        );
      }
      return resource.kind === 'organisation' && actor.organisationId === resource.organisationId;
    case 'staff.update':
    case 'staff.reset_credentials':
    case 'staff.disable':
      // An organisation admin manages the accounts of their own organisation's staff only when
      // every organisation of the account is one they administer; never a system admin's account
      // and never their own credentials through this path. Anything else is for a system admin.
      return (
        resource.kind === 'staff' &&
        !resource.isSystemAdmin &&
        resource.userId !== actor.userId &&
        actor.organisationId !== null &&
        resource.organisationIds.includes(actor.organisationId) &&
        administersWholeAccount(actor, resource)
      );
    case 'audit.read':
      return actor.role === 'org_admin';
    default:
      return false;
  }
}

/**
 * Decisions about one person, from the facts loadPersonAccess read (team, grants, break-glass).
 * Being a system admin changes nothing here: person data follows the team and the consent.
 */
function canOnPerson(actor: Actor, action: Action, r: Extract<Resource, { kind: 'person' }>): boolean {
  const a = r.access;
  if (actor.organisationId === null) return false;
  const sees = (category: InformationCategory) => a.visibleCategories.has(category);
  switch (action) {
    case 'person.read':
      return a.identityVisible;
    case 'person.update':
      return a.onTeam && a.identityVisible;
    case 'item.read':
      return r.category !== undefined && (sees(r.category) || r.recordedByUs === true);
    case 'item.record':
      // A team member may add information in any category; their organisation then sees what it recorded.
      return a.onTeam && a.identityVisible;
    case 'item.confirm':
    case 'item.correct':
      return a.onTeam && r.category !== undefined && (sees(r.category) || r.recordedByUs === true);
    case 'team.manage':
    case 'grant.manage':
      return a.isLead;
    case 'message.post':
      return a.onTeam && a.identityVisible;
    case 'message.read':
    case 'message.acknowledge':
      return r.category !== undefined && (sees(r.category) || r.recordedByUs === true);
    case 'message.correct':
    case 'message.withdraw':
      // Corrections, not deletions: only the author, and the history stays.
      return r.isAuthor === true;
    case 'message.to_item':
      return a.onTeam && r.category !== undefined && (sees(r.category) || r.recordedByUs === true);
    case 'contact.manage':
      return a.onTeam && sees('family_environment');
    case 'certificate.manage':
      return a.onTeam && sees('welfare_services');
    // 計画: plans follow consent like items (福祉サービス, or クライシス for the crisis plan);
    // `recordedByUs` means the plan is the caller's organisation's own.
    case 'plan.read':
      return r.category !== undefined && (sees(r.category) || r.recordedByUs === true);
    case 'plan.create':
      return a.onTeam && r.category !== undefined && sees(r.category);
    case 'plan.revise':
    case 'plan.agree':
    case 'plan.confirm':
      // A plan is its author's (the 相談支援専門員's, each provider's); the crisis plan is the
      // person's and any team member with consent for クライシス may write it down with them.
      return (
        a.onTeam &&
        r.category !== undefined &&
        (r.recordedByUs === true || (r.category === 'crisis' && sees('crisis')))
      );
    // モニタリング, サービス担当者会議 and 交付 are the author's records of its own plan.
    case 'plan.monitor':
    case 'plan.meeting':
    case 'plan.deliver':
      return a.onTeam && r.recordedByUs === true;
    case 'liaison.send':
      // 連携シート: a team member passes on what they may read; the recipient's consent is checked by the service.
      return a.onTeam && r.category !== undefined && (sees(r.category) || r.recordedByUs === true);
    default:
      return false;
  }
}

/**
 * Whether the one asking may perform `action` on `resource`: a signed-in staff member as `can`
 * decides; the system (a job) only the system's own actions on what it was given — it reads no
 * person's data and holds no staff member's or administrator's powers; a request without an actor
 * (before sign-in, a guest link) nothing.
 */
export function allows(ctx: Context, action: Action, resource: Resource = global): boolean {
  if (ctx.kind === 'request') return ctx.actor !== null && can(ctx.actor, action, resource);
  return isPolicyResource(resource) && systemOnResource(action, resource);
}

/** Throws 403 unless allowed. Callers that must record the denial use `requireAbility` in audit. */
export function authorize(actor: Actor, action: Action, resource: Resource = global): void {
  if (!can(actor, action, resource)) throw new Forbidden();
}

/**
 * Which staff accounts a list may show: everyone for a system admin, otherwise the members
 * of the organisation the actor acts under. Repositories turn this into a WHERE clause.
 */
export type StaffScope = { all: true } | { all: false; organisationId: string | null };
export function staffScope(actor: Actor): StaffScope {
  return actor.isSystemAdmin ? { all: true } : { all: false, organisationId: actor.organisationId };
}

/**
 * Which audit events a list may show: all for a system admin, else those acted under the
 * admin's organisation or naming it among the organisations they concern (an attempt on one
 * of its accounts from elsewhere, an invitation it received, a credential change).
 */
export type AuditScope = { all: true } | { all: false; organisationId: string | null };
export function auditScope(actor: Actor): AuditScope {
  return actor.isSystemAdmin ? { all: true } : { all: false, organisationId: actor.organisationId };
}

/**
 * Which urgent cases' operational facts a list may show (当番不在): all for a system admin, else
 * those of the regions the actor's organisation oversees as their 基幹相談支援センター (the
 * repository checks the kind and the regions, as `can` does with `overseeingOrganisationIds`).
 */
export type OperationsScope = { all: true } | { all: false; organisationId: string | null };
export function operationsScope(actor: Actor): OperationsScope {
  return actor.isSystemAdmin ? { all: true } : { all: false, organisationId: actor.organisationId };
}

/** The abilities a session carries to the client. */
export function sessionAbilities(actor: Actor): Abilities {
  const ownOrg: Resource = actor.organisationId
    ? { kind: 'organisation', organisationId: actor.organisationId }
    : global;
  return {
    manageRegions: can(actor, 'region.manage'),
    manageOrganisations: can(actor, 'organisation.create') || can(actor, 'organisation.update', ownOrg),
    manageStaff: can(actor, 'staff.create', ownOrg),
    addMembersDirectly: can(actor, 'membership.add_direct'),
    readAudit: can(actor, 'audit.read'),
    addDirectoryEntries: can(actor, 'organisation.create'),
    importDirectory: can(actor, 'directory.import'),
  };
}
