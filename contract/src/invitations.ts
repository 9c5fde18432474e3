import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.ts';
import { Membership } from './auth.ts';
import { MembershipRoleSchema, ProfessionSchema, StaffMember } from './staff.ts';

/** How long an invitation waits for its addressee. */
export const INVITATION_DAYS = 14;

/**
 * The answer to adding a member by e-mail. An organisation admin always gets `invited` (202),
 * whether or not the address has an account, so the answer tells nothing about other
 * organisations' accounts; a system admin adds an existing account directly (`added`, 201).
 */
export const AddMemberResult = Type.Object({
  outcome: Type.Union([Type.Literal('invited'), Type.Literal('added')]),
  message: Type.String(),
  /** Only when added directly by a system admin. */
  staff: Type.Optional(StaffMember),
});
export type AddMemberResult = Static<typeof AddMemberResult>;

/** An invitation as the inviting organisation sees it: the address as typed, nothing about any account. */
export const OrganisationInvitation = Type.Object({
  id: Id(),
  organisationId: Id(),
  email: Type.String(),
  profession: ProfessionSchema,
  role: MembershipRoleSchema,
  invitedByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp('招待した日時'),
  expiresAt: Timestamp('有効期限'),
  abilities: Type.Object({ withdraw: Type.Boolean() }),
});
export type OrganisationInvitation = Static<typeof OrganisationInvitation>;

export const OrganisationInvitationList = Type.Object({ invitations: Type.Array(OrganisationInvitation) });
export type OrganisationInvitationList = Static<typeof OrganisationInvitationList>;

export const InvitationParams = Type.Object(
  { organisationId: Id('機関'), invitationId: Id('招待') },
  { additionalProperties: false },
);
export type InvitationParams = Static<typeof InvitationParams>;

/** An invitation as its addressee sees it, to accept or decline. */
export const MyInvitation = Type.Object({
  id: Id(),
  organisationId: Id(),
  organisationName: Type.String(),
  profession: ProfessionSchema,
  role: MembershipRoleSchema,
  invitedByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp('招待された日時'),
  expiresAt: Timestamp('有効期限'),
});
export type MyInvitation = Static<typeof MyInvitation>;

export const MyInvitationList = Type.Object({ invitations: Type.Array(MyInvitation) });
export type MyInvitationList = Static<typeof MyInvitationList>;

export const AcceptedInvitation = Type.Object({ membership: Membership });
export type AcceptedInvitation = Static<typeof AcceptedInvitation>;

/**
 * One past addition of an account to an organisation while the account already belonged to
 * another: the report a system admin runs to see whether the old add-by-e-mail hole was used.
 */
export const CrossOrganisationMembership = Type.Object({
  seq: Type.String(),
  occurredAt: Timestamp('追加した日時'),
  userId: Id(),
  userName: Type.Union([Type.String(), Type.Null()]),
  organisationId: Id(),
  organisationName: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([MembershipRoleSchema, Type.Null()]),
  actorUserId: Type.Union([Id(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorWasSystemAdmin: Type.Boolean(),
  /** True when the owner accepted an invitation (after the fix), false for a direct addition. */
  viaInvitation: Type.Boolean(),
  /** The organisations the account belonged to before this addition. */
  earlierOrganisations: Type.Array(Type.Object({ id: Id(), name: Type.Union([Type.String(), Type.Null()]) })),
  stillMember: Type.Boolean(),
  /** Credential changes (password, two-factor, rename, disable) on the account acted under the added organisation afterwards. */
  laterCredentialChanges: Type.Array(
    Type.Object({
      seq: Type.String(),
      occurredAt: Timestamp('日時'),
      action: Type.String(),
      outcome: Type.String(),
    }),
  ),
});
export type CrossOrganisationMembership = Static<typeof CrossOrganisationMembership>;

export const CrossOrganisationMembershipReport = Type.Object({
  generatedAt: Timestamp('作成日時'),
  rows: Type.Array(CrossOrganisationMembership),
});
export type CrossOrganisationMembershipReport = Static<typeof CrossOrganisationMembershipReport>;
