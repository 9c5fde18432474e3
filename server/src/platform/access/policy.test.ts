import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { can, sessionAbilities, type Action, type Resource } from './policy.ts';

const ORG = 'org-a';
const OTHER = 'org-b';

function actor(kind: 'system_admin' | 'org_admin' | 'staff' | 'no_org'): Actor {
  return {
    userId: `user-${kind}`,
    displayName: kind,
    isSystemAdmin: kind === 'system_admin',
    organisationId: kind === 'no_org' || kind === 'system_admin' ? null : ORG,
    role: kind === 'org_admin' ? 'org_admin' : kind === 'staff' ? 'staff' : null,
    memberships: [],
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

// [action, resource, system admin, org admin, staff, member of no organisation]
const table: [Action, Resource | undefined, boolean, boolean, boolean, boolean][] = [
  ['region.read', undefined, true, true, true, true],
  ['region.manage', undefined, true, false, false, false],
  ['organisation.read', otherOrg, true, true, true, true],
  ['organisation.create', undefined, true, false, false, false],
  ['organisation.update', ownOrg, true, true, false, false],
  ['organisation.update', otherOrg, true, false, false, false],
  ['organisation.delete', ownOrg, true, false, false, false],
  ['membership.manage', ownOrg, true, true, false, false],
  ['membership.manage', otherOrg, true, false, false, false],
  ['staff.create', ownOrg, true, true, false, false],
  ['staff.create', otherOrg, true, false, false, false],
  ['staff.read', colleague, true, true, true, false],
  ['staff.read', stranger, true, false, false, false],
  ['staff.update', colleague, true, true, false, false],
  ['staff.update', stranger, true, false, false, false],
  ['staff.update', adminColleague, true, false, false, false],
  ['staff.reset_credentials', colleague, true, true, false, false],
  ['staff.disable', stranger, true, false, false, false],
  ['audit.read', undefined, true, true, false, false],
  ['audit.verify', undefined, true, false, false, false],
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

  it('derives the abilities a session carries', () => {
    expect(sessionAbilities(actor('staff'))).toEqual({
      manageRegions: false,
      manageOrganisations: false,
      manageStaff: false,
      readAudit: false,
    });
    expect(sessionAbilities(actor('org_admin'))).toEqual({
      manageRegions: false,
      manageOrganisations: true,
      manageStaff: true,
      readAudit: true,
    });
    expect(sessionAbilities(actor('system_admin'))).toEqual({
      manageRegions: true,
      manageOrganisations: true,
      manageStaff: true,
      readAudit: true,
    });
  });
});
