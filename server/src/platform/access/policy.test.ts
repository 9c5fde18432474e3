import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { can, sessionAbilities, type Action, type Resource } from './policy.ts';

const ORG = 'org-a';
const OTHER = 'org-b';

function actor(kind: 'system_admin' | 'org_admin' | 'staff' | 'no_org'): Actor {
  const role = kind === 'org_admin' ? 'org_admin' : kind === 'staff' ? 'staff' : null;
  return {
    userId: `user-${kind}`,
    displayName: kind,
    isSystemAdmin: kind === 'system_admin',
    organisationId: role ? ORG : null,
    role,
    memberships: role ? [{ organisationId: ORG, organisationName: 'A', role, profession: 'clerk' }] : [],
    sessionIdHash: 'x',
  };
}

const ownOrg: Resource = { kind: 'organisation', organisationId: ORG };
const otherOrg: Resource = { kind: 'organisation', organisationId: OTHER };
const colleague: Resource = {
  kind: 'staff',
  userId: 'colleague',
  organisationIds: [ORG],
  isSystemAdmin: false,
};
const stranger: Resource = {
  kind: 'staff',
  userId: 'stranger',
  organisationIds: [OTHER],
  isSystemAdmin: false,
};
/** A colleague who also belongs to another organisation (as after an accepted invitation). */
const sharedColleague: Resource = {
  kind: 'staff',
  userId: 'shared',
  organisationIds: [ORG, OTHER],
  isSystemAdmin: false,
};
/** An account that belongs to no organisation any more. */
const homeless: Resource = { kind: 'staff', userId: 'homeless', organisationIds: [], isSystemAdmin: false };
const adminColleague: Resource = {
  kind: 'staff',
  userId: 'root',
  organisationIds: [ORG],
  isSystemAdmin: true,
};

/** A shift of the actors' organisation on which the staff actor is the primary. */
const staffShift: Resource = { kind: 'on_call_shift', organisationId: ORG, assigneeUserIds: ['user-staff'] };
const otherShift: Resource = {
  kind: 'on_call_shift',
  organisationId: OTHER,
  assigneeUserIds: ['user-staff'],
};
const swapToStaff: Resource = {
  kind: 'on_call_swap',
  organisationId: ORG,
  fromUserId: 'colleague',
  toUserId: 'user-staff',
};

/** An urgent case overseen by a region's 基幹, that none of the actors asked, was reached by or is on the team of. */
const caseOverseenBy = (organisationId: string): Resource => ({
  kind: 'urgent_case',
  status: 'open',
  priority: 'emergency',
  openedByOrganisationId: 'org-asking',
  hasPerson: true,
  category: 'crisis',
  view: {
    overseeingOrganisationIds: [organisationId],
    exceptionActive: false,
    reached: false,
    onDutyWhereSent: false,
    onTeam: false,
    person: null,
  },
});
/** An urgent case in a region whose 基幹 is the actors' organisation, and one overseen elsewhere. */
const overseenCase = caseOverseenBy(ORG);
const caseElsewhere = caseOverseenBy(OTHER);

