import { Type, type Static } from 'typebox';
import { DateOnly, Id, OptionalText, PhoneNumber, Text } from './common.ts';
import { certificateKinds, consentMethods, type informationCategories } from './enums.ts';
import { PrintWarnings } from './printable.ts';

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

export const ServiceUsePlanBody = Type.Object(
  {
    ...planHead,
    /** 利用者及びその家族の生活に対する意向（希望する生活）: the person's own words first. */
    personWishes: LongText('本人の意向（希望する生活）'),
    familyWishes: OptionalText('家族の意向', 2000),
    overallPolicy: LongText('総合的な援助の方針'),
    longTermGoal: LongText('長期目標', 1000),
    shortTermGoal: LongText('短期目標', 1000),
    needs: Type.Array(PlanNeed, { minItems: 1, maxItems: 20, title: '解決すべき課題' }),
    monitoringMonths: MonitoringMonths,
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
    personWishes: LongText('本人の意向'),
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
  keyof typeof planHead | 'needs' | 'monitoringMonths'
> & {
  needs: (PlanNeed & { id: string })[];
};
export type SupportPlanContent = Omit<
  SupportPlanBody,
  keyof typeof planHead | 'goals' | 'monitoringMonths'
> & {
  goals: (SupportGoal & { id: string })[];
};
export type CrisisContent = Omit<CrisisPlanBody, keyof typeof planHead>;

const StoredNeed = Type.Intersect([PlanNeed, Type.Object({ id: Id() })]);
const StoredGoal = Type.Intersect([SupportGoal, Type.Object({ id: Id() })]);
export const ServiceUseContentSchema = Type.Object({
  personWishes: Type.String(),
  familyWishes: Type.Optional(Nullable(Type.String())),
  overallPolicy: Type.String(),
  longTermGoal: Type.String(),
  shortTermGoal: Type.String(),
  needs: Type.Array(StoredNeed),
});
export const SupportPlanContentSchema = Type.Object({
  serviceType: Type.String(),
  personWishes: Type.String(),
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
  { version: Type.Integer({ minimum: 1, title: '版' }) },
  { additionalProperties: false },
);
export type ConfirmBody = Static<typeof ConfirmBody>;

// ---------------------------------------------------------------- モニタリング

export const goalProgress = ['achieved', 'progressing', 'unchanged', 'worse'] as const; // 達成 / 進んでいる / 変わらない / 後退
export type GoalProgress = (typeof goalProgress)[number];

export const MonitoringBody = Type.Object(
  {
    monitoredOn: DateOnly('モニタリング実施日'),
    /** 本人の話: the person's own account, in their words. */
    personAccount: LongText('本人の話（本人の言葉で）'),
    progress: Type.Array(
      Type.Object(
        {
          /** A need (サービス等利用計画) or goal (個別支援計画) of the monitored version. */
          targetId: Id('目標'),
          progress: Type.Enum(goalProgress, { title: '進み具合' }),
          note: OptionalText('目標ごとの様子', 1000),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20, title: '目標ごとの進み具合' },
    ),
    needsChange: Type.Boolean({ title: '計画の変更が必要' }),
    changeNote: OptionalText('変更が必要な点', 1000),
  },
  { additionalProperties: false },
);
export type MonitoringBody = Static<typeof MonitoringBody>;

export const Monitoring = Type.Object({
  id: Id(),
  planVersion: Type.Integer(),
  monitoredOn: Type.String({ format: 'date' }),
  personAccount: Type.String(),
  progress: Type.Array(
    Type.Object({
      targetId: Id(),
      /** The goal as written in the monitored version. */
      goal: Type.String(),
      progress: Type.Enum(goalProgress),
      note: Nullable(Type.String()),
    }),
  ),
  needsChange: Type.Boolean(),
  changeNote: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedByOrganisation: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});
export type Monitoring = Static<typeof Monitoring>;

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
  /** サービス等利用計画: the goals of the 個別支援計画 the caller may see, by the need they serve. */
  linkedGoals: Type.Array(LinkedGoal),
  /** Providers the service use plan names, and whether they were told (on confirmation). */
  providers: Type.Array(Type.Object({ organisationId: Id(), name: Type.String(), onTeam: Type.Boolean() })),
  abilities: Type.Object({
    revise: Type.Boolean(),
    agree: Type.Boolean(),
    confirm: Type.Boolean(),
    monitor: Type.Boolean(),
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
