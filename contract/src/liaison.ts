import { Type, type Static } from 'typebox';
import { Code, DateOnly, Id, OptionalText, PhoneNumber, Text, Timestamp } from './common.ts';
import { informationCategories, itemKinds, itemSources } from './enums.ts';
import { ExcludedContactConfirmed } from './exclusions.ts';
import { PrintWarnings } from './printable.ts';

/**
 * 連携シート and 連絡記録: organisations that work by phone and FAX. A sheet is one item sent to
 * such an organisation; its reply comes back by a guest link (QR + PIN) or is recorded by hand
 * against its reply code. Contact log entries are information items with how and with whom.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** How an organisation prefers to be reached: FAX / 電話 / 郵送 / メール. */
export const liaisonChannels = ['fax', 'phone', 'post', 'email'] as const;
export type LiaisonChannel = (typeof liaisonChannels)[number];

/** How a reply came back: by the guest link, or by phone, FAX, visit, otherwise (recorded by staff). */
export const liaisonReplyChannels = ['link', 'phone', 'fax', 'visit', 'other'] as const;
export type LiaisonReplyChannel = (typeof liaisonReplyChannels)[number];
/** The channels a staff member records a reply under (the link records itself). */
export const handReplyChannels = ['phone', 'fax', 'visit', 'other'] as const;
export type HandReplyChannel = (typeof handReplyChannels)[number];

export const liaisonSheetStatuses = ['awaiting', 'replied', 'cancelled'] as const;
export type LiaisonSheetStatus = (typeof liaisonSheetStatuses)[number];

export const liaisonDeliveryChannels = ['download', 'fax_gateway', 'sms_pin'] as const;
export type LiaisonDeliveryChannel = (typeof liaisonDeliveryChannels)[number];

/** Where the PIN goes: printed on the sheet, or by SMS (through the sending organisation's gateway). */
export const pinDeliveries = ['sheet', 'sms'] as const;
export type PinDelivery = (typeof pinDeliveries)[number];

/** 連絡記録の手段: 電話 / FAX / 訪問 / 会議・面談 / 郵便・メール / その他. */
export const contactModes = ['phone', 'fax', 'visit', 'meeting', 'mail', 'other'] as const;
export type ContactMode = (typeof contactModes)[number];
export const contactDirections = ['incoming', 'outgoing'] as const; // 受けた / かけた・送った
export type ContactDirection = (typeof contactDirections)[number];
/**
 * How a contact log entry came to be: written in the contact log itself, or by recording a reply to a
 * 連携シート by hand (電話・FAX… with the reply code), one per sheet.
 */
export const contactOrigins = ['contact', 'liaison_reply'] as const;
export type ContactOrigin = (typeof contactOrigins)[number];

export const LIAISON_BODY_MAX = 1500;
/** Failed PIN entries after which a link locks until the sender reissues it. */
export const LIAISON_PIN_ATTEMPTS = 5;

/** A domestic FAX number the gateway can dial, and a mobile number for SMS, both folded first. */
const FaxNumber = (title: string) => PhoneNumber(title, { pattern: '^0\\d{1,4}-?\\d{1,4}-?\\d{3,4}$' });
const MobileNumber = PhoneNumber('SMSの送り先（携帯電話番号）', { pattern: '^0[789]0-?\\d{4}-?\\d{4}$' });

// ---------------------------------------------------------------- 機関の連絡方法

export const LiaisonSettings = Type.Object({
  organisationId: Id(),
  usesTsunagu: Type.Boolean(),
  preferredChannel: Type.Enum(liaisonChannels),
  faxNumber: Nullable(Type.String()),
  faxGatewayEmail: Nullable(Type.String()),
  note: Nullable(Type.String()),
  updatedAt: Nullable(Timestamp('更新日時')),
  abilities: Type.Object({ manage: Type.Boolean() }),
});
export type LiaisonSettings = Static<typeof LiaisonSettings>;

export const UpdateLiaisonSettingsBody = Type.Object(
  {
    usesTsunagu: Type.Boolean({ title: 'つなぐの利用' }),
    preferredChannel: Type.Enum(liaisonChannels, { title: '希望する連絡手段' }),
    faxNumber: Type.Optional(Nullable(FaxNumber('FAX番号'))),
    faxGatewayEmail: Type.Optional(
      Nullable(Type.String({ title: 'メールFAXの宛先', format: 'email', maxLength: 254 })),
    ),
    note: OptionalText('連絡の注意', 300),
  },
  { additionalProperties: false },
);
export type UpdateLiaisonSettingsBody = Static<typeof UpdateLiaisonSettingsBody>;

/** The organisations a sheet can go to for a person: on the team, not using tsunagu. */
export const LiaisonRecipient = Type.Object({
  organisationId: Id(),
  name: Type.String(),
  preferredChannel: Type.Enum(liaisonChannels),
  faxNumber: Nullable(Type.String()),
  hasFaxGateway: Type.Boolean(),
  /** The categories the person's consent lets this organisation receive. */
  categories: Type.Array(Type.Enum(informationCategories)),
});
export type LiaisonRecipient = Static<typeof LiaisonRecipient>;
export const LiaisonRecipients = Type.Object({ recipients: Type.Array(LiaisonRecipient) });
export type LiaisonRecipients = Static<typeof LiaisonRecipients>;

