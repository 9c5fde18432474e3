import type { ColumnType, Generated } from 'kysely';
import type { Consultation, InformationCategory, MessagePriority } from '@tsunagu/contract';

/** The off-hours tables (migration 1800), joined into `Tables` in tables.ts. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type UrgentPriority = Exclude<MessagePriority, 'normal'>;
export type UrgentCaseStatus = 'open' | 'acknowledged' | 'exhausted' | 'cancelled';
export type UrgentStepKind =
  'team' | 'on_call_primary' | 'on_call_backup' | 'tier_organisation' | 'tier_phone';
export type HandoverEntryKind =
  'case_opened' | 'step_fired' | 'step_unreached' | 'case_acknowledged' | 'case_exhausted' | 'consultation';

/**
 * Why a step reached whom it did, or no one (migration 1101):
 * - `rota_nobody_on_duty`: a team organisation keeps a rota but nobody is on duty; its team members were reached;
 * - `closed_without_shift`: a chain tier's organisation is closed and has no shift; skipped;
 * - `nobody_on_call`: no shift covers the region now;
 * - `no_backup`: the shift on call has no reachable backup;
 * - `backup_of_ended_shift`: the backup of the shift that took the case, within its grace period;
 * - `team_opened_since`: team offices that opened since the case opened were offered it.
 */
export type StepNoteCode =
  | 'rota_nobody_on_duty'
  | 'closed_without_shift'
  | 'nobody_on_call'
  | 'no_backup'
  | 'backup_of_ended_shift'
  | 'team_opened_since';

export interface StepNote {
  code: StepNoteCode;
  organisationId: string | null;
}

/** One step of an urgent case's plan; on-call steps are resolved when they fire. */
export interface PlannedStep {
  kind: UrgentStepKind;
  organisationId?: string;
  phone?: string;
  label: string;
}

export interface EscalationSettingsTable {
  id: Generated<string>;
  regionId: string | null;
  emergencyAckMinutes: number;
  urgentAckMinutes: number;
  updatedAt: Timestamp;
}

export interface EscalationTiersTable {
  id: Generated<string>;
  regionId: string | null;
  position: number;
  organisationId: string | null;
  phone: string | null;
  label: string;
}

export interface UrgentCasesTable {
  id: Generated<string>;
  sourceKind: 'message' | 'consultation';
  sourceId: string;
  personId: string | null;
  regionId: string | null;
  category: InformationCategory;
  priority: UrgentPriority;
  plan: ColumnType<PlannedStep[], string, string>;
  openedByUserId: string | null;
  openedByOrganisationId: string;
  openedAt: Timestamp;
  status: UrgentCaseStatus;
  acknowledgedAt: Timestamp | null;
  acknowledgedByUserId: string | null;
  acknowledgedByOrganisationId: string | null;
  acknowledgementNote: string | null;
  /** The number the sender asked to be called back on (migration 0900). */
  callbackPhone: Generated<string | null>;
  updatedAt: Timestamp;
}

/** 緊急時の例外による提供 (migration 0901): the case's message shared across consent, on its article. */
export interface UrgentDisclosuresTable {
  id: Generated<string>;
  caseId: string;
  personId: string;
  category: InformationCategory;
  article: string;
  senderKind: 'private' | 'public';
  protectsLifeOrBody: boolean;
  consentDifficult: boolean;
  reason: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  recordedByUserId: string | null;
  recordedByOrganisationId: string;
}

/** Who was shown a message on an emergency-exception basis, once each. */
export interface UrgentDisclosureRecipientsTable {
  disclosureId: string;
  personId: string;
  userId: string;
  organisationId: string | null;
  firstShownAt: Timestamp;
}

export interface UrgentStepsTable {
  id: Generated<string>;
  caseId: string;
  position: number;
  kind: UrgentStepKind;
  organisationId: string | null;
  phone: string | null;
  label: string | null;
  recipientUserIds: ColumnType<string[], string[], string[]>;
  /** The on-call shifts whose staff the step reached (the backup step asks their backups). */
  shiftIds: ColumnType<string[], string[] | undefined, string[]>;
  notes: ColumnType<StepNote[], string | undefined, string>;
  dueAt: Timestamp;
  firedAt: Timestamp;
}

export interface EmergencyConsultationsTable {
  id: Generated<string>;
  organisationId: string;
  receivedByUserId: string | null;
  receivedAt: Timestamp;
  channel: 'phone' | 'visit' | 'message' | 'other';
  /** Written only through the contract's schema (callerRelationships). */
  callerRelationship: Consultation['callerRelationship'];
  callerName: string | null;
  callerPhone: string | null;
  personId: string | null;
  personDescription: string | null;
  asked: string;
  done: string;
  outcome: string;
  priority: MessagePriority;
  followUpNeeded: boolean;
  followUpOrganisationId: string | null;
  followUpUserId: string | null;
  followUpNote: string | null;
  urgentCaseId: string | null;
  /** The caller may be an excluded contact of the person (migration 0902). */
  callerMayBeExcluded: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface HandoversTable {
  id: Generated<string>;
  organisationId: string;
  openingAt: Timestamp;
  /** An addendum (申し送りの追加) to the handover of the same opening (migration 0903). */
  addendumOf: Generated<string | null>;
  createdAt: Timestamp;
  confirmedAt: Timestamp | null;
  confirmedByUserId: string | null;
}

export interface HandoverEntriesTable {
  id: Generated<string>;
  organisationId: string;
  reason: 'team_lead' | 'municipality';
  kind: HandoverEntryKind;
  occurredAt: Timestamp;
  personId: string | null;
  caseId: string | null;
  stepId: string | null;
  consultationId: string | null;
  dedupeKey: string;
  handoverId: string | null;
}

export interface PushSubscriptionsTable {
  id: Generated<string>;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string | null;
  createdAt: Timestamp;
  lastSuccessAt: Timestamp | null;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  organisationId: string | null;
  url: string;
  secretSealed: string;
  description: string;
  enabled: boolean;
  createdByUserId: string | null;
  createdAt: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpointId: string;
  caseId: string | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Timestamp | null;
  createdAt: Timestamp;
}

/** The organisations whose hours define a region's day for the coverage check (migration 1102). */
export interface RegionCoverageOrganisationsTable {
  regionId: string;
  organisationId: string;
}

export interface OffHoursTables {
  escalationSettings: EscalationSettingsTable;
  escalationTiers: EscalationTiersTable;
  urgentCases: UrgentCasesTable;
  urgentSteps: UrgentStepsTable;
  urgentDisclosures: UrgentDisclosuresTable;
  urgentDisclosureRecipients: UrgentDisclosureRecipientsTable;
  emergencyConsultations: EmergencyConsultationsTable;
  handovers: HandoversTable;
  handoverEntries: HandoverEntriesTable;
  pushSubscriptions: PushSubscriptionsTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  regionCoverageOrganisations: RegionCoverageOrganisationsTable;
}
