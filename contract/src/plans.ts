import { Type, type Static } from 'typebox';
import { Code, DateOnly, Id, OptionalText, PhoneNumber, Text } from './common.ts';
import { certificateKinds, consentMethods, supportCategories, type informationCategories } from './enums.ts';
import { ConfirmRequirement, Delivery, Meeting } from './plan-meetings.ts';
import { Monitoring } from './plan-monitoring.ts';
import { PrintWarnings } from './printable.ts';
import { WeeklySchedule } from './weekly-schedule.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const OptionalDate = (title: string) => Type.Optional(Type.Union([DateOnly(title), Type.Null()], { title }));
const LongText = (title: string, max = 2000) => Text(title, max);

/**
 * 計画: サービス等利用計画 (service use plan, by the 相談支援専門員), 個別支援計画 (individual
 * support plan, by each service provider) and クライシスプラン (crisis plan, with the person).
 */
export const planKinds = ['service_use', 'individual_support', 'crisis'] as const;
export type PlanKind = (typeof planKinds)[number];

/** The consent category each kind of plan follows: 福祉サービス, or クライシス for the crisis plan. */
export const planCategory = {
  service_use: 'welfare_services',
  individual_support: 'welfare_services',
  crisis: 'crisis',
} as const satisfies Record<PlanKind, (typeof informationCategories)[number]>;

/** 計画案 → 本人同意 → 確定 (a version's state; a later confirmed version supersedes it: 以前の版). */
export const planStatuses = ['draft', 'agreed', 'confirmed'] as const;
export type PlanStatus = (typeof planStatuses)[number];

/** モニタリング期間: 毎月 / 3か月ごと / 6か月ごと are the usual; any whole number of months (1–12) may be set. */
export const MONITORING_PRESETS = [1, 3, 6] as const;
export const MonitoringMonths = Type.Integer({ minimum: 1, maximum: 12, title: 'モニタリング期間（月）' });

// ---------------------------------------------------------------- サービス等利用計画

export const PlanService = Type.Object(
  {
    /** 種類, e.g. 就労継続支援B型. */
    type: Text('福祉サービス等の種類', 100),
    /** 内容. */
    content: OptionalText('サービスの内容', 1000),
    /** 量（頻度・時間）. */
    amount: OptionalText('量（頻度・時間）', 200),
    /** The provider on the team whose service this is (its staff are asked to confirm the plan). */
    providerOrganisationId: Type.Optional(
      Type.Union([Id('提供事業者'), Type.Null()], { title: '提供事業者' }),
    ),
    /** A provider outside tsunagu (a name only). */
    providerName: OptionalText('提供事業者名', 100),
  },
  { additionalProperties: false, title: '福祉サービス等' },
);
export type PlanService = Static<typeof PlanService>;

export const PlanNeed = Type.Object(
  {
    /** Stable across versions, so 個別支援計画 goals stay linked; omitted for a new row. */
    id: Type.Optional(Id('課題のID')),
    /** 優先順位 (1 = first); each need of a plan has its own. The order of the rows when omitted. */
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, title: '優先順位' })),
    need: LongText('解決すべき課題（本人のニーズ）', 1000),
    goal: LongText('支援目標', 1000),
    achieveBy: DateOnly('達成時期'),
    services: Type.Array(PlanService, { maxItems: 10, title: '福祉サービス等' }),
    personRole: OptionalText('課題解決のための本人の役割', 1000),
    evaluateOn: OptionalDate('評価時期'),
    notes: OptionalText('その他留意事項', 1000),
  },
  { additionalProperties: false, title: '課題' },
);
export type PlanNeed = Static<typeof PlanNeed>;

const planHead = {
  /** 計画作成日 */
  planDate: DateOnly('計画作成日'),
  /** 計画の見直し予定日 */
  reviewOn: OptionalDate('見直し予定日'),
  /** What changed and why (shown in the version history). */
  changeNote: OptionalText('変更の内容・理由', 500),
  /** The version this edit started from; a later save by someone else answers 409. Omitted when creating. */
  baseVersion: Type.Optional(Type.Integer({ minimum: 1, title: '編集を始めた版' })),
};

