import { Type, type Static } from 'typebox';
import { DateOnly, Id, Kana, OptionalPhoneNumber, OptionalText, PageQuery, Text } from './common.ts';
import {
  certificateKinds,
  consentMethods,
  contactRelationships,
  freshnessStates,
  grantBases,
  informationCategories,
  itemKinds,
  itemSources,
  itemTopics,
  messagePriorities,
  supportCategories,
  teamRoles,
} from './enums.ts';

export const CategorySchema = Type.Enum(informationCategories, { title: '情報の区分' });
export const TeamRoleSchema = Type.Enum(teamRoles, { title: 'チームでの役割' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** Who did something, as every view shows it (provenance). */
export const Provenance = Type.Object({
  userId: Type.Union([Id(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  organisationId: Type.Union([Id(), Type.Null()]),
  organisationName: Type.Union([Type.String(), Type.Null()]),
});
export type Provenance = Static<typeof Provenance>;

// ---------------------------------------------------------------- 本人 (person) and identity

const identityFields = {
  name: Text('氏名', 100),
  kana: Kana('ふりがな', 200, { kanaOnly: true }),
  birthDate: DateOnly('生年月日'),
  phone: OptionalPhoneNumber('電話番号'),
  email: Type.Optional(
    Type.Union([Type.String({ title: 'メールアドレス', format: 'email', maxLength: 254 }), Type.Null()], {
      title: 'メールアドレス',
    }),
  ),
  address: OptionalText('住所', 300),
  dailyLifeAreaId: Type.Optional(Type.Union([Id('日常生活圏域'), Type.Null()], { title: '日常生活圏域' })),
  responsibleMunicipalityId: Type.Optional(
    Type.Union([Id('援護の実施者'), Type.Null()], { title: '援護の実施者（市町村）' }),
  ),
  usesWelfareServices: Type.Boolean({ title: '障害福祉サービスの利用' }),
};

export const RegisterPersonBody = Type.Object(
  { ...identityFields, teamRole: TeamRoleSchema },
  { additionalProperties: false },
);
export type RegisterPersonBody = Static<typeof RegisterPersonBody>;

export const UpdatePersonBody = Type.Partial(Type.Object(identityFields), { additionalProperties: false });
export type UpdatePersonBody = Static<typeof UpdatePersonBody>;

export const PersonIdentity = Type.Object({
  name: Type.String(),
  kana: Type.String(),
  birthDate: Type.String({ format: 'date' }),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  address: Nullable(Type.String()),
  dailyLifeAreaId: Nullable(Id()),
  dailyLifeAreaName: Nullable(Type.String()),
  responsibleMunicipalityId: Nullable(Id()),
  responsibleMunicipalityName: Nullable(Type.String()),
  usesWelfareServices: Type.Boolean(),
});
export type PersonIdentity = Static<typeof PersonIdentity>;

export const PersonSummary = Type.Object({
  id: Id(),
  name: Type.String(),
  kana: Type.String(),
  birthDate: Type.String({ format: 'date' }),
  responsibleMunicipalityName: Nullable(Type.String()),
  myTeamRole: Nullable(TeamRoleSchema),
  isLead: Type.Boolean(),
  /** Items I may see that are 古い (stale) or 確認時期 (due for review). */
  staleItems: Type.Integer(),
  dueItems: Type.Integer(),
  /** Certificates expiring within 90 days (or expired), counted only where I may see 福祉サービス. */
  expiringCertificates: Type.Integer(),
  lastRecordedAt: Nullable(Type.String({ format: 'date-time' })),
  viaEmergencyAccess: Type.Boolean(),
});
export type PersonSummary = Static<typeof PersonSummary>;

export const PersonListQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100, title: '氏名・ふりがな' })), ...PageQuery },
  { additionalProperties: false },
);
export type PersonListQuery = Static<typeof PersonListQuery>;

export const PersonList = Type.Object({
  persons: Type.Array(PersonSummary),
  total: Type.Integer(),
  /**
   * Persons on my organisation's teams whom its consent does not let it see, by why (同意の期限切れ,
   * 撤回, 未記録): counts, never who. Zero in a search.
   */
  outsideConsent: Type.Object({ expired: Type.Integer(), withdrawn: Type.Integer(), none: Type.Integer() }),
});
export type PersonList = Static<typeof PersonList>;

// ---------------------------------------------------------------- 情報 (information items)

export const Freshness = Type.Enum(freshnessStates, { title: '鮮度' });

