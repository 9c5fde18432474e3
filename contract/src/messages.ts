import { Type, type Static } from 'typebox';
import { Id, OptionalPhoneNumber, OptionalText, Text } from './common.ts';
import {
  emailModes,
  informationCategories,
  itemKinds,
  itemSources,
  itemTopics,
  messagePriorities,
} from './enums.ts';
import { DateOnly, TimeOfDay } from './common.ts';
import { urgentCaseStatuses } from './off-hours.ts';
import { EmergencyExceptionInput } from './urgent-case.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const MESSAGE_BODY_MAX = 4000;
export const MESSAGE_ATTACHMENTS_MAX = 5;

export const PrioritySchema = Type.Enum(messagePriorities, { title: '優先度' });

/** A mention of one staff member or a whole organisation. */
export const MentionInput = Type.Object(
  {
    userId: Type.Optional(Id('職員')),
    organisationId: Type.Optional(Id('機関')),
  },
  { additionalProperties: false, title: '宛先（メンション）' },
);

export const PostMessageBody = Type.Object(
  {
    category: Type.Enum(informationCategories, { title: '情報の区分' }),
    priority: PrioritySchema,
    /** 要確認: recipients must acknowledge. Always true for 至急 and 緊急. */
    requiresAck: Type.Optional(Type.Boolean({ title: '要確認' })),
    body: Text('本文', MESSAGE_BODY_MAX),
    /** Reply within a topic thread (the id of its first message). */
    threadId: Type.Optional(Type.Union([Id('スレッド'), Type.Null()], { title: 'スレッド' })),
    /** Starts a topic thread with this title. */
    topic: OptionalText('話題', 100),
    mentions: Type.Optional(Type.Array(MentionInput, { maxItems: 30, title: '宛先（メンション）' })),
    /** 至急・緊急: the number to call back (prefilled from the organisation's phone); required for 緊急. */
    callbackPhone: OptionalPhoneNumber('折り返しの電話番号'),
    /** 緊急 only: share the message with responders whose consent does not reach its category. */
    emergencyException: Type.Optional(EmergencyExceptionInput),
  },
  { additionalProperties: false },
);
export type PostMessageBody = Static<typeof PostMessageBody>;

export const Attachment = Type.Object({
  id: Id(),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
});

export const Message = Type.Object({
  id: Id(),
  seq: Type.String(),
  personId: Id(),
  threadId: Nullable(Id()),
  topic: Nullable(Type.String()),
  category: Type.Enum(informationCategories),
  priority: PrioritySchema,
  requiresAck: Type.Boolean(),
  /** Null once withdrawn (取り下げ); the history stays readable. */
  body: Nullable(Type.String()),
  status: Type.Enum(['posted', 'corrected', 'withdrawn'] as const),
  author: Type.Object({
    userId: Nullable(Id()),
    name: Nullable(Type.String()),
    organisationId: Id(),
    organisationName: Type.String(),
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  mentions: Type.Array(
    Type.Object({ userId: Nullable(Id()), organisationId: Nullable(Id()), name: Type.String() }),
  ),
  attachments: Type.Array(Attachment),
  /**
   * For the sender and the team. Of a message that asks for 確認, over the recipients asked
   * (staff and whole organisations): `expected` of them, `read` (by the staff member, or by
   * anyone of the organisation), `acknowledged` and `awaitingAck`, so 既読 and 確認 share one
   * denominator. Of any other message, over the staff expected to read it.
   */
  receipts: Type.Object({
    expected: Type.Integer(),
    read: Type.Integer(),
    acknowledged: Type.Integer(),
    awaitingAck: Type.Integer(),
  }),
  /** The 至急・緊急 case this message opened: once someone takes it, who did (the answer to 「確認 0/5」). */
  urgentCase: Type.Union([
    Type.Object({
      id: Id(),
      status: Type.Enum(urgentCaseStatuses),
      takenBy: Type.Union([
        Type.Object({
          name: Type.Union([Type.String(), Type.Null()]),
          organisationName: Type.Union([Type.String(), Type.Null()]),
          at: Type.String({ format: 'date-time' }),
        }),
        Type.Null(),
      ]),
    }),
    Type.Null(),
  ]),
  /** The caller's own acknowledgement, when one is asked of them or their organisation. */
  myAck: Nullable(
    Type.Object({
      acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
      reply: Nullable(Type.String()),
    }),
  ),
  isRead: Type.Boolean(),
  abilities: Type.Object({
    correct: Type.Boolean(),
    withdraw: Type.Boolean(),
    acknowledge: Type.Boolean(),
    toItem: Type.Boolean(),
  }),
});
export type Message = Static<typeof Message>;

export const MessagePage = Type.Object({
  messages: Type.Array(Message),
  nextBefore: Nullable(Type.String()),
  unread: Type.Integer(),
});

export const MessageListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, title: '検索語' })),
    threadId: Type.Optional(Id('スレッド')),
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$', title: '続きの位置' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, title: '件数' })),
  },
  { additionalProperties: false },
);
export type MessageListQuery = Static<typeof MessageListQuery>;

