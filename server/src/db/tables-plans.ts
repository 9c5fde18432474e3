import type { ColumnType, Generated } from 'kysely';
import type { DeliveryMethod, DueBand } from '@tsunagu/contract';

/** The tables of サービス担当者会議, 交付 and 期限 reminders (migrations 2026-12-10T1000, T1001). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

/** サービス担当者会議 on one version of a plan. */
export interface PlanMeetingsTable {
  id: Generated<string>;
  planId: string;
  personId: string;
  planVersion: number;
  heldOn: string;
  /** 'HH:MM:SS' as the engines return a time. */
  startsAt: string;
  endsAt: string | null;
  place: string;
  attendees: Json;
  topics: string;
  conclusions: string;
  remainingIssues: string | null;
  recordedByUserId: string | null;
  recordedByOrganisationId: string;
  recordedAt: Timestamp;
}

/** 交付: one version of a plan handed to its recipients. */
export interface PlanDeliveriesTable {
  id: Generated<string>;
  planId: string;
  personId: string;
  planVersion: number;
  deliveredOn: string;
  method: DeliveryMethod;
  recipients: Json;
  note: string | null;
  recordedByUserId: string | null;
  recordedByOrganisationId: string;
  recordedAt: Timestamp;
}

/** A 期限 band told to a staff member, once. */
export interface DueRemindersTable {
  id: Generated<string>;
  userId: string;
  personId: string;
  itemKey: string;
  band: DueBand;
  dueOn: string;
  createdAt: Timestamp;
}

export interface PlanRecordTables {
  planMeetings: PlanMeetingsTable;
  planDeliveries: PlanDeliveriesTable;
  dueReminders: DueRemindersTable;
}
