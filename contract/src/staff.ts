import { Type, type Static } from 'typebox';
import { Id, Kana, PageQuery, Text } from './common.ts';
import { Email, Membership, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth.ts';
import { membershipRoles, professions } from './enums.ts';

export const ProfessionSchema = Type.Enum(professions, { title: '職種' });
export const MembershipRoleSchema = Type.Enum(membershipRoles, { title: '権限' });

/** A staff account (職員) with its memberships in organisations. */
export const StaffMember = Type.Object({
  id: Id(),
  email: Type.String(),
  displayName: Type.String(),
  kana: Type.String(),
  isSystemAdmin: Type.Boolean(),
  isDisabled: Type.Boolean(),
  hasTwoFactor: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  memberships: Type.Array(Membership),
  /** What the caller may do with this account (from the access policy). */
  abilities: Type.Object({
    update: Type.Boolean(),
    resetCredentials: Type.Boolean(),
    disable: Type.Boolean(),
  }),
});
export type StaffMember = Static<typeof StaffMember>;

export const StaffList = Type.Object({ staff: Type.Array(StaffMember), total: Type.Integer() });

export const StaffListQuery = Type.Object(
  {
    organisationId: Type.Optional(Id('機関')),
    q: Type.Optional(Type.String({ maxLength: 100, title: '検索語' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type StaffListQuery = Static<typeof StaffListQuery>;

const initialPassword = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  title: '初期パスワード',
});

export const CreateStaffBody = Type.Object(
  {
    email: Email,
    displayName: Text('氏名', 100),
    kana: Kana('ふりがな', 200),
    organisationId: Id('所属機関'),
    profession: ProfessionSchema,
    role: MembershipRoleSchema,
    /** Omit to have a temporary password generated and shown once. */
    initialPassword: Type.Optional(initialPassword),
  },
  { additionalProperties: false },
);
export type CreateStaffBody = Static<typeof CreateStaffBody>;

export const UpdateStaffBody = Type.Object(
  {
    email: Type.Optional(Email),
    displayName: Type.Optional(Text('氏名', 100)),
    kana: Type.Optional(Kana('ふりがな', 200)),
  },
  { additionalProperties: false },
);
export type UpdateStaffBody = Static<typeof UpdateStaffBody>;

export const UpsertMembershipBody = Type.Object(
  { profession: ProfessionSchema, role: MembershipRoleSchema },
  { additionalProperties: false },
);
export type UpsertMembershipBody = Static<typeof UpsertMembershipBody>;

export const AddMemberByEmailBody = Type.Object(
  { email: Email, profession: ProfessionSchema, role: MembershipRoleSchema },
  { additionalProperties: false },
);
export type AddMemberByEmailBody = Static<typeof AddMemberByEmailBody>;

export const MembershipParams = Type.Object(
  { organisationId: Id('機関'), userId: Id('職員') },
  { additionalProperties: false },
);
export type MembershipParams = Static<typeof MembershipParams>;

export const CreatedStaff = Type.Object({
  staff: StaffMember,
  /** Present only when the server generated the password: shown once, never stored in clear. */
  temporaryPassword: Type.Optional(Type.String()),
});
export type CreatedStaff = Static<typeof CreatedStaff>;

export const TemporaryPassword = Type.Object({ temporaryPassword: Type.String() });
