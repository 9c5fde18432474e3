import type { ColumnType, Generated } from 'kysely';
import type {
  DirectoryCategory,
  EntrySource,
  HoursText,
  ImportFormat,
  ImportStatus,
  Remit,
  ServiceType,
} from '@tsunagu/contract';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
type TextArray<T extends string = string> = ColumnType<T[], T[] | undefined, T[]>;

/** The directory's columns of an organisation (地域の社会資源; migration 2026-12-09T2200). */
export interface DirectoryColumns {
  directoryCategory: Generated<DirectoryCategory>;
  entrySource: Generated<EntrySource>;
  serviceTypes: TextArray<ServiceType>;
  remits: TextArray<Remit>;
  latitude: Generated<number | null>;
  longitude: Generated<number | null>;
  capacity: Generated<number | null>;
  accessibility: TextArray;
  languages: TextArray;
  /** 紹介できる人と紹介の方法. */
  referralNote: Generated<string | null>;
  acceptsNewUsers: Generated<boolean | null>;
  /** 体験利用 (trial stays, 地域移行's 体験の機会). */
  offersTrialStay: Generated<boolean>;
  hoursText: ColumnType<HoursText | null, string | null | undefined, string | null>;
  directoryNotes: Generated<string | null>;
  url: Generated<string | null>;
  corporationName: Generated<string | null>;
  /** 事業所番号 of published data. */
  officeNumber: Generated<string | null>;
  /** The stable key of an imported entry (`wam:<事業所番号>:<サービス種別>`); re-import updates it. */
  sourceKey: Generated<string | null>;
  /** The fingerprint of the imported row: a re-import rewrites only what changed. */
  sourceHash: Generated<string | null>;
  lastImportId: Generated<string | null>;
  confirmedAt: Generated<Date>;
  confirmedByUserId: Generated<string | null>;
  /** 検索キー of services, remits and notes; the trigger joins it with name_key and kana_key. */
  detailKey: Generated<string>;
  searchText: Generated<string>;
  searchGrams: Generated<string[]>;
}

export interface DirectoryImportsTable {
  id: Generated<string>;
  format: ImportFormat;
  filename: string;
  encoding: string | null;
  mappingId: string | null;
  importsAllRegions: boolean;
  status: ImportStatus;
  bytesTotal: Int8;
  bytesRead: Generated<string>;
  rowsRead: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  rejected: Generated<number>;
  errorCode: string | null;
  errorMessage: string | null;
  startedByUserId: string | null;
  /** The process reading the file (TSUNAGU_WORKER_ID; the command line has its own). */
  workerId: string | null;
  /** When the last batch was written: an import long past it has stopped (interrupted). */
  progressedAt: Timestamp | null;
  createdAt: Timestamp;
  finishedAt: Timestamp | null;
}

/** A row an import refused, by its line in the file, with the reason. */
export interface DirectoryImportRejectionsTable {
  importId: string;
  line: number;
  code: string;
  field: string | null;
  message: string;
}

/** 列の対応: a generic CSV's column headers for each field, saved under a name. */
export interface DirectoryImportMappingsTable {
  id: Generated<string>;
  name: string;
  columns: ColumnType<Record<string, string>, string, string>;
  createdByUserId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface DirectoryTables {
  directoryImports: DirectoryImportsTable;
  directoryImportRejections: DirectoryImportRejectionsTable;
  directoryImportMappings: DirectoryImportMappingsTable;
}