/** 'YYYY-MM': モニタリング期間（開始年月）. */
const YearMonth = (title: string) =>
  Type.Optional(
    Type.Union([Type.String({ title, pattern: '^\\d{4}-(?:0[1-9]|1[0-2])$', maxLength: 7 }), Type.Null()], {
      title,
    }),
  );

/** A 受給者証番号 as typed (全角の数字 folded): digits, capitals and hyphens. */
const RecipientNumber = (title: string) =>
  Type.Optional(
    Type.Union([Code(title, { pattern: '^[0-9A-Z-]+$', maxLength: 30 }), Type.Null()], { title }),
  );

/**
 * The header of the サービス等利用計画 (MHLW 参考様式): what the 受給者証 says (障害支援区分, its numbers,
 * 利用者負担上限額), who wrote the plan (計画作成担当者; 相談支援事業者名 is the plan's organisation),
 * when monitoring starts, and the 支給決定日 the plan goes by.
 */
const serviceUseHeader = {
  supportCategory: Type.Optional(
    Type.Union([Type.Enum(supportCategories, { title: '障害支援区分' }), Type.Null()], {
      title: '障害支援区分',
    }),
  ),
  recipientNumber: RecipientNumber('障害福祉サービス受給者証番号'),
  communityRecipientNumber: RecipientNumber('地域相談支援受給者証番号'),
  dayServiceRecipientNumber: RecipientNumber('通所受給者証番号'),
  /** 利用者負担上限額 (月額, 円). */
  copaymentLimit: Type.Optional(
    Type.Union(
      [Type.Integer({ minimum: 0, maximum: 1_000_000, title: '利用者負担上限額（円）' }), Type.Null()],
      {
        title: '利用者負担上限額（円）',
      },
    ),
  ),
  /** 計画作成担当者: the 相談支援専門員 who wrote the plan (the author's name when omitted). */
  planAuthorName: OptionalText('計画作成担当者', 100),
  monitoringStartMonth: YearMonth('モニタリング期間（開始年月）'),
  /** 支給決定日; when omitted, the start of the 受給者証's 支給決定期間 is used. */
  benefitDecisionOn: OptionalDate('支給決定日'),
};

export const ServiceUsePlanBody = Type.Object(
  {
    ...planHead,
    ...serviceUseHeader,
    /** 利用者及びその家族の生活に対する意向（希望する生活）: the person's own words first. */
    personWishes: LongText('本人の意向（希望する生活）'),
    familyWishes: OptionalText('家族の意向', 2000),
    overallPolicy: LongText('総合的な援助の方針'),
    longTermGoal: LongText('長期目標', 1000),
    shortTermGoal: LongText('短期目標', 1000),
    needs: Type.Array(PlanNeed, { minItems: 1, maxItems: 20, title: '解決すべき課題' }),
    monitoringMonths: MonitoringMonths,
    /** 週間計画表: the second page of the plan. */
    weeklySchedule: Type.Optional(Type.Union([WeeklySchedule, Type.Null()], { title: '週間計画表' })),
  },
  { additionalProperties: false },
);
export type ServiceUsePlanBody = Static<typeof ServiceUsePlanBody>;

// ---------------------------------------------------------------- 個別支援計画

export const SupportGoal = Type.Object(
  {
    id: Type.Optional(Id('目標のID')),
    /** The サービス等利用計画 need this goal serves. */
    servesNeedId: Type.Union([Id('対応する課題'), Type.Null()], {
      title: '対応するサービス等利用計画の課題',
    }),
    goal: LongText('支援目標', 1000),
    support: LongText('支援内容（内容・留意点）', 1000),
    personRole: OptionalText('本人の役割', 1000),
    achieveBy: DateOnly('達成時期'),
    staff: OptionalText('担当者', 100),
  },
  { additionalProperties: false, title: '目標' },
);
export type SupportGoal = Static<typeof SupportGoal>;

