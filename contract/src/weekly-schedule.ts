import { Type, type Static } from 'typebox';
import { OptionalText, Text, TimeOfDay } from './common.ts';

/**
 * 週間計画表 (the weekly page of a サービス等利用計画, MHLW 参考様式): a week of time slots, each a
 * service or the person's own activity, the 主な日常生活上の活動 beside the week, the services
 * that do not come every week, and the life the services make possible.
 */

/** 月〜土, and 日・祝: Sunday and public holidays share a column, as on the 様式. */
export const scheduleDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type ScheduleDay = (typeof scheduleDays)[number];

/** The columns' headings on the printed 様式 (the server's PDF and diff; the client has i18n). */
export const scheduleDayLabels: Record<ScheduleDay, string> = {
  mon: '月',
  tue: '火',
  wed: '水',
  thu: '木',
  fri: '金',
  sat: '土',
  sun: '日・祝',
};

/** A slot is a service (福祉サービス等) or the person's own activity (本人の活動: 自宅, 通院…). */
export const weeklySlotKinds = ['service', 'activity'] as const;
export type WeeklySlotKind = (typeof weeklySlotKinds)[number];

export const WeeklySlot = Type.Object(
  {
    day: Type.Enum(scheduleDays, { title: '曜日' }),
    start: TimeOfDay('開始時刻'),
    /** Within the same day: a night is two slots (22:00〜24:00 and 0:00〜6:00 of the next day). */
    end: TimeOfDay('終了時刻'),
    kind: Type.Enum(weeklySlotKinds, { title: '区分' }),
    text: Text('内容', 100),
  },
  { additionalProperties: false, title: '週間の予定' },
);
export type WeeklySlot = Static<typeof WeeklySlot>;

/** One line of 主な日常生活上の活動 (起床, 朝食, 服薬…), by the time of day it happens. */
export const DailyActivity = Type.Object(
  {
    time: TimeOfDay('時刻'),
    text: Text('主な日常生活上の活動', 200),
  },
  { additionalProperties: false, title: '主な日常生活上の活動' },
);
export type DailyActivity = Static<typeof DailyActivity>;

export const WeeklySchedule = Type.Object(
  {
    slots: Type.Array(WeeklySlot, { maxItems: 120, title: '週間の予定' }),
    dailyActivities: Type.Array(DailyActivity, { maxItems: 24, title: '主な日常生活上の活動' }),
    nonWeeklyServices: OptionalText('週単位以外のサービス', 1000),
    lifeOverview: OptionalText('サービス提供によって実現する生活の全体像', 2000),
  },
  { additionalProperties: false, title: '週間計画表' },
);
export type WeeklySchedule = Static<typeof WeeklySchedule>;
