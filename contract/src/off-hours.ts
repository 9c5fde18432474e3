import { Type, type Static } from 'typebox';
import { Id, OptionalText, PhoneNumber, Text } from './common.ts';
import { informationCategories, messagePriorities } from './enums.ts';
import { DoNotTellWarning } from './exclusions.ts';
import { Item } from './persons.ts';
import { CaseDisclosure, CaseMessage } from './urgent-case.ts';

/** Off-hours coverage: urgent cases and their escalation, the consultation log, the handover, channels. */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = () => Type.String({ format: 'date-time' });

export const urgentPriorities = ['urgent', 'emergency'] as const;
export const urgentCaseStatuses = ['open', 'acknowledged', 'exhausted', 'cancelled'] as const;
export const urgentStepKinds = [
  'team', // チーム（開いている機関）
  'on_call_primary', // 当番（主）
  'on_call_backup', // 当番（副）
  'tier_organisation', // 連絡網の機関（拠点・基幹・保健所…）
  'tier_phone', // 最後に電話する番号（精神科救急医療情報センターなど）
] as const;

export const UrgentStep = Type.Object({
  position: Type.Integer(),
  kind: Type.Enum(urgentStepKinds),
  label: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  firedAt: Instant(),
  recipients: Type.Array(Type.String()),
  reachedNoOne: Type.Boolean(),
});

