import { Type, type Static, type TOptional, type TString } from 'typebox';
import { Id, Kana, OptionalPhoneNumber, OptionalText, Text, Timestamp } from './common.ts';
import {
  accessibilityFeatures,
  directoryCategories,
  directoryLanguages,
  directorySorts,
  entrySources,
  mappableFields,
  type MappableField,
  remits,
  serviceTypes,
} from './directory-vocabulary.ts';
import { Latitude, Longitude } from './geo.ts';
import { liaisonChannels } from './liaison.ts';
import { BusinessHoursRange, OrganisationKindSchema, SectorSchema } from './organisations.ts';

export const DirectoryCategorySchema = Type.Enum(directoryCategories, { title: '区分' });
export const ServiceTypeSchema = Type.Enum(serviceTypes, { title: 'サービス種別' });
export const RemitSchema = Type.Enum(remits, { title: '相談の内容' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** The published text of an entry's hours, kept as published (what could not be parsed stays here). */
export const HoursText = Type.Object(
  {
    weekday: OptionalText('利用可能な時間帯（平日）', 200),
    saturday: OptionalText('利用可能な時間帯（土曜）', 200),
    sunday: OptionalText('利用可能な時間帯（日曜）', 200),
    holiday: OptionalText('利用可能な時間帯（祝日）', 200),
    closedDays: OptionalText('定休日', 200),
    notes: OptionalText('利用可能曜日特記事項', 1000),
  },
  { additionalProperties: false, title: '営業時間（掲載どおり）' },
);
export type HoursText = Static<typeof HoursText>;

/** One line of a search result: what a care worker decides on at 22:00. */
export const DirectoryEntrySummary = Type.Object({
  id: Id(),
  name: Type.String(),
  kana: Type.String(),
  kind: OrganisationKindSchema,
  category: DirectoryCategorySchema,
  serviceTypes: Type.Array(ServiceTypeSchema),
  remits: Type.Array(RemitSchema),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  isOnTsunagu: Type.Boolean(),
  entrySource: Type.Enum(entrySources),
  /** Open at the instant searched for (now unless a time was chosen). */
  isOpen: Type.Boolean(),
  /** Metres from the point searched around; null without one or without coordinates. */
  distanceMetres: Type.Union([Type.Number(), Type.Null()]),
  acceptsNewUsers: Type.Union([Type.Boolean(), Type.Null()]),
  offersTrialStay: Type.Boolean(),
  confirmedAt: Timestamp('最終確認'),
});
export type DirectoryEntrySummary = Static<typeof DirectoryEntrySummary>;

export const DirectorySearchResult = Type.Object({
  entries: Type.Array(DirectoryEntrySummary),
  total: Type.Integer(),
  /** The instant whose opening hours `isOpen` answers for. */
  at: Timestamp('時刻'),
});
export type DirectorySearchResult = Static<typeof DirectorySearchResult>;

export const DirectorySearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, title: '検索語' })),
    category: Type.Optional(DirectoryCategorySchema),
    serviceType: Type.Optional(ServiceTypeSchema),
    remit: Type.Optional(RemitSchema),
    kind: Type.Optional(OrganisationKindSchema),
    regionId: Type.Optional(Id('圏域')),
    /** Only entries open at `at` (now when `at` is not given). */
    openNow: Type.Optional(Type.Boolean({ title: '開いている' })),
    at: Type.Optional(Type.String({ format: 'date-time', title: '日時' })),
    acceptsNewUsers: Type.Optional(Type.Boolean({ title: '新規利用の受け入れ' })),
    trialStay: Type.Optional(Type.Boolean({ title: '体験利用' })),
    onTsunagu: Type.Optional(Type.Boolean({ title: 'つなぐを使っている' })),
    nearOrganisationId: Type.Optional(Id('近くを探す機関')),
    nearRegionId: Type.Optional(Id('近くを探す圏域')),
    latitude: Type.Optional(Latitude()),
    longitude: Type.Optional(Longitude()),
    withinKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500, title: '距離（km）' })),
    sort: Type.Optional(Type.Enum(directorySorts, { title: '並べ順' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, title: '件数' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, title: '開始位置' })),
  },
  { additionalProperties: false },
);
export type DirectorySearchQuery = Static<typeof DirectorySearchQuery>;

