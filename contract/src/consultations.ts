import { Type, type Static } from 'typebox';
import { Id, OptionalPhoneNumber, OptionalText, Text, Timestamp } from './common.ts';
import { messagePriorities } from './enums.ts';
import { ExcludedContactConfirmed } from './exclusions.ts';

/** 緊急時の相談対応記録: the emergency consultation log of a 拠点 or any organisation taking calls. */

export const consultationChannels = ['phone', 'visit', 'message', 'other'] as const; // 電話・来所/訪問・メッセージ・その他
export const callerRelationships = [
  'person', // 本人
  'family', // 家族
  'provider', // 事業所
  'medical', // 医療機関
  'police', // 警察・消防
  'neighbour', // 近隣・知人
  'other', // その他
] as const;

const NullableId = (title: string) => Type.Optional(Type.Union([Id(title), Type.Null()], { title }));

export const RecordConsultationBody = Type.Object(
  {
    /** When the call came in; defaults to now. */
    receivedAt: Type.Optional(Timestamp('受付日時')),
    channel: Type.Enum(consultationChannels, { title: '受付方法' }),
    callerRelationship: Type.Enum(callerRelationships, { title: '相談者' }),
    callerName: OptionalText('相談者の氏名', 100),
    callerPhone: OptionalPhoneNumber('相談者の連絡先'),
    /** The person concerned, when known; otherwise describe them. */
    personId: NullableId('本人'),
    personDescription: OptionalText('本人について（氏名が分からないとき）', 1000),
    asked: Text('相談内容', 4000),
    done: Text('対応内容', 4000),
    outcome: Text('結果', 1000),
    priority: Type.Enum(messagePriorities, { title: '緊急度' }),
    followUpNeeded: Type.Boolean({ title: 'フォローの要否' }),
    followUpOrganisationId: NullableId('フォローする機関'),
    followUpUserId: NullableId('フォローする担当者'),
    followUpNote: OptionalText('フォローの内容', 1000),
    /** The caller may be an excluded contact (一切伝えてはいけない人): the one recording saw the warning. */
    excludedContactConfirmed: ExcludedContactConfirmed,
  },
  { additionalProperties: false },
);
export type RecordConsultationBody = Static<typeof RecordConsultationBody>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Consultation = Type.Object({
  id: Id(),
  receivedAt: Type.String({ format: 'date-time' }),
  channel: Type.Enum(consultationChannels),
  callerRelationship: Type.Enum(callerRelationships),
  callerName: Nullable(Type.String()),
  callerPhone: Nullable(Type.String()),
  /** The person as far as the reader's consent reaches (name null outside it); null when unknown. */
  person: Nullable(Type.Object({ id: Id(), name: Nullable(Type.String()) })),
  personDescription: Nullable(Type.String()),
  asked: Type.String(),
  done: Type.String(),
  outcome: Type.String(),
  priority: Type.Enum(messagePriorities),
  followUp: Type.Object({
    needed: Type.Boolean(),
    organisationName: Nullable(Type.String()),
    userName: Nullable(Type.String()),
    note: Nullable(Type.String()),
  }),
  receivedBy: Type.Object({ name: Nullable(Type.String()), organisationName: Type.String() }),
  /** The urgent case it opened (至急・緊急 about a known person). */
  urgentCaseId: Nullable(Id()),
  /** The caller may be one of the person's excluded contacts (一切伝えてはいけない人). */
  callerMayBeExcluded: Type.Boolean(),
});
export type Consultation = Static<typeof Consultation>;

export const ConsultationList = Type.Object({ consultations: Type.Array(Consultation) });
export type ConsultationList = Static<typeof ConsultationList>;

export const ConsultationListQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', title: '開始日' })),
    to: Type.Optional(Type.String({ format: 'date', title: '終了日' })),
    followUp: Type.Optional(Type.Boolean({ title: 'フォローが必要なものだけ' })),
  },
  { additionalProperties: false },
);
export type ConsultationListQuery = Static<typeof ConsultationListQuery>;