export const Item = Type.Object({
  /** Stable across corrections (the item's lineage). */
  id: Id(),
  versionId: Id(),
  version: Type.Integer(),
  isCurrent: Type.Boolean(),
  personId: Id(),
  category: CategorySchema,
  topic: Nullable(Type.Enum(itemTopics)),
  content: Type.String(),
  source: Type.Enum(itemSources),
  kind: Type.Enum(itemKinds),
  observedOn: Type.String({ format: 'date' }),
  recordedAt: Type.String({ format: 'date-time' }),
  recordedBy: Provenance,
  /** When someone last confirmed it is still true (最新確認); null until then. */
  confirmedAt: Nullable(Type.String({ format: 'date-time' })),
  confirmedBy: Nullable(Provenance),
  correctionReason: Nullable(Type.String()),
  freshness: Freshness,
  reviewDays: Type.Integer(),
  abilities: Type.Object({ confirm: Type.Boolean(), correct: Type.Boolean() }),
});
export type Item = Static<typeof Item>;

export const ItemPage = Type.Object({ items: Type.Array(Item), nextBefore: Nullable(Type.String()) });

export const ItemListQuery = Type.Object(
  {
    category: Type.Optional(CategorySchema),
    source: Type.Optional(Type.Enum(itemSources, { title: '情報源' })),
    kind: Type.Optional(Type.Enum(itemKinds, { title: '情報の性質' })),
    freshness: Type.Optional(Freshness),
    before: Type.Optional(Type.String({ maxLength: 80, title: '続きの位置' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, title: '件数' })),
  },
  { additionalProperties: false },
);
export type ItemListQuery = Static<typeof ItemListQuery>;

export const ITEM_CONTENT_MAX = 4000;

export const RecordItemBody = Type.Object(
  {
    category: CategorySchema,
    topic: Type.Optional(
      Type.Union([Type.Enum(itemTopics, { title: '項目' }), Type.Null()], { title: '項目' }),
    ),
    content: Text('内容', ITEM_CONTENT_MAX),
    source: Type.Enum(itemSources, { title: '情報源' }),
    kind: Type.Enum(itemKinds, { title: '情報の性質' }),
    observedOn: DateOnly('その情報が確かだった日'),
  },
  { additionalProperties: false },
);
export type RecordItemBody = Static<typeof RecordItemBody>;

export const CorrectItemBody = Type.Object(
  {
    content: Text('内容', ITEM_CONTENT_MAX),
    source: Type.Optional(Type.Enum(itemSources, { title: '情報源' })),
    kind: Type.Optional(Type.Enum(itemKinds, { title: '情報の性質' })),
    observedOn: Type.Optional(DateOnly('その情報が確かだった日')),
    reason: Text('訂正の理由', 500),
  },
  { additionalProperties: false },
);
export type CorrectItemBody = Static<typeof CorrectItemBody>;

export const ItemVersions = Type.Object({ versions: Type.Array(Item) });

export const ItemParams = Type.Object({ id: Id('情報') }, { additionalProperties: false });

// ---------------------------------------------------------------- 日常的な支援チーム

export const TeamMember = Type.Object({
  id: Id(),
  organisationId: Id(),
  organisationName: Type.String(),
  userId: Nullable(Id()),
  userName: Nullable(Type.String()),
  role: TeamRoleSchema,
  isLead: Type.Boolean(),
  startedOn: Type.String({ format: 'date' }),
  endedOn: Nullable(Type.String({ format: 'date' })),
  isActive: Type.Boolean(),
});
export type TeamMember = Static<typeof TeamMember>;

export const AddTeamMemberBody = Type.Object(
  {
    organisationId: Id('機関'),
    userId: Type.Optional(Type.Union([Id('担当職員'), Type.Null()], { title: '担当職員' })),
    role: TeamRoleSchema,
    isLead: Type.Optional(Type.Boolean({ title: '主担当' })),
    startedOn: Type.Optional(DateOnly('開始日')),
  },
  { additionalProperties: false },
);
export type AddTeamMemberBody = Static<typeof AddTeamMemberBody>;

export const UpdateTeamMemberBody = Type.Object(
  {
    role: Type.Optional(TeamRoleSchema),
    isLead: Type.Optional(Type.Boolean({ title: '主担当' })),
    userId: Type.Optional(Type.Union([Id('担当職員'), Type.Null()], { title: '担当職員' })),
    endedOn: Type.Optional(Type.Union([DateOnly('終了日'), Type.Null()], { title: '終了日' })),
  },
  { additionalProperties: false },
);
export type UpdateTeamMemberBody = Static<typeof UpdateTeamMemberBody>;

