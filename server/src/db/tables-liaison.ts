import type { ColumnType, Generated } from 'kysely';
import type {
  ContactDirection,
  ContactMode,
  ContactOrigin,
  InformationCategory,
  LiaisonChannel,
  LiaisonDeliveryChannel,
  LiaisonReplyChannel,
  LiaisonSheetStatus,
} from '@tsunagu/contract';

/** The liaison tables (migrations 1900, 1910), joined into `Tables` in tables.ts. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** How an organisation is reached; `usesTsunagu = false` marks an organisation without accounts. */
export interface OrganisationLiaisonSettingsTable {
  organisationId: string;
  usesTsunagu: boolean;
  preferredChannel: LiaisonChannel;
  faxNumber: string | null;
  /** An e-mail-to-FAX gateway registered by an administrator: the only address a sheet is mailed to. */
  faxGatewayEmail: string | null;
  note: string | null;
  updatedByUserId: string | null;
  updatedAt: Timestamp;
}

/** 連携シート: one item sent to an organisation, its guest link and its reply. */
export interface LiaisonSheetsTable {
  id: Generated<string>;
  personId: string;
  category: InformationCategory;
  sourceKind: 'message' | 'request' | 'plan';
  messageId: string | null;
  planId: string | null;
  recipientOrganisationId: string;
  senderUserId: string | null;
  senderOrganisationId: string;
  request: string;
  body: string;
  /** 'YYYY-MM-DD' */
  replyBy: string;
  replyCode: string;
  tokenHash: string;
  tokenSealed: string;
  pinSealed: string;
  pinOnSheet: boolean;
  linkExpiresAt: Timestamp;
  pinFailures: Generated<number>;
  lockedAt: Timestamp | null;
  status: LiaisonSheetStatus;
  repliedAt: Timestamp | null;
  replyChannel: LiaisonReplyChannel | null;
  replyText: string | null;
  replyRespondent: string | null;
  replyRecordedByUserId: string | null;
  replyFileName: string | null;
  replyFileType: string | null;
  replyFileData: Uint8Array | null;
  remindedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface LiaisonDeliveriesTable {
  id: Generated<string>;
  sheetId: string;
  channel: LiaisonDeliveryChannel;
  toAddress: string | null;
  status: 'queued' | 'sent' | 'failed';
  attempts: Generated<number>;
  lastError: string | null;
  requestedByUserId: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
}

/** 連絡記録: how an exchange happened; what was said is the information item of the same lineage. */
export interface ContactLogEntriesTable {
  itemLineageId: string;
  personId: string;
  mode: ContactMode;
  direction: ContactDirection | null;
  counterpart: string;
  counterpartOrganisationId: string | null;
  occurredAt: Timestamp;
  sheetId: string | null;
  /** 'liaison_reply' (migration 1910): written with a reply recorded by hand; one per sheet. */
  origin: Generated<ContactOrigin>;
  recordedByUserId: string | null;
  recordedByOrganisationId: string;
  createdAt: Timestamp;
}

export interface LiaisonTables {
  organisationLiaisonSettings: OrganisationLiaisonSettingsTable;
  liaisonSheets: LiaisonSheetsTable;
  liaisonDeliveries: LiaisonDeliveriesTable;
  contactLogEntries: ContactLogEntriesTable;
}