export const CorrectMessageBody = Type.Object(
  { body: Text('本文', MESSAGE_BODY_MAX), reason: Text('訂正の理由', 500) },
  { additionalProperties: false },
);
export type CorrectMessageBody = Static<typeof CorrectMessageBody>;

export const WithdrawMessageBody = Type.Object(
  { reason: Text('取り下げの理由', 500) },
  { additionalProperties: false },
);
export type WithdrawMessageBody = Static<typeof WithdrawMessageBody>;

export const AcknowledgeBody = Type.Object(
  { reply: OptionalText('返信', 1000) },
  { additionalProperties: false },
);
export type AcknowledgeBody = Static<typeof AcknowledgeBody>;

export const MarkReadBody = Type.Object(
  { upToSeq: Type.String({ pattern: '^[0-9]{1,19}$', title: '既読にする位置' }) },
  { additionalProperties: false },
);
export type MarkReadBody = Static<typeof MarkReadBody>;

export const MessageToItemBody = Type.Object(
  {
    source: Type.Enum(itemSources, { title: '情報源' }),
    kind: Type.Enum(itemKinds, { title: '情報の性質' }),
    observedOn: DateOnly('その情報が確かだった日'),
    /** Required when the message's category is 本人の意思 (voice), as for any voice item. */
    topic: Type.Optional(Type.Enum(itemTopics, { title: '話題' })),
  },
  { additionalProperties: false },
);
export type MessageToItemBody = Static<typeof MessageToItemBody>;

export const MessageVersion = Type.Object({
  version: Type.Integer(),
  body: Type.String(),
  change: Type.Enum(['posted', 'corrected', 'withdrawn'] as const),
  reason: Nullable(Type.String()),
  changedBy: Nullable(Type.String()),
  changedAt: Type.String({ format: 'date-time' }),
});
export const MessageHistory = Type.Object({ versions: Type.Array(MessageVersion) });

export const Receipt = Type.Object({
  recipient: Type.Object({
    userId: Nullable(Id()),
    organisationId: Nullable(Id()),
    name: Type.String(),
    organisationName: Nullable(Type.String()),
  }),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  readAt: Nullable(Type.String({ format: 'date-time' })),
  ackRequired: Type.Boolean(),
  acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
  acknowledgedBy: Nullable(Type.String()),
  reply: Nullable(Type.String()),
});
export const ReceiptList = Type.Object({ receipts: Type.Array(Receipt) });

/** A line of "awaiting my confirmation" or "awaiting others". */
export const AwaitingItem = Type.Object({
  messageId: Id(),
  personId: Id(),
  personName: Nullable(Type.String()),
  priority: PrioritySchema,
  category: Type.Enum(informationCategories),
  excerpt: Nullable(Type.String()),
  /** Preformatted in Japanese: 氏名（機関）. */
  author: Type.String(),
  authorName: Nullable(Type.String()),
  authorOrganisationName: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  waitingFor: Type.Array(Type.String()),
});
export const AwaitingList = Type.Object({ items: Type.Array(AwaitingItem) });

export const NotificationPreferences = Type.Object({
  emailMode: Type.Enum(emailModes, { title: 'メール通知' }),
  quietStart: Nullable(TimeOfDay('通知しない時間帯（開始）')),
  quietEnd: Nullable(TimeOfDay('通知しない時間帯（終了）')),
  digestTime: TimeOfDay('まとめて送る時刻'),
});
export type NotificationPreferences = Static<typeof NotificationPreferences>;
export const UpdateNotificationPreferences = Type.Object(
  {
    emailMode: Type.Enum(emailModes, { title: 'メール通知' }),
    quietStart: Type.Union([TimeOfDay('通知しない時間帯（開始）'), Type.Null()], {
      title: '通知しない時間帯（開始）',
    }),
    quietEnd: Type.Union([TimeOfDay('通知しない時間帯（終了）'), Type.Null()], {
      title: '通知しない時間帯（終了）',
    }),
    digestTime: TimeOfDay('まとめて送る時刻'),
  },
  { additionalProperties: false },
);
export type UpdateNotificationPreferences = Static<typeof UpdateNotificationPreferences>;
