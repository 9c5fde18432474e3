import { Type, type Static } from 'typebox';
import { DateOnly, Id, OptionalText, Text, TimeOfDay } from './common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/**
 * サービス担当者会議 (the meeting of everyone who serves the person, on a version of the plan) and
 * 交付 (handing the plan to the person and the providers): the records an auditor (実地指導) asks
 * for between the 計画案 and the plan in force.
 */

export const MeetingAttendee = Type.Object(
  {
    /** 所属: empty for the person and their family. */
    organisationName: OptionalText('所属', 100),
    /** 職種・役割, e.g. サービス管理責任者, 本人, 姉. */
    role: OptionalText('職種・役割', 100),
    name: Text('氏名', 100),
  },
  { additionalProperties: false, title: '出席者' },
);
export type MeetingAttendee = Static<typeof MeetingAttendee>;

export const MeetingBody = Type.Object(
  {
    /** The version of the plan the meeting discussed (usually the 計画案). */
    planVersion: Type.Integer({ minimum: 1, title: '検討した計画の版' }),
    heldOn: DateOnly('開催日'),
    startsAt: TimeOfDay('開始時刻'),
    endsAt: Type.Optional(Type.Union([TimeOfDay('終了時刻'), Type.Null()], { title: '終了時刻' })),
    place: Text('開催場所', 200),
    attendees: Type.Array(MeetingAttendee, { minItems: 1, maxItems: 30, title: '出席者' }),
    topics: Text('検討した項目', 2000),
    conclusions: Text('結論', 2000),
    remainingIssues: OptionalText('残された課題（次回の開催時期）', 2000),
  },
  { additionalProperties: false },
);
export type MeetingBody = Static<typeof MeetingBody>;

const RecordedBy = {
  recordedBy: Nullable(Type.String()),
  recordedByOrganisation: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
};

export const Meeting = Type.Object({
  id: Id(),
  planVersion: Type.Integer(),
  heldOn: Type.String({ format: 'date' }),
  startsAt: Type.String(),
  endsAt: Nullable(Type.String()),
  place: Type.String(),
  attendees: Type.Array(
    Type.Object({
      organisationName: Nullable(Type.String()),
      role: Nullable(Type.String()),
      name: Type.String(),
    }),
  ),
  topics: Type.String(),
  conclusions: Type.String(),
  remainingIssues: Nullable(Type.String()),
  ...RecordedBy,
});
export type Meeting = Static<typeof Meeting>;

/** To whom a plan was handed: the person, their family, a provider, the municipality, or another. */
export const deliveryRecipientKinds = ['person', 'family', 'provider', 'municipality', 'other'] as const;
export type DeliveryRecipientKind = (typeof deliveryRecipientKinds)[number];

/** 手渡し / 郵送 / FAX / 電子（メール等） */
export const deliveryMethods = ['in_person', 'mail', 'fax', 'electronic'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

export const DeliveryRecipient = Type.Object(
  {
    kind: Type.Enum(deliveryRecipientKinds, { title: '交付先の区分' }),
    /** A provider or municipal office in tsunagu. */
    organisationId: Type.Optional(Type.Union([Id('交付先の機関'), Type.Null()], { title: '交付先の機関' })),
    /** A name, for the family or an office outside tsunagu. */
    name: OptionalText('交付先の名前', 100),
  },
  { additionalProperties: false, title: '交付先' },
);
export type DeliveryRecipient = Static<typeof DeliveryRecipient>;

export const DeliveryBody = Type.Object(
  {
    planVersion: Type.Integer({ minimum: 1, title: '交付した計画の版' }),
    deliveredOn: DateOnly('交付日'),
    method: Type.Enum(deliveryMethods, { title: '交付の方法' }),
    recipients: Type.Array(DeliveryRecipient, { minItems: 1, maxItems: 20, title: '交付先' }),
    note: OptionalText('備考', 500),
  },
  { additionalProperties: false },
);
export type DeliveryBody = Static<typeof DeliveryBody>;

export const Delivery = Type.Object({
  id: Id(),
  planVersion: Type.Integer(),
  deliveredOn: Type.String({ format: 'date' }),
  method: Type.Enum(deliveryMethods),
  recipients: Type.Array(
    Type.Object({
      kind: Type.Enum(deliveryRecipientKinds),
      organisationId: Nullable(Id()),
      /** The organisation's name when it is in tsunagu, else the name written. */
      name: Nullable(Type.String()),
    }),
  ),
  note: Nullable(Type.String()),
  ...RecordedBy,
});
export type Delivery = Static<typeof Delivery>;

/** Where the 支給決定日 a plan goes by comes from: the plan itself, or the 受給者証's 支給決定期間. */
export const benefitDecisionSources = ['plan', 'certificate'] as const;
export type BenefitDecisionSource = (typeof benefitDecisionSources)[number];

/**
 * What confirming the latest version asks for: after the 支給決定, a サービス担当者会議 on that
 * version or the reason there was none.
 */
export const ConfirmRequirement = Type.Object({
  benefitDecisionOn: Nullable(Type.String({ format: 'date' })),
  benefitDecisionSource: Nullable(Type.Enum(benefitDecisionSources)),
  /** True when confirming now needs a meeting on the latest version or a recorded reason. */
  meetingOrReasonRequired: Type.Boolean(),
  /** Meetings recorded on the latest version. */
  meetingsOnLatest: Type.Integer(),
});
export type ConfirmRequirement = Static<typeof ConfirmRequirement>;
