import { Type, type Static } from 'typebox';
import { DateOnly, Id, OptionalText, Text } from './common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/**
 * モニタリング and its モニタリング報告書 (MHLW 参考様式): per goal of the monitored version, the
 * サービス提供状況, 本人の感想・満足度, 支援目標の達成度, 今後の課題・解決方法 and whether the plan must
 * change (サービス種類・量・週間計画); overall, the person's own account and 全体の状況.
 */

/** 支援目標の達成度: 達成 / 進んでいる / 変わらない / 後退 */
export const goalProgress = ['achieved', 'progressing', 'unchanged', 'worse'] as const;
export type GoalProgress = (typeof goalProgress)[number];

/** The three changes the report asks about for each goal (計画変更の必要性). */
export const planChangeAspects = ['changeServiceType', 'changeServiceAmount', 'changeWeeklyPlan'] as const;
export type PlanChangeAspect = (typeof planChangeAspects)[number];

export const MonitoringProgressBody = Type.Object(
  {
    /** A need (サービス等利用計画) or goal (個別支援計画) of the monitored version. */
    targetId: Id('目標'),
    progress: Type.Enum(goalProgress, { title: '支援目標の達成度' }),
    serviceStatus: OptionalText('サービス提供状況（事業者からの聞き取り）', 1000),
    personView: OptionalText('本人の感想・満足度', 1000),
    nextSteps: OptionalText('今後の課題・解決方法', 1000),
    changeServiceType: Type.Optional(Type.Boolean({ title: 'サービス種類の変更' })),
    changeServiceAmount: Type.Optional(Type.Boolean({ title: 'サービス量の変更' })),
    changeWeeklyPlan: Type.Optional(Type.Boolean({ title: '週間計画の変更' })),
    note: OptionalText('その他留意事項', 1000),
  },
  { additionalProperties: false, title: '目標ごとの評価' },
);
export type MonitoringProgressBody = Static<typeof MonitoringProgressBody>;

export const MonitoringBody = Type.Object(
  {
    monitoredOn: DateOnly('モニタリング実施日'),
    /** 本人の話: the person's own account, in their words. */
    personAccount: Text('本人の話（本人の言葉で）', 2000),
    overallStatus: OptionalText('全体の状況', 2000),
    progress: Type.Array(MonitoringProgressBody, { maxItems: 20, title: '目標ごとの評価' }),
    /** Set by the server too when any goal asks for a change. */
    needsChange: Type.Boolean({ title: '計画の変更が必要' }),
    changeNote: OptionalText('変更が必要な点', 1000),
  },
  { additionalProperties: false },
);
export type MonitoringBody = Static<typeof MonitoringBody>;

/** One goal's evaluation as stored (older records have only the progress and a note). */
export const StoredMonitoringProgress = Type.Object({
  targetId: Type.String(),
  progress: Type.Enum(goalProgress),
  serviceStatus: Type.Optional(Nullable(Type.String())),
  personView: Type.Optional(Nullable(Type.String())),
  nextSteps: Type.Optional(Nullable(Type.String())),
  changeServiceType: Type.Optional(Type.Boolean()),
  changeServiceAmount: Type.Optional(Type.Boolean()),
  changeWeeklyPlan: Type.Optional(Type.Boolean()),
  note: Type.Optional(Nullable(Type.String())),
});

export const Monitoring = Type.Object({
  id: Id(),
  planVersion: Type.Integer(),
  monitoredOn: Type.String({ format: 'date' }),
  personAccount: Type.String(),
  overallStatus: Nullable(Type.String()),
  progress: Type.Array(
    Type.Object({
      targetId: Id(),
      /** The goal as written in the monitored version, its 優先順位 and 達成時期. */
      goal: Type.String(),
      priority: Nullable(Type.Integer()),
      achieveBy: Nullable(Type.String({ format: 'date' })),
      progress: Type.Enum(goalProgress),
      serviceStatus: Nullable(Type.String()),
      personView: Nullable(Type.String()),
      nextSteps: Nullable(Type.String()),
      changeServiceType: Type.Boolean(),
      changeServiceAmount: Type.Boolean(),
      changeWeeklyPlan: Type.Boolean(),
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

export const MonitoringParams = Type.Object(
  { id: Id('計画'), monitoringId: Id('モニタリング') },
  { additionalProperties: false },
);
