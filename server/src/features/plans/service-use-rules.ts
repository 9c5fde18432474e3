import { randomUUID } from 'node:crypto';
import {
  scheduleDays,
  type ServiceUseContent,
  type ServiceUsePlanBody,
  type WeeklySchedule,
} from '@tsunagu/contract';
import { Invalid } from '../../platform/errors.ts';
import { formatJapaneseDate, minutesOf } from '../../platform/tokyo-time.ts';
import { checkHead, clean, notBefore, required } from './plan-rules.ts';

/** The rules of a サービス等利用計画 beyond its schema: its header, its needs and its 週間計画表. */

/**
 * 優先順位: each need its own; a need without one takes its row's place. Two needs with the same
 * priority would leave the table's order to chance.
 */
function priorities(needs: ServiceUsePlanBody['needs']): number[] {
  const seen = new Map<number, number>();
  return needs.map((n, i) => {
    const priority = n.priority ?? i + 1;
    const other = seen.get(priority);
    if (other !== undefined)
      throw new Invalid(
        `needs.${i}.priority`,
        `「優先順位」(priority) ${priority} は課題 ${other + 1} と同じです。課題ごとに違う順位にしてください。`,
        'DUPLICATE_PRIORITY',
      );
    seen.set(priority, i);
    return priority;
  });
}

const dayOrder = new Map(scheduleDays.map((d, i) => [d, i]));

/**
 * 週間計画表: each slot ends after it starts, slots of one day do not overlap, required texts are
 * not blank; slots are stored by day and time, daily activities by time.
 */
export function weeklyScheduleContent(schedule: WeeklySchedule): WeeklySchedule {
  const at = 'weeklySchedule';
  const slots = schedule.slots.map((s, i) => {
    const start = minutesOf(s.start);
    const end = minutesOf(s.end);
    if (end <= start)
      throw new Invalid(
        `${at}.slots.${i}.end`,
        `「終了時刻」(end) は開始時刻（${s.start}）より後にしてください。`,
        'TIME_ORDER',
      );
    return {
      ...s,
      text: required(s.text, `${at}.slots.${i}.text`, '内容'),
      index: i,
      startMin: start,
      endMin: end,
    };
  });
  const ordered = [...slots].sort(
    (a, b) => dayOrder.get(a.day)! - dayOrder.get(b.day)! || a.startMin - b.startMin,
  );
  ordered.forEach((s, k) => {
    const before = ordered[k - 1];
    if (before && before.day === s.day && before.endMin > s.startMin)
      throw new Invalid(
        `${at}.slots.${Math.max(s.index, before.index)}.start`,
        `同じ曜日の予定の時間が重なっています（${before.start}〜${before.end} と ${s.start}〜${s.end}）。`,
        'SLOT_OVERLAP',
      );
  });
  const dailyActivities = schedule.dailyActivities
    .map((a, i) => ({
      time: a.time,
      text: required(a.text, `${at}.dailyActivities.${i}.text`, '主な日常生活上の活動'),
    }))
    .sort((a, b) => minutesOf(a.time) - minutesOf(b.time));
  return {
    slots: ordered.map(({ day, start, end, kind, text }) => ({ day, start, end, kind, text })),
    dailyActivities,
    nonWeeklyServices: clean(schedule.nonWeeklyServices),
    lifeOverview: clean(schedule.lifeOverview),
  };
}

/** The header checks: モニタリング開始年月 not before the plan's month, 支給決定日 not in the future. */
function checkHeader(body: ServiceUsePlanBody, today: string): void {
  if (body.monitoringStartMonth && body.monitoringStartMonth < body.planDate.slice(0, 7))
    throw new Invalid(
      'monitoringStartMonth',
      `「モニタリング期間（開始年月）」は計画作成日（${formatJapaneseDate(body.planDate)}）の月以降にしてください。`,
      'DATE_BEFORE_PLAN',
    );
  if (body.benefitDecisionOn && body.benefitDecisionOn > today)
    throw new Invalid('benefitDecisionOn', '「支給決定日」に未来の日付は指定できません。');
}

/** Checks a サービス等利用計画 beyond its schema and returns what a version stores. */
export function serviceUseContent(body: ServiceUsePlanBody, today: string): ServiceUseContent {
  checkHead(body, today);
  checkHeader(body, today);
  const order = priorities(body.needs);
  const seen = new Set<string>();
  const needs = body.needs.map((n, i) => {
    const at = `needs.${i}`;
    if (n.id && seen.has(n.id)) throw new Invalid(`${at}.id`, '同じ課題が二度含まれています。');
    const id = n.id ?? randomUUID();
    seen.add(id);
    notBefore(n.achieveBy, body.planDate, `${at}.achieveBy`, '達成時期');
    notBefore(n.evaluateOn, body.planDate, `${at}.evaluateOn`, '評価時期');
    return {
      id,
      priority: order[i]!,
      need: required(n.need, `${at}.need`, '解決すべき課題（本人のニーズ）'),
      goal: required(n.goal, `${at}.goal`, '支援目標'),
      achieveBy: n.achieveBy,
      services: n.services.map((s, j) => ({
        type: required(s.type, `${at}.services.${j}.type`, '福祉サービス等の種類'),
        content: clean(s.content),
        amount: clean(s.amount),
        providerOrganisationId: s.providerOrganisationId ?? null,
        providerName: clean(s.providerName),
      })),
      personRole: clean(n.personRole),
      evaluateOn: n.evaluateOn ?? null,
      notes: clean(n.notes),
    };
  });
  return {
    supportCategory: body.supportCategory ?? null,
    recipientNumber: clean(body.recipientNumber),
    communityRecipientNumber: clean(body.communityRecipientNumber),
    dayServiceRecipientNumber: clean(body.dayServiceRecipientNumber),
    copaymentLimit: body.copaymentLimit ?? null,
    planAuthorName: clean(body.planAuthorName),
    monitoringStartMonth: body.monitoringStartMonth ?? null,
    benefitDecisionOn: body.benefitDecisionOn ?? null,
    personWishes: required(body.personWishes, 'personWishes', '本人の意向（希望する生活）'),
    familyWishes: clean(body.familyWishes),
    overallPolicy: required(body.overallPolicy, 'overallPolicy', '総合的な援助の方針'),
    longTermGoal: required(body.longTermGoal, 'longTermGoal', '長期目標'),
    shortTermGoal: required(body.shortTermGoal, 'shortTermGoal', '短期目標'),
    needs,
    weeklySchedule: body.weeklySchedule ? weeklyScheduleContent(body.weeklySchedule) : null,
  };
}