export const SupportPlanBody = Type.Object(
  {
    ...planHead,
    serviceType: Text('サービスの種類', 100),
    /** サービス管理責任者: who is responsible for this 個別支援計画 at the provider. */
    serviceManager: Text('サービス管理責任者', 100),
    /** 本人・家族の意向. */
    personWishes: LongText('本人の意向'),
    familyWishes: OptionalText('家族の意向', 2000),
    overallPolicy: LongText('総合的な支援の方針'),
    longTermGoal: LongText('長期目標', 1000),
    shortTermGoal: LongText('短期目標', 1000),
    goals: Type.Array(SupportGoal, { minItems: 1, maxItems: 20, title: '目標' }),
    monitoringMonths: MonitoringMonths,
  },
  { additionalProperties: false },
);
export type SupportPlanBody = Static<typeof SupportPlanBody>;

// ---------------------------------------------------------------- クライシスプラン

export const CrisisContact = Type.Object(
  {
    name: Text('連絡先の名前', 100),
    relation: OptionalText('関係', 100),
    phone: PhoneNumber('電話番号', { shortNumber: true }),
    /** When they can be reached, e.g. 平日 9:00〜17:00, 24時間. */
    hours: OptionalText('連絡できる時間', 100),
  },
  { additionalProperties: false, title: '連絡先' },
);
export type CrisisContact = Static<typeof CrisisContact>;

export const CrisisPlanBody = Type.Object(
  {
    ...planHead,
    goodSelf: LongText('調子が良い時の自分'),
    warningSigns: LongText('注意サイン'),
    worseningSigns: LongText('悪化のサイン'),
    selfActions: LongText('その時に自分がすること'),
    wantFromOthers: LongText('周りにしてほしいこと'),
    notWanted: OptionalText('してほしくないこと', 2000),
    /** In the order to call. */
    contacts: Type.Array(CrisisContact, { minItems: 1, maxItems: 10, title: '連絡先（順番）' }),
    clinic: OptionalText('受診先・かかりつけ', 500),
    medication: OptionalText('服薬', 1000),
    offHours: OptionalText('夜間・休日の対応', 1000),
  },
  { additionalProperties: false },
);
export type CrisisPlanBody = Static<typeof CrisisPlanBody>;

/** What a version stores, by kind (the head fields live in their own columns). */
export type ServiceUseContent = Omit<
  ServiceUsePlanBody,
  keyof typeof planHead | 'needs' | 'monitoringMonths' | 'weeklySchedule'
> & {
  needs: (PlanNeed & { id: string; priority: number })[];
  weeklySchedule?: WeeklySchedule | null;
};
export type SupportPlanContent = Omit<
  SupportPlanBody,
  keyof typeof planHead | 'goals' | 'monitoringMonths' | 'serviceManager'
> & {
  /** Versions saved before the 様式 had it have none. */
  serviceManager?: string | null;
  goals: (SupportGoal & { id: string })[];
};
export type CrisisContent = Omit<CrisisPlanBody, keyof typeof planHead>;