// ---------------------------------------------------------------- 連携シート

export const CreateSheetBody = Type.Object(
  {
    recipientOrganisationId: Id('送り先'),
    /** From a message of the person's timeline, or a request written here. */
    messageId: Type.Optional(Id('メッセージ')),
    /** Or an excerpt of a plan in force (クライシスプラン, サービス等利用計画, 個別支援計画). */
    planId: Type.Optional(Id('計画')),
    category: Type.Optional(Type.Enum(informationCategories, { title: '情報の区分' })),
    body: Type.Optional(Text('お伝えすること', LIAISON_BODY_MAX)),
    request: Text('お願いしたいこと', 200),
    replyBy: DateOnly('返信の期限'),
    pinDelivery: Type.Optional(Type.Enum(pinDeliveries, { title: '暗証番号の伝え方' })),
    smsPhone: Type.Optional(MobileNumber),
    /** The recipient or the SMS number may be an excluded contact: the one sending saw the warning. */
    excludedContactConfirmed: ExcludedContactConfirmed,
  },
  { additionalProperties: false },
);
export type CreateSheetBody = Static<typeof CreateSheetBody>;

export const ReissueSheetBody = Type.Object(
  {
    pinDelivery: Type.Optional(Type.Enum(pinDeliveries, { title: '暗証番号の伝え方' })),
    smsPhone: Type.Optional(MobileNumber),
    excludedContactConfirmed: ExcludedContactConfirmed,
  },
  { additionalProperties: false },
);
export type ReissueSheetBody = Static<typeof ReissueSheetBody>;

export const SheetReply = Type.Object({
  at: Timestamp('返信日時'),
  channel: Type.Enum(liaisonReplyChannels),
  text: Nullable(Type.String()),
  respondent: Nullable(Type.String()),
  recordedBy: Nullable(Type.String()),
  file: Nullable(Type.Object({ filename: Type.String(), contentType: Type.String() })),
});

export const SheetDelivery = Type.Object({
  channel: Type.Enum(liaisonDeliveryChannels),
  status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
  toAddress: Nullable(Type.String()),
  createdAt: Timestamp('依頼日時'),
  sentAt: Nullable(Timestamp('送信日時')),
});

export const LiaisonSheet = Type.Object({
  id: Id(),
  personId: Id(),
  personName: Nullable(Type.String()),
  category: Type.Enum(informationCategories),
  sourceKind: Type.Union([Type.Literal('message'), Type.Literal('request'), Type.Literal('plan')]),
  messageId: Nullable(Id()),
  recipient: Type.Object({
    organisationId: Id(),
    name: Type.String(),
    faxNumber: Nullable(Type.String()),
    hasFaxGateway: Type.Boolean(),
  }),
  sender: Type.Object({
    userId: Nullable(Id()),
    name: Nullable(Type.String()),
    organisationId: Id(),
    organisationName: Type.String(),
  }),
  request: Type.String(),
  body: Type.String(),
  replyBy: DateOnly('返信の期限'),
  replyCode: Type.String(),
  shortUrl: Type.String(),
  linkExpiresAt: Timestamp('リンクの有効期限'),
  isLocked: Type.Boolean(),
  status: Type.Enum(liaisonSheetStatuses),
  reply: Nullable(SheetReply),
  createdAt: Timestamp('作成日時'),
  deliveries: Type.Array(SheetDelivery),
  /** Only in the answer that created or reissued the link: the PIN to tell by phone if needed. */
  pin: Type.Optional(Type.String()),
  /** Only in the answer that created the sheet: texts its PDF prints with 〓 (a warning, not a refusal). */
  warnings: Type.Optional(PrintWarnings),
  abilities: Type.Object({
    sendFax: Type.Boolean(),
    recordReply: Type.Boolean(),
    reissue: Type.Boolean(),
  }),
});
export type LiaisonSheet = Static<typeof LiaisonSheet>;
export const LiaisonSheets = Type.Object({ sheets: Type.Array(LiaisonSheet) });
export type LiaisonSheets = Static<typeof LiaisonSheets>;

export const RecordReplyBody = Type.Object(
  {
    replyCode: Code('返信コード', { pattern: '^[A-Z0-9]{3}-?[A-Z0-9]{3}$', maxLength: 7 }),
    channel: Type.Enum(handReplyChannels, { title: '返信の手段' }),
    reply: OptionalText('返信の内容', LIAISON_BODY_MAX),
    respondent: OptionalText('返信した方', 100),
  },
  { additionalProperties: false },
);
export type RecordReplyBody = Static<typeof RecordReplyBody>;