export const PersonMemberParams = Type.Object(
  { id: Id('本人'), memberId: Id('チームメンバー') },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- 家族・関係者 (contacts, not accounts)

export const Contact = Type.Object({
  id: Id(),
  name: Type.String(),
  relationship: Type.Enum(contactRelationships),
  phone: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  /** The person asked that this contact is never told anything (e.g. domestic violence). */
  isExcluded: Type.Boolean(),
  exclusionNote: Nullable(Type.String()),
});
export type Contact = Static<typeof Contact>;

export const ContactBody = Type.Object(
  {
    name: Text('氏名', 100),
    relationship: Type.Enum(contactRelationships, { title: '続柄・関係' }),
    phone: OptionalPhoneNumber('電話番号'),
    notes: OptionalText('メモ', 1000),
    isExcluded: Type.Boolean({ title: '一切伝えない人' }),
    exclusionNote: OptionalText('伝えない理由・注意', 500),
  },
  { additionalProperties: false },
);
export type ContactBody = Static<typeof ContactBody>;

export const PersonContactParams = Type.Object(
  { id: Id('本人'), contactId: Id('関係者') },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- 証書 (certificates)

export const expiryStates = ['valid', 'within_90', 'within_60', 'within_30', 'expired'] as const;

export const Certificate = Type.Object({
  id: Id(),
  kind: Type.Enum(certificateKinds),
  number: Nullable(Type.String()),
  supportCategory: Nullable(Type.Enum(supportCategories)),
  grade: Nullable(Type.Integer()),
  validFrom: Nullable(Type.String({ format: 'date' })),
  validUntil: Nullable(Type.String({ format: 'date' })),
  daysUntilExpiry: Nullable(Type.Integer()),
  expiryState: Nullable(Type.Enum(expiryStates)),
});
export type Certificate = Static<typeof Certificate>;

export const CertificateBody = Type.Object(
  {
    kind: Type.Enum(certificateKinds, { title: '証書の種類' }),
    number: OptionalText('番号', 30),
    supportCategory: Type.Optional(
      Type.Union([Type.Enum(supportCategories, { title: '障害支援区分' }), Type.Null()], {
        title: '障害支援区分',
      }),
    ),
    grade: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 3, title: '等級' }), Type.Null()], { title: '等級' }),
    ),
    validFrom: Type.Optional(
      Type.Union([DateOnly('有効期間の開始日'), Type.Null()], { title: '有効期間の開始日' }),
    ),
    validUntil: DateOnly('有効期限（支給決定期間の終了日）'),
  },
  { additionalProperties: false },
);
export type CertificateBody = Static<typeof CertificateBody>;

