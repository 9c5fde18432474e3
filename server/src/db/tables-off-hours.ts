import type { ColumnType, Generated } from 'kysely';
import type { InformationCategory, MessagePriority } from '@tsunagu/contract';

/** The off-hours tables (migration 1800), joined into `Tables` in tables.ts. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type UrgentPriority = Exclude<MessagePriority, 'normal'>;
export type UrgentCaseStatus = 'open' | 'acknowledged' | 'exhausted' | 'cancelled';
export type UrgentStepKind =
  'team' | 'on_call_primary' | 'on_call_backup' | 'tier_organisation' | 'tier_phone';
export type HandoverEntryKind =
  'case_opened' | 'step_fired' | 'case_acknowledged' | 'case_exhausted' | 'consultation';

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
  updatedAt: Timestamp;
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
  dueAt: Timestamp;
  firedAt: Timestamp;
}

export interface EmergencyConsultationsTable {
  id: Generated<string>;
  organisationId: string;
  receivedByUserId: string | null;
  receivedAt: Timestamp;
  channel: 'phone' | 'visit' | 'message' | 'other';
  callerRelationship: string;
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
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface HandoversTable {
  id: Generated<string>;
  organisationId: string;
  openingAt: Timestamp;
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

export interface OffHoursTables {
  escalationSettings: EscalationSettingsTable;
  escalationTiers: EscalationTiersTable;
  urgentCases: UrgentCasesTable;
  urgentSteps: UrgentStepsTable;
  emergencyConsultations: EmergencyConsultationsTable;
  handovers: HandoversTable;
  handoverEntries: HandoverEntriesTable;
  pushSubscriptions: PushSubscriptionsTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
}