export const UrgentCase = Type.Object({
  id: Id(),
  priority: Type.Enum(urgentPriorities),
  status: Type.Enum(urgentCaseStatuses),
  category: Type.Enum(informationCategories),
  source: Type.Object({ kind: Type.Enum(['message', 'consultation'] as const), id: Id() }),
  openedAt: Instant(),
  /** Who sent it and how to reach them, always (dialable on the page). */
  openedBy: Type.Object({
    name: Nullable(Type.String()),
    organisationName: Type.String(),
    organisationPhone: Nullable(Type.String()),
  }),
  /** The number the sender asked to be called back on. */
  callbackPhone: Nullable(Type.String()),
  /** What was said, where the reader's consent (or the emergency exception, or break-glass) reaches it. */
  message: CaseMessage,
  /** The emergency exception the sender recorded, if any. */
  disclosure: Nullable(CaseDisclosure),
  /** 一切伝えてはいけない人, named only where the reader may see the person's identity. */
  doNotTell: DoNotTellWarning,
  acknowledged: Nullable(
    Type.Object({
      at: Instant(),
      name: Nullable(Type.String()),
      organisationName: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
  steps: Type.Array(UrgentStep),
  /** When the next step fires if nobody acknowledges. */
  nextStepAt: Nullable(Instant()),
  remainingSteps: Type.Array(Type.String()),
  /** The person, as far as the reader's consent reaches (name null: outside it). */
  person: Nullable(
    Type.Object({
      id: Id(),
      name: Nullable(Type.String()),
      kana: Nullable(Type.String()),
      crisisVisible: Type.Boolean(),
      crisisItems: Type.Array(Item),
      canBreakGlass: Type.Boolean(),
    }),
  ),
  abilities: Type.Object({ acknowledge: Type.Boolean(), cancel: Type.Boolean() }),
});
export type UrgentCase = Static<typeof UrgentCase>;

export const UrgentCaseList = Type.Object({
  cases: Type.Array(
    Type.Object({
      id: Id(),
      priority: Type.Enum(urgentPriorities),
      status: Type.Enum(urgentCaseStatuses),
      category: Type.Enum(informationCategories),
      openedAt: Instant(),
      openedByOrganisationName: Type.String(),
      reachedMe: Type.Boolean(),
      /**
       * Whom the case is about: null when no person is known (本人不明); name and kana null when
       * the reader's consent does not reach the person's identity (the case page offers break-glass).
       */
      person: Nullable(Type.Object({ name: Nullable(Type.String()), kana: Nullable(Type.String()) })),
    }),
  ),
});
export type UrgentCaseList = Static<typeof UrgentCaseList>;

/** Why a step reached whom it did, or no one (README 夜間・休日の対応). */
export const stepNoteCodes = [
  'rota_nobody_on_duty', // 当番表はあるが当番がいない: チームの職員へ
  'closed_without_shift', // 閉まっていて当番もいない: とばした
  'nobody_on_call', // 地域の当番がいない
  'no_backup', // 当番（副）がいない
  'backup_of_ended_shift', // 受けた当番の（副）: 当番の終了後の猶予の間
  'team_opened_since', // その後に開いたチームの機関へも
] as const;

/**
 * 当番不在の確認: how a case was routed, for the region's 基幹 and the system administrators —
 * times, the asking organisation, the steps and whom they reached — never whom it is about nor
 * what was said (those follow consent or break-glass, through the case's own view).
 */
export const UrgentCaseOperations = Type.Object({
  id: Id(),
  priority: Type.Enum(urgentPriorities),
  status: Type.Enum(urgentCaseStatuses),
  openedAt: Instant(),
  openedByOrganisationName: Type.String(),
  acknowledged: Nullable(
    Type.Object({ at: Instant(), name: Nullable(Type.String()), organisationName: Nullable(Type.String()) }),
  ),
  /** The case is about a person, withheld here (「ご本人（同意の範囲外）」). */
  personWithheld: Type.Boolean(),
  /** The reader's consent or break-glass reaches the person: the case's own view shows more. */
  fullView: Type.Boolean(),
  steps: Type.Array(
    Type.Object({
      position: Type.Integer(),
      kind: Type.Enum(urgentStepKinds),
      label: Nullable(Type.String()),
      organisationName: Nullable(Type.String()),
      dueAt: Instant(),
      firedAt: Instant(),
      reached: Type.Array(Type.Object({ name: Type.String(), organisationName: Nullable(Type.String()) })),
      reachedNoOne: Type.Boolean(),
      notes: Type.Array(
        Type.Object({ code: Type.Enum(stepNoteCodes), organisationName: Nullable(Type.String()) }),
      ),
    }),
  ),
});
export type UrgentCaseOperations = Static<typeof UrgentCaseOperations>;

/** Cases of the last two weeks with a step that reached no one, in the reader's oversight. */
export const UrgentOperationsList = Type.Object({
  cases: Type.Array(
    Type.Object({
      id: Id(),
      priority: Type.Enum(urgentPriorities),
      status: Type.Enum(urgentCaseStatuses),
      openedAt: Instant(),
      openedByOrganisationName: Type.String(),
      unreachedSteps: Type.Integer(),
      lastUnreachedAt: Instant(),
    }),
  ),
});
export type UrgentOperationsList = Static<typeof UrgentOperationsList>;

export const AcknowledgeUrgentBody = Type.Object(
  { note: OptionalText('ひとこと（対応の予定など）', 500) },
  { additionalProperties: false },
);
export type AcknowledgeUrgentBody = Static<typeof AcknowledgeUrgentBody>;

export const ReasonBody = Type.Object({ reason: Text('理由', 500) }, { additionalProperties: false });
export type ReasonBody = Static<typeof ReasonBody>;

// ---------------------------------------------------------------- escalation chain (per region)

export const EscalationTier = Type.Object(
  {
    organisationId: Type.Optional(Nullable(Id('機関'))),
    phone: Type.Optional(Nullable(PhoneNumber('電話番号', { shortNumber: true }))),
    label: Text('名前', 60),
  },
  { additionalProperties: false },
);
export const EscalationChain = Type.Object(
  {
    /** Null: the installation's default chain and waiting times. */
    regionId: Nullable(Id('圏域・市町村')),
    emergencyAckMinutes: Type.Integer({ minimum: 1, maximum: 240, title: '緊急: 確認を待つ時間（分）' }),
    urgentAckMinutes: Type.Integer({ minimum: 1, maximum: 1440, title: '至急: 確認を待つ時間（分）' }),
    tiers: Type.Array(EscalationTier, { maxItems: 10, title: '連絡網' }),
  },
  { additionalProperties: false },
);
export type EscalationChain = Static<typeof EscalationChain>;
export const EscalationChainQuery = Type.Object(
  { regionId: Type.Optional(Id('圏域・市町村')) },
  { additionalProperties: false },
);

/**
 * The phone numbers of the escalation chains that apply to the regions the caller's organisation
 * serves (one entry per chain: a region's own, an area's above it, or the default): each
 * organisation step's own phone (an office's number) and the last step's number. These, and
 * nothing else, the app keeps on the device for when it is offline: never a person's data, never
 * a shift's phone (often someone's own mobile).
 */
export const ChainPhoneNumbers = Type.Object({
  chains: Type.Array(
    Type.Object({
      /** The region whose chain this is; null: the installation's default chain. */
      regionId: Nullable(Id()),
      regionName: Nullable(Type.String()),
      numbers: Type.Array(
        Type.Object({
          label: Type.String(),
          organisationName: Nullable(Type.String()),
          phone: Type.String(),
        }),
      ),
    }),
  ),
});
export type ChainPhoneNumbers = Static<typeof ChainPhoneNumbers>;

// ---------------------------------------------------------------- channels

export const PushKey = Type.Object({ publicKey: Nullable(Type.String()) });
export const PushSubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ format: 'uri', pattern: '^https://', maxLength: 1000, title: '送り先' }),
    keys: Type.Object(
      {
        p256dh: Type.String({ minLength: 20, maxLength: 200, title: '公開鍵' }),
        auth: Type.String({ minLength: 8, maxLength: 100, title: '認証鍵' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: true },
);
export type PushSubscriptionBody = Static<typeof PushSubscriptionBody>;
export const PushEndpointBody = Type.Object(
  { endpoint: Type.String({ maxLength: 1000, title: '送り先' }) },
  { additionalProperties: false },
);
/** What a test push to this device did: sent, refused as gone by the push service, or failed. */
export const pushTestOutcomes = ['sent', 'gone', 'failed'] as const;
export const TestPushResult = Type.Object({
  outcome: Type.Enum(pushTestOutcomes),
  /** The push service's HTTP status, when it answered. */
  status: Nullable(Type.Integer()),
});
export type TestPushResult = Static<typeof TestPushResult>;

export const WebhookEndpoint = Type.Object({
  id: Id(),
  organisationId: Nullable(Id()),
  url: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  createdAt: Instant(),
});
export const WebhookEndpointList = Type.Object({ endpoints: Type.Array(WebhookEndpoint) });
export const CreateWebhookBody = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500, title: 'URL' }),
    secret: Type.String({ minLength: 32, maxLength: 200, title: '署名用の秘密' }),
    description: Text('説明', 100),
    /** Omit for the installation's gateway (system administrator only). */
    organisationId: Type.Optional(Id('機関')),
  },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