export const OutstandingQuery = Type.Object(
  {
    scope: Type.Optional(
      Type.Union([Type.Literal('mine'), Type.Literal('organisation')], { title: '範囲', default: 'mine' }),
    ),
  },
  { additionalProperties: false },
);
export type OutstandingQuery = Static<typeof OutstandingQuery>;

export const OutstandingReply = Type.Object({
  sheetId: Id(),
  personId: Id(),
  personName: Nullable(Type.String()),
  recipientOrganisationName: Type.String(),
  senderName: Nullable(Type.String()),
  request: Type.String(),
  replyCode: Type.String(),
  replyBy: DateOnly('返信の期限'),
  createdAt: Timestamp('送付日時'),
  ageDays: Type.Integer(),
  isOverdue: Type.Boolean(),
});
export type OutstandingReply = Static<typeof OutstandingReply>;
export const OutstandingReplies = Type.Object({ items: Type.Array(OutstandingReply) });
export type OutstandingReplies = Static<typeof OutstandingReplies>;

export const SheetParams = Type.Object({ id: Id('連携シート') }, { additionalProperties: false });

// ---------------------------------------------------------------- ゲスト返信（リンク＋暗証番号）

export const GuestTokenParams = Type.Object(
  { token: Type.String({ title: 'リンク', pattern: '^[A-Za-z0-9_-]{22}$', maxLength: 22 }) },
  { additionalProperties: false },
);

export const GuestLink = Type.Object({
  senderOrganisationName: Type.String(),
  expiresAt: Timestamp('有効期限'),
  attemptsLeft: Type.Integer(),
});
export type GuestLink = Static<typeof GuestLink>;

const Pin = Code('暗証番号', { pattern: '^\\d{6}$', minLength: 6, maxLength: 6 });

export const GuestOpenBody = Type.Object({ pin: Pin }, { additionalProperties: false });
export type GuestOpenBody = Static<typeof GuestOpenBody>;

export const GuestReplyBody = Type.Object(
  {
    pin: Pin,
    reply: OptionalText('返信', LIAISON_BODY_MAX),
    respondent: OptionalText('お名前（ご担当者）', 100),
  },
  { additionalProperties: false },
);
export type GuestReplyBody = Static<typeof GuestReplyBody>;

/** The one item a guest link shows, and nothing else. */
export const GuestItem = Type.Object({
  senderOrganisationName: Type.String(),
  senderName: Nullable(Type.String()),
  recipientOrganisationName: Type.String(),
  /** Only when the person's consent covers 基本情報 for the recipient. */
  personName: Nullable(Type.String()),
  category: Type.Enum(informationCategories),
  request: Type.String(),
  body: Type.String(),
  replyBy: DateOnly('返信の期限'),
  replyCode: Type.String(),
  status: Type.Enum(liaisonSheetStatuses),
  reply: Nullable(Type.Object({ at: Timestamp('返信日時'), text: Nullable(Type.String()) })),
});
export type GuestItem = Static<typeof GuestItem>;

// ---------------------------------------------------------------- 連絡記録

export const RecordContactBody = Type.Object(
  {
    mode: Type.Enum(contactModes, { title: '手段' }),
    direction: Type.Optional(Nullable(Type.Enum(contactDirections, { title: '向き' }))),
    counterpart: Text('相手', 200),
    counterpartOrganisationId: Type.Optional(Nullable(Id('相手の機関'))),
    occurredAt: Timestamp('日時'),
    category: Type.Enum(informationCategories, { title: '情報の区分' }),
    content: Text('話したこと・伝えたこと', 4000),
    source: Type.Enum(itemSources, { title: '情報源' }),
    kind: Type.Enum(itemKinds, { title: '情報の性質' }),
    /** The counterpart may be an excluded contact: the one recording saw the warning. */
    excludedContactConfirmed: ExcludedContactConfirmed,
  },
  { additionalProperties: false },
);
export type RecordContactBody = Static<typeof RecordContactBody>;

export const ContactLogEntry = Type.Object({
  itemId: Id(),
  personId: Id(),
  mode: Type.Enum(contactModes),
  direction: Nullable(Type.Enum(contactDirections)),
  counterpart: Type.String(),
  counterpartOrganisationId: Nullable(Id()),
  counterpartOrganisationName: Nullable(Type.String()),
  occurredAt: Timestamp('日時'),
  category: Type.Enum(informationCategories),
  content: Type.String(),
  source: Type.Enum(itemSources),
  kind: Type.Enum(itemKinds),
  observedOn: DateOnly('その情報が確かだった日'),
  sheetId: Nullable(Id()),
  origin: Type.Enum(contactOrigins),
  recordedBy: Type.Object({ name: Nullable(Type.String()), organisationName: Type.String() }),
  recordedAt: Timestamp('記録日時'),
});
export type ContactLogEntry = Static<typeof ContactLogEntry>;
export const ContactLog = Type.Object({ entries: Type.Array(ContactLogEntry) });
export type ContactLog = Static<typeof ContactLog>;