// [action, resource, system admin, org admin, staff, member of no organisation]
const table: [Action, Resource | undefined, boolean, boolean, boolean, boolean][] = [
  ['region.read', undefined, true, true, true, true],
  ['region.manage', undefined, true, false, false, false],
  ['organisation.read', otherOrg, true, true, true, true],
  ['organisation.create', undefined, true, false, false, false],
  ['organisation.update', ownOrg, true, true, false, false],
  ['organisation.update', otherOrg, true, false, false, false],
  ['organisation.delete', ownOrg, true, false, false, false],
  ['directory.edit', ownOrg, true, true, true, false],
  ['directory.edit', otherOrg, true, false, false, false],
  ['directory.import', undefined, true, false, false, false],
  ['membership.manage', ownOrg, true, true, false, false],
  ['membership.manage', otherOrg, true, false, false, false],
  ['membership.add_direct', ownOrg, true, false, false, false],
  ['membership.report', undefined, true, false, false, false],
  ['staff.create', ownOrg, true, true, false, false],
  ['staff.create', otherOrg, true, false, false, false],
  ['staff.read', colleague, true, true, true, false],
  ['staff.read', stranger, true, false, false, false],
  ['staff.update', colleague, true, true, false, false],
  ['staff.update', stranger, true, false, false, false],
  ['staff.update', adminColleague, true, false, false, false],
  ['staff.reset_credentials', colleague, true, true, false, false],
  ['staff.disable', colleague, true, true, false, false],
  ['staff.disable', stranger, true, false, false, false],
  // Sharing one organisation is not enough: every organisation of the account must be the admin's.
  ['staff.read', sharedColleague, true, true, true, false],
  ['staff.update', sharedColleague, true, false, false, false],
  ['staff.reset_credentials', sharedColleague, true, false, false, false],
  ['staff.disable', sharedColleague, true, false, false, false],
  ['staff.reset_credentials', homeless, true, false, false, false],
  ['audit.read', undefined, true, true, false, false],
  ['audit.verify', undefined, true, false, false, false],
  ['job.status', undefined, true, false, false, false],
  ['calendar.read', otherOrg, true, true, true, true],
  ['calendar.manage', ownOrg, true, true, false, false],
  ['calendar.manage', otherOrg, true, false, false, false],
  ['oncall.read', undefined, true, true, true, true],
  ['oncall.manage', ownOrg, true, true, false, false],
  ['oncall.manage', staffShift, true, true, false, false],
  ['oncall.manage', otherShift, true, false, false, false],
  ['oncall.swap_request', staffShift, true, false, true, false],
  ['oncall.swap_request', otherShift, true, false, false, false],
  ['oncall.swap_respond', swapToStaff, true, false, true, false],
  ['oncall.swap_withdraw', swapToStaff, true, true, false, false],
  ['urgent_case.read_operational', overseenCase, true, true, true, false],
  ['urgent_case.read_operational', caseElsewhere, true, false, false, false],
  ['urgent_case.read_operational', ownOrg, true, false, false, false],
  ['coverage.manage', ownOrg, true, false, false, false],
  ['escalation.manage', undefined, true, false, false, false],
  ['liaison.configure', ownOrg, true, true, false, false],
  ['liaison.configure', otherOrg, true, false, false, false],
  ['liaison.reply', ownOrg, true, true, true, false],
  ['liaison.reply', otherOrg, true, false, false, false],
];

describe('the access policy (default deny), as a table', () => {
  it.each(table)(
    '%s on %o: system admin %s, org admin %s, staff %s, no organisation %s',
    (action, resource, sys, orgAdmin, staff, none) => {
      expect([
        can(actor('system_admin'), action, resource),
        can(actor('org_admin'), action, resource),
        can(actor('staff'), action, resource),
        can(actor('no_org'), action, resource),
      ]).toEqual([sys, orgAdmin, staff, none]);
    },
  );

  it('never lets an organisation admin act on their own account through the admin path', () => {
    const self: Resource = {
      kind: 'staff',
      userId: actor('org_admin').userId,
      organisationIds: [ORG],
      isSystemAdmin: false,
    };
    expect(can(actor('org_admin'), 'staff.disable', self)).toBe(false);
    expect(can(actor('org_admin'), 'staff.read', self)).toBe(true);
  });

  it('lets an admin of every organisation of a shared account change its credentials', () => {
    const adminOfBoth: Actor = {
      ...actor('org_admin'),
      memberships: [
        { organisationId: ORG, organisationName: 'A', role: 'org_admin', profession: 'clerk' },
        { organisationId: OTHER, organisationName: 'B', role: 'org_admin', profession: 'clerk' },
      ],
    };
    const staffOfOther: Actor = {
      ...adminOfBoth,
      memberships: [adminOfBoth.memberships[0]!, { ...adminOfBoth.memberships[1]!, role: 'staff' }],
    };
    for (const action of ['staff.update', 'staff.reset_credentials', 'staff.disable'] as const) {
      expect(can(adminOfBoth, action, sharedColleague)).toBe(true);
      expect(can(staffOfOther, action, sharedColleague)).toBe(false);
    }
    // Acting as staff, even an admin elsewhere manages no one through this path.
    expect(can({ ...adminOfBoth, role: 'staff' }, 'staff.reset_credentials', colleague)).toBe(false);
  });

  it('derives the abilities a session carries', () => {
    expect(sessionAbilities(actor('staff'))).toEqual({
      manageRegions: false,
      manageOrganisations: false,
      manageStaff: false,
      addMembersDirectly: false,
      readAudit: false,
      addDirectoryEntries: false,
      importDirectory: false,
    });
    expect(sessionAbilities(actor('org_admin'))).toEqual({
      manageRegions: false,
      manageOrganisations: true,
      manageStaff: true,
      addMembersDirectly: false,
      readAudit: true,
      addDirectoryEntries: false,
      importDirectory: false,
    });
    expect(sessionAbilities(actor('system_admin'))).toEqual({
      manageRegions: true,
      manageOrganisations: true,
      manageStaff: true,
      addMembersDirectly: true,
      readAudit: true,
      addDirectoryEntries: true,
      importDirectory: true,
    });
  });
});