// ---------------------------------------------------------------- handover (申し送り)

export const HandoverSummary = Type.Object({
  id: Id(),
  openingAt: Instant(),
  /** 申し送りの追加: events recorded after this opening's handover was gathered. */
  addendumOf: Nullable(Id()),
  createdAt: Instant(),
  confirmedAt: Nullable(Instant()),
  confirmedByName: Nullable(Type.String()),
  entries: Type.Integer(),
});
export const HandoverList = Type.Object({ handovers: Type.Array(HandoverSummary) });
export const HandoverEntry = Type.Object({
  id: Id(),
  reason: Type.Enum(['team_lead', 'municipality'] as const),
  kind: Type.Enum([
    'case_opened',
    'step_fired',
    'step_unreached',
    'case_acknowledged',
    'case_exhausted',
    'consultation',
  ] as const),
  occurredAt: Instant(),
  personId: Nullable(Id()),
  personName: Nullable(Type.String()),
  /** The entry concerns a person whose name the reader's consent does not reach. */
  personHidden: Type.Boolean(),
  caseId: Nullable(Id()),
  consultationId: Nullable(Id()),
  priority: Nullable(Type.Enum(messagePriorities)),
  caseStatus: Nullable(Type.Enum(urgentCaseStatuses)),
  openedByOrganisationName: Nullable(Type.String()),
  acknowledgedByName: Nullable(Type.String()),
  acknowledgedByOrganisationName: Nullable(Type.String()),
  acknowledgedAt: Nullable(Instant()),
  stepLabel: Nullable(Type.String()),
  stepRecipients: Type.Array(Type.String()),
  consultationOrganisationName: Nullable(Type.String()),
  consultationOutcome: Nullable(Type.String()),
  consultationFollowUp: Nullable(Type.Boolean()),
});
export const Handover = Type.Object({
  id: Id(),
  openingAt: Instant(),
  addendumOf: Nullable(Id()),
  createdAt: Instant(),
  confirmedAt: Nullable(Instant()),
  confirmedByName: Nullable(Type.String()),
  entries: Type.Array(HandoverEntry),
});
export type Handover = Static<typeof Handover>;

/**
 * An organisation's on-call settings: whether a shift's sign-in lasts the whole shift (夜間当番の
 * サインイン), and how long after a shift ends its backup is still asked about the cases it took.
 */
export const OnCallSessionSetting = Type.Object({
  coversShift: Type.Boolean({ title: '当番中はサインインを保つ' }),
  backupGraceMinutes: Type.Integer({ title: '当番（副）に連絡する猶予（分）' }),
});
export type OnCallSessionSetting = Static<typeof OnCallSessionSetting>;
export const UpdateOnCallSessionSetting = Type.Object(
  {
    coversShift: Type.Optional(Type.Boolean({ title: '当番中はサインインを保つ' })),
    backupGraceMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 240, title: '当番（副）に連絡する猶予（分）' }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateOnCallSessionSetting = Static<typeof UpdateOnCallSessionSetting>;
