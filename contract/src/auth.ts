import { Type, type Static } from 'typebox';
import { Code, Id, Text } from './common.ts';
import { membershipRoles, professions } from './enums.ts';

/** Minimum password length. Two-factor is mandatory, so NIST SP 800-63B allows 8; we ask a little more. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const Email = Type.String({ format: 'email', maxLength: 254, minLength: 3, title: 'メールアドレス' });
export const Password = (title = 'パスワード') =>
  Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH, title });

/** The authenticator app's 6-digit code (TOTP). */
/** An authenticator's six digits, folded as typed (full-width digits, spaces). */
export const TotpCode = Code('確認コード（6桁）', { pattern: '^[0-9]{6}$', maxLength: 6 });

/**
 * Step 1 of sign-in. `code` completes both steps at once; it is what an account under many failed
 * tries from elsewhere asks for (429 SIGN_IN_CODE_REQUIRED) from a browser it has not signed in from.
 */
export const SignInBody = Type.Object(
  { email: Email, password: Password(), code: Type.Optional(TotpCode) },
  { additionalProperties: false, title: 'サインイン' },
);
export type SignInBody = Static<typeof SignInBody>;

export const TotpCodeBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type TotpCodeBody = Static<typeof TotpCodeBody>;

export const RecoveryCodeBody = Type.Object(
  { recoveryCode: Code('リカバリーコード', { minLength: 8, maxLength: 40 }) },
  { additionalProperties: false },
);
export type RecoveryCodeBody = Static<typeof RecoveryCodeBody>;

/** Where a session stands in sign-in: password accepted, then two-factor (or its enrolment), then complete. */
export const sessionStages = ['totp', 'enroll_totp', 'complete'] as const;
export type SessionStage = (typeof sessionStages)[number];

export const Membership = Type.Object({
  organisationId: Id(),
  organisationName: Type.String(),
  role: Type.Enum(membershipRoles),
  profession: Type.Enum(professions),
});
export type Membership = Static<typeof Membership>;

/** What the signed-in user may do, computed by the access policy so the client never re-derives it. */
export const Abilities = Type.Object({
  manageRegions: Type.Boolean(),
  manageOrganisations: Type.Boolean(),
  manageStaff: Type.Boolean(),
  /** Adds an existing account to an organisation without an invitation (system admins). */
  addMembersDirectly: Type.Boolean(),
  readAudit: Type.Boolean(),
  /** Enters a directory entry by hand (an organisation without accounts). */
  addDirectoryEntries: Type.Boolean(),
  /** Imports the directory's open data and generic CSV files. */
  importDirectory: Type.Boolean(),
});
export type Abilities = Static<typeof Abilities>;

export const SessionInfo = Type.Object({
  stage: Type.Enum(sessionStages),
  user: Type.Object({
    id: Id(),
    displayName: Type.String(),
    email: Type.String(),
    isSystemAdmin: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
  }),
  memberships: Type.Array(Membership),
  activeOrganisationId: Type.Union([Id(), Type.Null()]),
  abilities: Abilities,
  idleTimeoutSeconds: Type.Integer(),
  expiresAt: Type.String({ format: 'date-time' }),
  /** Demo installations only: the current code of a demo account, so a newcomer can pass two-factor. */
  demoTotpCode: Type.Optional(Type.String()),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const CsrfToken = Type.Object({ token: Type.String() });

export const TotpEnrollment = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  qrDataUrl: Type.String(),
});
export type TotpEnrollment = Static<typeof TotpEnrollment>;

export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodes>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Password('現在のパスワード'),
    newPassword: Type.String({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      title: '新しいパスワード',
    }),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const SwitchOrganisationBody = Type.Object(
  { organisationId: Id('機関') },
  { additionalProperties: false },
);
export type SwitchOrganisationBody = Static<typeof SwitchOrganisationBody>;

export const RegenerateRecoveryCodesBody = TotpCodeBody;

export const displayNameField = Text('氏名', 100);

export const AccountOverview = Type.Object({
  email: Type.String(),
  displayName: Type.String(),
  hasTwoFactor: Type.Boolean(),
  remainingRecoveryCodes: Type.Integer(),
  passwordChangedAt: Type.String({ format: 'date-time' }),
  sessions: Type.Array(
    Type.Object({
      isCurrent: Type.Boolean(),
      createdAt: Type.String({ format: 'date-time' }),
      lastSeenAt: Type.String({ format: 'date-time' }),
      ip: Type.Union([Type.String(), Type.Null()]),
      userAgent: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type AccountOverview = Static<typeof AccountOverview>;

export const EnrollmentConfirmed = Type.Object({
  session: SessionInfo,
  recoveryCodes: Type.Array(Type.String()),
});
export type EnrollmentConfirmed = Static<typeof EnrollmentConfirmed>;