export const PersonCertificateParams = Type.Object(
  { id: Id('本人'), certificateId: Id('証書') },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- 同意と開示の根拠 (grants)

export const grantStates = ['active', 'expired', 'withdrawn'] as const;

export const Grant = Type.Object({
  id: Id(),
  personId: Id(),
  organisationId: Id(),
  organisationName: Type.String(),
  categories: Type.Array(CategorySchema),
  basis: Type.Enum(grantBases),
  method: Nullable(Type.Enum(consentMethods)),
  statute: Nullable(Type.String()),
  obtainedOn: Type.String({ format: 'date' }),
  obtainedBy: Provenance,
  expiresOn: Nullable(Type.String({ format: 'date' })),
  withdrawnAt: Nullable(Type.String({ format: 'date-time' })),
  withdrawnBy: Nullable(Provenance),
  withdrawalNote: Nullable(Type.String()),
  state: Type.Enum(grantStates),
  hasDocument: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Grant = Static<typeof Grant>;

export const RecordGrantBody = Type.Object(
  {
    organisationId: Id('提供先の機関'),
    categories: Type.Array(CategorySchema, {
      minItems: 1,
      maxItems: informationCategories.length,
      uniqueItems: true,
      title: '情報の区分',
    }),
    basis: Type.Enum(grantBases, { title: '開示の根拠' }),
    method: Type.Optional(
      Type.Union([Type.Enum(consentMethods, { title: '同意の方法' }), Type.Null()], { title: '同意の方法' }),
    ),
    statute: OptionalText('根拠となる法令', 300),
    obtainedOn: DateOnly('同意を得た日'),
    expiresOn: Type.Optional(Type.Union([DateOnly('有効期限'), Type.Null()], { title: '有効期限' })),
  },
  { additionalProperties: false },
);
export type RecordGrantBody = Static<typeof RecordGrantBody>;

export const WithdrawGrantBody = Type.Object(
  { note: OptionalText('撤回の経緯', 500) },
  { additionalProperties: false },
);
export type WithdrawGrantBody = Static<typeof WithdrawGrantBody>;

export const GrantList = Type.Object({ grants: Type.Array(Grant) });

export const Renewal = Type.Object({
  grantId: Id(),
  personId: Id(),
  personName: Type.String(),
  organisationName: Type.String(),
  categories: Type.Array(CategorySchema),
  expiresOn: Type.String({ format: 'date' }),
  daysUntilExpiry: Type.Integer(),
});
export const RenewalList = Type.Object({ renewals: Type.Array(Renewal) });

// ---------------------------------------------------------------- 緊急時の閲覧 (break-glass)

export const EMERGENCY_ACCESS_HOURS = 4;

export const EmergencyAccessBody = Type.Object(
  {
    name: Type.Optional(Text('氏名', 100)),
    kana: Type.Optional(Kana('ふりがな', 200, { kanaOnly: true })),
    birthDate: DateOnly('生年月日'),
    reason: Text('閲覧が必要な理由（生命・身体の保護のため）', 1000, 10),
  },
  { additionalProperties: false },
);
export type EmergencyAccessBody = Static<typeof EmergencyAccessBody>;

export const EmergencyAccessResult = Type.Object({
  matches: Type.Array(
    Type.Object({
      personId: Id(),
      name: Type.String(),
      kana: Type.String(),
      birthDate: Type.String({ format: 'date' }),
    }),
  ),
  expiresAt: Type.String({ format: 'date-time' }),
});

// ---------------------------------------------------------------- the person page

export const CategoryFreshness = Type.Object({
  category: CategorySchema,
  fresh: Type.Integer(),
  due: Type.Integer(),
  stale: Type.Integer(),
});

export const PersonOverview = Type.Object({
  id: Id(),
  identity: PersonIdentity,
  /** 本人の意思: the person's own words first. Null when consent does not cover it. */
  voice: Nullable(Type.Array(Item)),
  /** 暮らしの情報: life beyond the consultation room (likes, strengths, daytime, life history). */
  life: Nullable(Type.Array(Item)),
  team: Type.Array(TeamMember),
  contacts: Nullable(Type.Array(Contact)),
  /**
   * People the person asked never to be told anything (e.g. domestic violence): shown to everyone
   * who can see the person, whatever their consent, so that nobody tells them by mistake.
   */
  doNotTell: Type.Array(
    Type.Object({
      name: Type.String(),
      relationship: Type.Enum(contactRelationships),
      note: Nullable(Type.String()),
    }),
  ),
  certificates: Nullable(Type.Array(Certificate)),
  grants: Type.Array(Grant),
  freshness: Type.Array(CategoryFreshness),
  /** The categories the caller may see (their organisation's consent, or break-glass). */
  visibleCategories: Type.Array(CategorySchema),
  access: Type.Object({
    onTeam: Type.Boolean(),
    isLead: Type.Boolean(),
    emergencyUntil: Nullable(Type.String({ format: 'date-time' })),
  }),
  abilities: Type.Object({
    updateIdentity: Type.Boolean(),
    recordItem: Type.Boolean(),
    manageTeam: Type.Boolean(),
    manageGrants: Type.Boolean(),
    manageContacts: Type.Boolean(),
    manageCertificates: Type.Boolean(),
    postMessage: Type.Boolean(),
  }),
  /** Messages of the team timeline the caller may see and has not read. */
  unreadMessages: Type.Integer(),
});
export type PersonOverview = Static<typeof PersonOverview>;

// ---------------------------------------------------------------- review intervals per region

export const FreshnessRule = Type.Object({
  category: CategorySchema,
  reviewDays: Type.Integer(),
  isDefault: Type.Boolean(),
});
export const FreshnessRules = Type.Object({ regionId: Nullable(Id()), rules: Type.Array(FreshnessRule) });
export const SetFreshnessRuleBody = Type.Object(
  {
    regionId: Type.Union([Id('圏域'), Type.Null()], { title: '圏域' }),
    category: CategorySchema,
    reviewDays: Type.Integer({ minimum: 1, maximum: 3650, title: '見直しの間隔（日）' }),
  },
  { additionalProperties: false },
);
export type SetFreshnessRuleBody = Static<typeof SetFreshnessRuleBody>;

// ---------------------------------------------------------------- in-app notifications (the team communication issue extends them)

export const Notification = Type.Object({
  id: Id(),
  kind: Type.String(),
  /** Whom it is about, where the reader's consent reaches their identity now (else null). */
  personId: Nullable(Id()),
  personName: Nullable(Type.String()),
  /** What it is about (a message, an escalation…), for a link straight to it. */
  subjectId: Nullable(Id()),
  priority: Type.Enum(messagePriorities),
  /** The Japanese sentence; clients in another language build theirs from kind and params. */
  message: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Null()])),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});
export const NotificationList = Type.Object({
  notifications: Type.Array(Notification),
  unread: Type.Integer(),
});
export type Renewal = Static<typeof Renewal>;
export type EmergencyAccessResult = Static<typeof EmergencyAccessResult>;
export type Notification = Static<typeof Notification>;
export type NotificationList = Static<typeof NotificationList>;
export type FreshnessRules = Static<typeof FreshnessRules>;
export type FreshnessRule = Static<typeof FreshnessRule>;
export type CategoryFreshness = Static<typeof CategoryFreshness>;
export type GrantList = Static<typeof GrantList>;