const StoredNeed = Type.Intersect([PlanNeed, Type.Object({ id: Id(), priority: Type.Integer() })]);
const StoredText = Type.Optional(Nullable(Type.String()));
const StoredGoal = Type.Intersect([SupportGoal, Type.Object({ id: Id() })]);
export const ServiceUseContentSchema = Type.Object({
  // The header came with the 様式 (older versions have none of it).
  supportCategory: Type.Optional(Nullable(Type.Enum(supportCategories))),
  recipientNumber: StoredText,
  communityRecipientNumber: StoredText,
  dayServiceRecipientNumber: StoredText,
  copaymentLimit: Type.Optional(Nullable(Type.Integer())),
  planAuthorName: StoredText,
  monitoringStartMonth: StoredText,
  benefitDecisionOn: StoredText,
  personWishes: Type.String(),
  familyWishes: Type.Optional(Nullable(Type.String())),
  overallPolicy: Type.String(),
  longTermGoal: Type.String(),
  shortTermGoal: Type.String(),
  needs: Type.Array(StoredNeed),
  weeklySchedule: Type.Optional(Nullable(WeeklySchedule)),
});
export const SupportPlanContentSchema = Type.Object({
  serviceType: Type.String(),
  serviceManager: StoredText,
  personWishes: Type.String(),
  familyWishes: StoredText,
  overallPolicy: Type.String(),
  longTermGoal: Type.String(),
  shortTermGoal: Type.String(),
  goals: Type.Array(StoredGoal),
});
export const CrisisContentSchema = Type.Object({
  goodSelf: Type.String(),
  warningSigns: Type.String(),
  worseningSigns: Type.String(),
  selfActions: Type.String(),
  wantFromOthers: Type.String(),
  notWanted: Type.Optional(Nullable(Type.String())),
  contacts: Type.Array(CrisisContact),
  clinic: Type.Optional(Nullable(Type.String())),
  medication: Type.Optional(Nullable(Type.String())),
  offHours: Type.Optional(Nullable(Type.String())),
});

export const PlanContent = Type.Union([
  Type.Object({ kind: Type.Literal('service_use'), serviceUse: ServiceUseContentSchema }),
  Type.Object({ kind: Type.Literal('individual_support'), support: SupportPlanContentSchema }),
  Type.Object({ kind: Type.Literal('crisis'), crisis: CrisisContentSchema }),
]);
export type PlanContent = Static<typeof PlanContent>;

// ---------------------------------------------------------------- agreement, confirmation

export const AgreementBody = Type.Object(
  {
    /** The version the person agreed to (must be the latest 計画案). */
    version: Type.Integer({ minimum: 1, title: '版' }),
    agreedOn: DateOnly('本人が同意した日'),
    method: Type.Enum(consentMethods, { title: '同意の方法' }),
    /** e.g. 本人署名、家族同席. */
    note: OptionalText('同意の記録（署名・同席者など）', 500),
  },
  { additionalProperties: false },
);
export type AgreementBody = Static<typeof AgreementBody>;

export const ConfirmBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, title: '版' }),
    /**
     * After the 支給決定, a サービス担当者会議 on this version is needed, or the reason there was none
     * (e.g. 担当者に照会して意見を求めた).
     */
    noMeetingReason: OptionalText('サービス担当者会議を開催しなかった理由', 500),
  },
  { additionalProperties: false },
);
export type ConfirmBody = Static<typeof ConfirmBody>;

// ---------------------------------------------------------------- views

const Actor = Type.Object({ name: Nullable(Type.String()), organisationName: Nullable(Type.String()) });