/** An entry's page: services, remit, hours and who confirmed it when. */
export const DirectoryEntry = Type.Object({
  ...DirectoryEntrySummary.properties,
  sector: SectorSchema,
  regionIds: Type.Array(Id()),
  postalCode: Type.Union([Type.String(), Type.Null()]),
  fax: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  accessibility: Type.Array(Type.Enum(accessibilityFeatures)),
  languages: Type.Array(Type.Enum(directoryLanguages)),
  referralNote: Type.Union([Type.String(), Type.Null()]),
  preferredChannel: Type.Union([Type.Enum(liaisonChannels), Type.Null()]),
  businessHours: Type.Array(BusinessHoursRange),
  closesOnHolidays: Type.Boolean(),
  hoursText: Type.Union([HoursText, Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
  corporationName: Type.Union([Type.String(), Type.Null()]),
  officeNumber: Type.Union([Type.String(), Type.Null()]),
  confirmedBy: Type.Union([Type.Object({ userId: Id(), name: Type.String() }), Type.Null()]),
  /** Set when the last confirmation was an import of published data. */
  confirmedByImport: Type.Boolean(),
  abilities: Type.Object({ edit: Type.Boolean(), confirm: Type.Boolean() }),
});
export type DirectoryEntry = Static<typeof DirectoryEntry>;

const entryFields = {
  name: Text('名称', 200),
  kana: Kana('名称（ふりがな）', 300),
  kind: OrganisationKindSchema,
  category: DirectoryCategorySchema,
  serviceTypes: Type.Array(ServiceTypeSchema, { maxItems: 30, uniqueItems: true, title: 'サービス種別' }),
  remits: Type.Array(RemitSchema, { maxItems: 20, uniqueItems: true, title: '相談の内容' }),
  regionIds: Type.Array(Id('担当圏域'), { maxItems: 100, uniqueItems: true, title: '担当圏域' }),
  address: OptionalText('所在地', 300),
  latitude: Type.Optional(Type.Union([Latitude(), Type.Null()], { title: '緯度' })),
  longitude: Type.Optional(Type.Union([Longitude(), Type.Null()], { title: '経度' })),
  phone: OptionalPhoneNumber('電話番号'),
  fax: OptionalPhoneNumber('FAX番号'),
  url: Type.Optional(
    Nullable(Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$', title: 'ホームページ' })),
  ),
  capacity: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 100_000, title: '定員' }), Type.Null()], {
      title: '定員',
    }),
  ),
  accessibility: Type.Optional(
    Type.Array(Type.Enum(accessibilityFeatures), { maxItems: 10, uniqueItems: true, title: 'バリアフリー' }),
  ),
  languages: Type.Optional(
    Type.Array(Type.Enum(directoryLanguages), { maxItems: 10, uniqueItems: true, title: '対応言語' }),
  ),
  referralNote: OptionalText('紹介できる人と紹介の方法', 1000),
  preferredChannel: Type.Optional(
    Type.Union([Type.Enum(liaisonChannels), Type.Null()], { title: '希望する連絡手段' }),
  ),
  acceptsNewUsers: Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { title: '新規利用の受け入れ' })),
  offersTrialStay: Type.Optional(Type.Boolean({ title: '体験利用' })),
  businessHours: Type.Optional(Type.Array(BusinessHoursRange, { maxItems: 42, title: '営業時間' })),
  closesOnHolidays: Type.Optional(Type.Boolean({ title: '祝日は休み' })),
  hoursText: Type.Optional(Type.Union([HoursText, Type.Null()], { title: '営業時間（掲載どおり）' })),
  notes: OptionalText('備考', 2000),
};

export const CreateDirectoryEntryBody = Type.Object(entryFields, { additionalProperties: false });
export type CreateDirectoryEntryBody = Static<typeof CreateDirectoryEntryBody>;
export const UpdateDirectoryEntryBody = Type.Partial(Type.Object(entryFields), {
  additionalProperties: false,
});
export type UpdateDirectoryEntryBody = Static<typeof UpdateDirectoryEntryBody>;

export const importFormats = ['official', 'generic'] as const;
export type ImportFormat = (typeof importFormats)[number];
/** `interrupted`: its process stopped (a restart) before the end; the batches written stay. */
export const importStatuses = ['running', 'done', 'failed', 'interrupted'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** One import of a file: how far it has read, what it did, and why it stopped if it failed. */
export const DirectoryImport = Type.Object({
  id: Id(),
  format: Type.Enum(importFormats),
  filename: Type.String(),
  encoding: Type.Union([Type.String(), Type.Null()]),
  importsAllRegions: Type.Boolean(),
  status: Type.Enum(importStatuses),
  bytesTotal: Type.Integer(),
  bytesRead: Type.Integer(),
  rowsRead: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  rejected: Type.Integer(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  errorMessage: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp('開始'),
  finishedAt: Type.Union([Timestamp('終了'), Type.Null()]),
});
export type DirectoryImport = Static<typeof DirectoryImport>;
export const DirectoryImportList = Type.Object({ imports: Type.Array(DirectoryImport) });

export const ImportRejection = Type.Object({
  line: Type.Integer(),
  code: Type.String(),
  field: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
export type ImportRejection = Static<typeof ImportRejection>;
export const ImportRejectionList = Type.Object({
  rejections: Type.Array(ImportRejection),
  total: Type.Integer(),
});

/** The options of an upload, sent as the multipart form's text fields. */
export const ImportOptions = Type.Object(
  {
    format: Type.Enum(importFormats, { title: '形式' }),
    importAllRegions: Type.Optional(Type.Enum(['true', 'false'], { title: '全国のすべての行を取り込む' })),
    mappingId: Type.Optional(Id('列の対応')),
  },
  { additionalProperties: false },
);
export type ImportOptions = Static<typeof ImportOptions>;

/** 列の対応: for each field, the header of the generic CSV's column that holds it. */
export const ColumnMapping = Type.Object(
  {
    name: Text('名前', 100),
    columns: Type.Object(
      Object.fromEntries(mappableFields.map((f) => [f, Type.Optional(Text('列名', 100))])) as Record<
        MappableField,
        TOptional<TString>
      >,
      { additionalProperties: false, title: '列の対応' },
    ),
  },
  { additionalProperties: false },
);
export type ColumnMapping = Static<typeof ColumnMapping>;
export const SavedColumnMapping = Type.Object({
  id: Id(),
  name: Type.String(),
  columns: Type.Record(Type.String(), Type.String()),
});
export type SavedColumnMapping = Static<typeof SavedColumnMapping>;
export const ColumnMappingList = Type.Object({ mappings: Type.Array(SavedColumnMapping) });
