import type { ColumnType, Generated } from 'kysely';
import type {
  AuditOutcome,
  MembershipRole,
  OrganisationKind,
  Profession,
  RegionLevel,
  Sector,
} from '@tsunagu/contract';
import type { SessionStage } from '@tsunagu/contract';
import type {
  CertificateKind,
  ConsentMethod,
  ContactRelationship,
  GrantBasis,
  InformationCategory,
  ItemKind,
  ItemSource,
  ItemTopic,
  SupportCategory,
  TeamRole,
  MessagePriority,
} from '@tsunagu/contract';
import type { OffHoursTables } from './tables-off-hours.ts';
import type { LiaisonTables } from './tables-liaison.ts';
import type { MembershipTables } from './tables-membership.ts';
import type { DirectoryColumns, DirectoryTables } from './tables-directory.ts';
import type { PlanRecordTables } from './tables-plans.ts';

/**
 * The database as TypeScript sees it (camelCase; CamelCasePlugin maps to snake_case).
 * int8 and numeric arrive as strings, date and time as strings, timestamptz as Date:
 * database.ts sets the same parsers on both engines.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface RegionsTable {
  id: Generated<string>;
  parentId: string | null;
  level: RegionLevel;
  name: string;
  kana: string | null;
  code: string | null;
  /** The centre a directory search measures from (日常生活圏域の中心), entered by an admin. */
  centreLatitude: Generated<number | null>;
  centreLongitude: Generated<number | null>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganisationsTable extends DirectoryColumns {
  id: Generated<string>;
  name: string;
  /** ふりがな in the one form (hiragana, normaliseKana). */
  kana: string;
  /** 検索キー of name and kana (platform/text/search-key.ts), written with them. */
  nameKey: string;
  kanaKey: string;
  sector: Sector;
  kind: OrganisationKind;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  fax: string | null;
  /** Lets an on-call shift's session last the whole shift (夜間当番のサインイン). */
  onCallSessionCoversShift: Generated<boolean>;
  /** Minutes after a shift's end its backup is still asked about the cases it took (migration 1100). */
  onCallBackupGraceMinutes: Generated<number>;
  isDemo: Generated<boolean>;
  /** Closed on national and substitute holidays (祝日・振替休日). */
  closesOnHolidays: Generated<boolean>;
  /** Closed over 年末年始, 12/29–1/3. */
  closesYearEnd: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganisationRegionsTable {
  organisationId: string;
  regionId: string;
}

export interface OrganisationBusinessHoursTable {
  organisationId: string;
  weekday: number;
  /** 'HH:MM:SS' */
  opensAt: string;
  closesAt: string;
}

/** 休業期間: a date range (YYYY-MM-DD, inclusive), once or every year. */
export interface OrganisationClosuresTable {
  id: Generated<string>;
  organisationId: string;
  startsOn: string;
  endsOn: string;
  isYearly: Generated<boolean>;
  reason: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** 臨時休業・特別営業: one day closed (hours = []) or open with its own hours. */
export interface OrganisationSpecialDaysTable {
  id: Generated<string>;
  organisationId: string;
  onDate: string;
  hours: ColumnType<{ opensAt: string; closesAt: string }[], string, string>;
  reason: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** 当番: one shift of a covering organisation. */
export interface OnCallShiftsTable {
  id: Generated<string>;
  organisationId: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  primaryUserId: string;
  backupUserId: string | null;
  contactPhone: string | null;
  note: string | null;
  createdByUserId: string | null;
  cancelledAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OnCallShiftRegionsTable {
  shiftId: string;
  regionId: string;
}

export interface OnCallShiftHistoryTable {
  id: Generated<string>;
  shiftId: string;
  kind: 'created' | 'updated' | 'reassigned' | 'swapped' | 'cancelled';
  actorUserId: string | null;
  changes: ColumnType<Record<string, [unknown, unknown]>, string, string>;
  at: Timestamp;
  seq: ColumnType<string, never, never>;
}

export interface OnCallSwapRequestsTable {
  id: Generated<string>;
  shiftId: string;
  role: 'primary' | 'backup';
  fromUserId: string;
  toUserId: string;
  message: string | null;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn' | 'cancelled';
  createdAt: Timestamp;
  decidedAt: Timestamp | null;
  decidedByUserId: string | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  displayName: string;
  /** ふりがな in the one form (hiragana, normaliseKana). */
  kana: string;
  /** 検索キー of display name and kana (platform/text/search-key.ts), written with them. */
  nameKey: string;
  kanaKey: string;
  passwordHash: string;
  mustChangePassword: Generated<boolean>;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: Int8 | null;
  isSystemAdmin: Generated<boolean>;
  isDemo: Generated<boolean>;
  disabledAt: Timestamp | null;
  lastSignInAt: Timestamp | null;
  passwordChangedAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MembershipsTable {
  userId: string;
  organisationId: string;
  profession: Profession;
  role: MembershipRole;
  createdAt: Timestamp;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  userId: string;
  codeHash: string;
  usedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface SessionsTable {
  idHash: string;
  userId: string;
  stage: SessionStage;
  activeOrganisationId: string | null;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  ip: string | null;
  userAgent: string | null;
  /** An on-call shift's session is not signed out for idleness until then. */
  idleExemptUntil: Timestamp | null;
}

/** What a sign-in failure counter counts (features/auth/sign-in-throttle.ts). */
export type SignInFailureScope = 'account_address' | 'address' | 'account' | 'device';

/** Failures of one scope and subject (an e-mail and address, an address, an e-mail, a device). */
export interface SignInFailuresTable {
  scope: SignInFailureScope;
  subject: string;
  failures: number;
  lastFailureAt: Timestamp;
}

/** A browser that completed a sign-in to the account (信頼済みの端末): its cookie token's SHA-256. */
export interface SignInDevicesTable {
  tokenHash: string;
  userId: string;
  createdAt: Timestamp;
}

export interface AppSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updatedAt: Timestamp;
}

export interface AuditEventsTable {
  seq: ColumnType<string, never, never>;
  occurredAt: ColumnType<Date, never, never>;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  requestId: string | null;
  details: ColumnType<Record<string, unknown> | null, string | null, never>;
  personId: string | null;
  viaEmergency: Generated<boolean>;
  /** Other organisations the event concerns (they see it in their audit view); sealed when set. */
  concernedOrganisationIds: ColumnType<string[] | null, string[] | null, never>;
}

export interface AuditPendingTable {
  seq: Int8;
}

export interface AuditSealsTable {
  chainPosition: Int8;
  auditSeq: Int8;
  mac: string;
  sealedAt: ColumnType<Date, never, never>;
}

/** 'YYYY-MM-DD' (the date parser returns text on both engines). */
type DateText = string;

export interface PersonsTable {
  id: Generated<string>;
  name: string;
  /** The sort order of persons: the reading's search key (hiragana, no spaces). */
  kana: string;
  /** ふりがな as shown, in the one form (hiragana, normaliseKana). */
  kanaDisplay: string;
  /** 検索キー of name and kana (platform/text/search-key.ts), written with them. */
  nameKey: string;
  kanaKey: string;
  birthDate: DateText;
  phone: string | null;
  email: string | null;
  address: string | null;
  dailyLifeAreaId: string | null;
  responsibleMunicipalityId: string | null;
  usesWelfareServices: boolean;
  registeredByOrganisationId: string;
  registeredByUserId: string | null;
  isDemo: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PersonCertificatesTable {
  id: Generated<string>;
  personId: string;
  kind: CertificateKind;
  number: string | null;
  supportCategory: SupportCategory | null;
  grade: number | null;
  validFrom: DateText | null;
  validUntil: DateText;
  recordedByUserId: string | null;
  recordedByOrganisationId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PersonContactsTable {
  id: Generated<string>;
  personId: string;
  name: string;
  relationship: ContactRelationship;
  phone: string | null;
  notes: string | null;
  isExcluded: boolean;
  exclusionNote: string | null;
  recordedByOrganisationId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface TeamMembersTable {
  id: Generated<string>;
  personId: string;
  organisationId: string;
  userId: string | null;
  role: TeamRole;
  isLead: boolean;
  startedOn: DateText;
  endedOn: DateText | null;
  addedByUserId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AccessGrantsTable {
  id: Generated<string>;
  personId: string;
  organisationId: string;
  basis: GrantBasis;
  method: ConsentMethod | null;
  statute: string | null;
  obtainedOn: DateText;
  obtainedByUserId: string | null;
  obtainedByOrganisationId: string | null;
  expiresOn: DateText | null;
  withdrawnAt: Timestamp | null;
  withdrawnByUserId: string | null;
  withdrawnByOrganisationId: string | null;
  withdrawalNote: string | null;
  createdAt: Timestamp;
}

export interface AccessGrantCategoriesTable {
  grantId: string;
  category: InformationCategory;
}

export interface GrantDocumentsTable {
  grantId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  data: Uint8Array;
  uploadedByUserId: string | null;
  createdAt: Timestamp;
}

export interface EmergencyAccessesTable {
  id: Generated<string>;
  personId: string;
  userId: string;
  organisationId: string | null;
  reason: string;
  startedAt: Timestamp;
  expiresAt: Timestamp;
}

export interface InformationItemsTable {
  id: Generated<string>;
  lineageId: string;
  version: number;
  isCurrent: boolean;
  personId: string;
  category: InformationCategory;
  topic: ItemTopic | null;
  content: string;
  source: ItemSource;
  kind: ItemKind;
  observedOn: DateText;
  recordedAt: Timestamp;
  recordedByUserId: string | null;
  recordedByOrganisationId: string;
  confirmedAt: Timestamp | null;
  confirmedByUserId: string | null;
  confirmedByOrganisationId: string | null;
  correctionReason: string | null;
}

export interface FreshnessRulesTable {
  id: Generated<string>;
  regionId: string | null;
  category: InformationCategory;
  reviewDays: number;
  updatedAt: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  userId: string;
  kind: string;
  personId: string | null;
  subjectId: string | null;
  priority: Generated<MessagePriority>;
  payload: ColumnType<Record<string, unknown>, string, string>;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

export interface NotificationPreferencesTable {
  userId: string;
  emailMode: 'immediate' | 'digest' | 'never';
  quietStart: string | null;
  quietEnd: string | null;
  digestTime: string;
  updatedAt: Timestamp;
}

export interface JobsTable {
  id: ColumnType<string, never, never>;
  queue: string;
  key: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  runAt: Timestamp;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  maxAttempts: number;
  lockedBy: string | null;
  leaseExpiresAt: Timestamp | null;
  lastError: string | null;
  createdAt: Timestamp;
  finishedAt: Timestamp | null;
  startedAt: Timestamp | null;
  overdueAt: Timestamp | null;
}

/** Every job key ever enqueued: the duplicate guard that outlives the pruned job rows. */
export interface JobKeysTable {
  key: string;
  createdAt: Timestamp;
}

/** At most one row: the highest live event id pruned (a stream resuming from before it must reload). */
export interface LiveEventHorizonTable {
  singleton: Generated<boolean>;
  prunedThroughId: ColumnType<string, string, string>;
  prunedAt: Timestamp;
}

export interface LiveEventsTable {
  id: ColumnType<string, never, never>;
  kind: string;
  personId: string | null;
  category: InformationCategory | null;
  subjectId: string | null;
  authorOrganisationId: string | null;
  userId: string | null;
  payload: ColumnType<Record<string, unknown>, string, string>;
  createdAt: Timestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  personId: string;
  threadId: string | null;
  topic: string | null;
  category: InformationCategory;
  priority: MessagePriority;
  requiresAck: boolean;
  body: string;
  status: 'posted' | 'corrected' | 'withdrawn';
  authorUserId: string | null;
  authorOrganisationId: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MessageVersionsTable {
  messageId: string;
  version: number;
  body: string;
  change: 'posted' | 'corrected' | 'withdrawn';
  reason: string | null;
  changedByUserId: string | null;
  changedAt: Timestamp;
}

export interface MessageMentionsTable {
  messageId: string;
  userId: string | null;
  organisationId: string | null;
}

export interface MessageAttachmentsTable {
  id: Generated<string>;
  messageId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  data: Uint8Array;
  createdAt: Timestamp;
}

export interface TimelineCursorsTable {
  personId: string;
  userId: string;
  deliveredSeq: Int8;
  deliveredAt: Timestamp | null;
  readSeq: Int8;
  readAt: Timestamp | null;
}

export interface TimelineReadMarksTable {
  personId: string;
  userId: string;
  readSeq: Int8;
  readAt: Timestamp;
}

export interface MessageAcksTable {
  id: Generated<string>;
  messageId: string;
  recipientUserId: string | null;
  recipientOrganisationId: string | null;
  acknowledgedByUserId: string | null;
  acknowledgedAt: Timestamp | null;
  reply: string | null;
}

/** 計画: a plan lineage (サービス等利用計画, 個別支援計画, クライシスプラン). */
export interface PlansTable {
  id: Generated<string>;
  personId: string;
  kind: 'service_use' | 'individual_support' | 'crisis';
  category: InformationCategory;
  organisationId: string;
  title: string | null;
  createdByUserId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** One immutable version of a plan; its state moves 計画案 → 本人同意 → 確定. */
export interface PlanVersionsTable {
  id: Generated<string>;
  planId: string;
  personId: string;
  version: number;
  status: 'draft' | 'agreed' | 'confirmed';
  planDate: DateText;
  reviewOn: DateText | null;
  monitoringMonths: number | null;
  content: ColumnType<unknown, string, string>;
  changeNote: string | null;
  createdByUserId: string | null;
  createdByOrganisationId: string | null;
  createdAt: Timestamp;
  agreedOn: DateText | null;
  agreementMethod: ConsentMethod | null;
  agreementNote: string | null;
  agreementRecordedByUserId: string | null;
  agreementRecordedAt: Timestamp | null;
  confirmedAt: Timestamp | null;
  confirmedByUserId: string | null;
  noMeetingReason: Generated<string | null>;
}

/** モニタリング of a plan version. */
export interface PlanMonitoringsTable {
  id: Generated<string>;
  planId: string;
  personId: string;
  planVersion: number;
  monitoredOn: DateText;
  personAccount: string;
  progress: ColumnType<unknown, string, string>;
  needsChange: boolean;
  changeNote: string | null;
  overallStatus: Generated<string | null>;
  recordedByUserId: string | null;
  recordedByOrganisationId: string;
  recordedAt: Timestamp;
}

export interface Tables
  extends OffHoursTables, LiaisonTables, MembershipTables, DirectoryTables, PlanRecordTables {
  regions: RegionsTable;
  organisations: OrganisationsTable;
  organisationRegions: OrganisationRegionsTable;
  organisationBusinessHours: OrganisationBusinessHoursTable;
  organisationClosures: OrganisationClosuresTable;
  organisationSpecialDays: OrganisationSpecialDaysTable;
  onCallShifts: OnCallShiftsTable;
  onCallShiftRegions: OnCallShiftRegionsTable;
  onCallShiftHistory: OnCallShiftHistoryTable;
  onCallSwapRequests: OnCallSwapRequestsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  recoveryCodes: RecoveryCodesTable;
  sessions: SessionsTable;
  signInFailures: SignInFailuresTable;
  signInDevices: SignInDevicesTable;
  appSettings: AppSettingsTable;
  auditEvents: AuditEventsTable;
  auditPending: AuditPendingTable;
  auditSeals: AuditSealsTable;
  persons: PersonsTable;
  personCertificates: PersonCertificatesTable;
  personContacts: PersonContactsTable;
  teamMembers: TeamMembersTable;
  accessGrants: AccessGrantsTable;
  accessGrantCategories: AccessGrantCategoriesTable;
  grantDocuments: GrantDocumentsTable;
  emergencyAccesses: EmergencyAccessesTable;
  informationItems: InformationItemsTable;
  freshnessRules: FreshnessRulesTable;
  notifications: NotificationsTable;
  notificationPreferences: NotificationPreferencesTable;
  jobs: JobsTable;
  jobKeys: JobKeysTable;
  liveEventHorizon: LiveEventHorizonTable;
  liveEvents: LiveEventsTable;
  messages: MessagesTable;
  messageVersions: MessageVersionsTable;
  messageMentions: MessageMentionsTable;
  messageAttachments: MessageAttachmentsTable;
  timelineCursors: TimelineCursorsTable;
  timelineReadMarks: TimelineReadMarksTable;
  messageAcks: MessageAcksTable;
  plans: PlansTable;
  planVersions: PlanVersionsTable;
  planMonitorings: PlanMonitoringsTable;
}