export const PlanVersion = Type.Object({
  version: Type.Integer(),
  status: Type.Enum(planStatuses),
  /** A confirmed version that a later confirmed version replaced. */
  isSuperseded: Type.Boolean(),
  planDate: Type.String({ format: 'date' }),
  reviewOn: Nullable(Type.String({ format: 'date' })),
  monitoringMonths: Nullable(Type.Integer()),
  changeNote: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Actor,
  agreement: Nullable(
    Type.Object({
      agreedOn: Type.String({ format: 'date' }),
      method: Type.Enum(consentMethods),
      note: Nullable(Type.String()),
      recordedBy: Actor,
      recordedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  confirmedAt: Nullable(Type.String({ format: 'date-time' })),
  confirmedBy: Nullable(Actor),
  /** Why it was confirmed after the 支給決定 without a サービス担当者会議 on it. */
  noMeetingReason: Nullable(Type.String()),
});
export type PlanVersion = Static<typeof PlanVersion>;

export const PlanVersionDetail = Type.Intersect([PlanVersion, Type.Object({ content: PlanContent })]);
export type PlanVersionDetail = Static<typeof PlanVersionDetail>;

export const PlanSummary = Type.Object({
  id: Id(),
  personId: Id(),
  kind: Type.Enum(planKinds),
  organisationId: Id(),
  organisationName: Type.String(),
  /** For 個別支援計画: the kind of service. */
  title: Nullable(Type.String()),
  latestVersion: Type.Integer(),
  latestStatus: Type.Enum(planStatuses),
  /** The version in force (確定), if any. */
  currentVersion: Nullable(Type.Integer()),
  currentPlanDate: Nullable(Type.String({ format: 'date' })),
  monitoringMonths: Nullable(Type.Integer()),
  lastMonitoredOn: Nullable(Type.String({ format: 'date' })),
  nextMonitoringOn: Nullable(Type.String({ format: 'date' })),
  reviewOn: Nullable(Type.String({ format: 'date' })),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PlanSummary = Static<typeof PlanSummary>;

export const PlanList = Type.Object({
  plans: Type.Array(PlanSummary),
  /** Which plans the caller may start now (one サービス等利用計画 and one クライシスプラン per person, one 個別支援計画 per provider). */
  abilities: Type.Object({
    createServiceUse: Type.Boolean(),
    createSupport: Type.Boolean(),
    createCrisis: Type.Boolean(),
  }),
});
export type PlanList = Static<typeof PlanList>;

/** How one provider's 個別支援計画 goal serves a need of the サービス等利用計画 (the team view). */
export const LinkedGoal = Type.Object({
  planId: Id(),
  organisationName: Type.String(),
  serviceType: Type.String(),
  version: Type.Integer(),
  status: Type.Enum(planStatuses),
  goalId: Id(),
  goal: Type.String(),
  support: Type.String(),
  servesNeedId: Nullable(Id()),
});
export type LinkedGoal = Static<typeof LinkedGoal>;

export const Plan = Type.Object({
  summary: PlanSummary,
  /** The newest version (what is being worked on). */
  latest: PlanVersionDetail,
  /** The version in force, when it is not the latest. */
  current: Nullable(PlanVersionDetail),
  versions: Type.Array(PlanVersion),
  monitorings: Type.Array(Monitoring),
  /** サービス担当者会議, newest first, each on the version it discussed. */
  meetings: Type.Array(Meeting),
  /** 交付: to whom each version was handed, newest first. */
  deliveries: Type.Array(Delivery),
  /** What confirming the latest version needs (サービス等利用計画 after the 支給決定). */
  confirmRequirement: ConfirmRequirement,
  /** サービス等利用計画: the goals of the 個別支援計画 the caller may see, by the need they serve. */
  linkedGoals: Type.Array(LinkedGoal),
  /** Providers the service use plan names, and whether they were told (on confirmation). */
  providers: Type.Array(Type.Object({ organisationId: Id(), name: Type.String(), onTeam: Type.Boolean() })),
  abilities: Type.Object({
    revise: Type.Boolean(),
    agree: Type.Boolean(),
    confirm: Type.Boolean(),
    monitor: Type.Boolean(),
    recordMeeting: Type.Boolean(),
    recordDelivery: Type.Boolean(),
  }),
});
export type Plan = Static<typeof Plan>;

export const PlanParams = Type.Object({ id: Id('計画') }, { additionalProperties: false });
export const PlanVersionParams = Type.Object(
  { id: Id('計画'), version: Type.Integer({ minimum: 1, title: '版' }) },
  { additionalProperties: false },
);
export const PlanDiffQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 1, title: '比べる版（前）' }),
    to: Type.Integer({ minimum: 1, title: '比べる版（後）' }),
  },
  { additionalProperties: false },
);
export type PlanDiffQuery = Static<typeof PlanDiffQuery>;
export const PlanPdfQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1, title: '版' })) },
  { additionalProperties: false },
);

/**
 * One difference between two versions. `section` and `field` are the body's keys (the client
 * labels them); rows of needs, goals and contacts are matched by id (contacts by position).
 */
export const PlanChange = Type.Object({
  section: Type.String(),
  rowId: Nullable(Type.String()),
  /** The row's own words (its need or goal), so a reader knows which row changed. */
  rowLabel: Nullable(Type.String()),
  field: Nullable(Type.String()),
  change: Type.Enum(['added', 'removed', 'changed'] as const),
  before: Nullable(Type.String()),
  after: Nullable(Type.String()),
});
export type PlanChange = Static<typeof PlanChange>;

export const PlanDiff = Type.Object({
  from: PlanVersion,
  to: PlanVersion,
  changes: Type.Array(PlanChange),
});
export type PlanDiff = Static<typeof PlanDiff>;

/** GET /api/persons/:id/crisis-plan: the version in force, or why there is none. */
export const CrisisPlanView = Type.Object({
  personId: Id(),
  personName: Type.String(),
  planId: Nullable(Id()),
  /** The agreed version in force (確定), or null: no plan yet, or only a 計画案. */
  current: Nullable(PlanVersionDetail),
  /** A newer version being prepared (計画案・本人同意), if any. */
  pending: Nullable(PlanVersion),
  abilities: Type.Object({ create: Type.Boolean(), revise: Type.Boolean() }),
});
export type CrisisPlanView = Static<typeof CrisisPlanView>;

export const PlanCreated = Type.Object({
  id: Id(),
  version: Type.Integer(),
  /** Texts the PDF cannot print as typed (they print with 〓): a warning, the version is saved. */
  warnings: PrintWarnings,
});

/** The answer to confirming: the plan, and who was told (要確認 for the providers it names). */
export const ConfirmResult = Type.Object({
  plan: Plan,
  notice: Nullable(
    Type.Object({
      messageId: Id(),
      askedToConfirm: Type.Array(Type.String()),
      /** Named providers not on the team or without consent for 福祉サービス: not told. */
      notTold: Type.Array(Type.String()),
    }),
  ),
});
export type ConfirmResult = Static<typeof ConfirmResult>;

// ---------------------------------------------------------------- 期限 (due dashboard)

export const dueKinds = [
  'monitoring', // モニタリング
  'plan_review', // 計画の見直し
  'certificate', // 受給者証・手帳・自立支援医療
  'consent', // 同意の期限
] as const;
export type DueKind = (typeof dueKinds)[number];

export const dueBands = ['overdue', 'within_30', 'within_60', 'within_90'] as const;
export type DueBand = (typeof dueBands)[number];

export const DueItem = Type.Object({
  kind: Type.Enum(dueKinds),
  personId: Id(),
  personName: Type.String(),
  dueOn: Type.String({ format: 'date' }),
  daysLeft: Type.Integer(),
  band: Type.Enum(dueBands),
  planId: Nullable(Id()),
  planKind: Nullable(Type.Enum(planKinds)),
  certificateKind: Nullable(Type.Enum(certificateKinds)),
  grantId: Nullable(Id()),
  /** For a consent: the organisation it is given to; for a plan: its author. */
  organisationName: Nullable(Type.String()),
  /** A monitoring found that the plan must change (計画の変更が必要). */
  changeNeeded: Type.Boolean(),
});
export type DueItem = Static<typeof DueItem>;

export const dueScopes = ['mine', 'organisation'] as const;
export type DueScope = (typeof dueScopes)[number];
export const DueQuery = Type.Object(
  { scope: Type.Optional(Type.Enum(dueScopes, { title: '範囲', default: 'mine' })) },
  { additionalProperties: false },
);
export type DueQuery = Static<typeof DueQuery>;
export const DueList = Type.Object({
  scope: Type.Enum(dueScopes),
  today: Type.String(),
  items: Type.Array(DueItem),
});
export type DueList = Static<typeof DueList>;
