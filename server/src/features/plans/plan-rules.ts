import { randomUUID } from 'node:crypto';
import type {
  CrisisContent,
  CrisisPlanBody,
  DueBand,
  PlanChange,
  PlanContent,
  ServiceUseContent,
  SupportPlanBody,
  SupportPlanContent,
  WeeklySchedule,
} from '@tsunagu/contract';
import { scheduleDayLabels } from '@tsunagu/contract';
import { Invalid } from '../../platform/errors.ts';
import { addMonths, formatJapaneseDate } from '../../platform/tokyo-time.ts';

export { addMonths, daysBetween } from '../../platform/tokyo-time.ts';

/** The rules of plans that need no database: dates, monitoring due dates, checks and the diff. */

/**
 * The next モニタリング: one period after the later of the last monitoring and the date of the plan
 * in force (a new plan restarts the count). Null while no version is in force.
 */
export function nextMonitoringOn(
  monitoringMonths: number | null,
  currentPlanDate: string | null,
  lastMonitoredOn: string | null,
): string | null {
  if (!monitoringMonths || !currentPlanDate) return null;
  const base = lastMonitoredOn && lastMonitoredOn > currentPlanDate ? lastMonitoredOn : currentPlanDate;
  return addMonths(base, monitoringMonths);
}

/** Reminder bands at 90 / 60 / 30 days, and past due; null beyond 90 days. */
export function dueBand(daysLeft: number): DueBand | null {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= 30) return 'within_30';
  if (daysLeft <= 60) return 'within_60';
  if (daysLeft <= 90) return 'within_90';
  return null;
}

/** A text as stored: trimmed, and null when nothing is left. */
export const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** A required text that is only spaces is as missing as an empty one. */
export function required(value: string, field: string, label: string): string {
  const t = value.trim();
  if (!t) throw new Invalid(field, `「${label}」(${field.split('.').at(-1)})を入力してください。`);
  return t;
}

/** A date of the plan (達成時期, 評価時期…) may not come before the plan's own date. */
export function notBefore(
  date: string | null | undefined,
  planDate: string,
  field: string,
  label: string,
): void {
  if (date && date < planDate)
    throw new Invalid(
      field,
      `「${label}」は計画作成日（${formatJapaneseDate(planDate)}）より後の日付にしてください。`,
      'DATE_BEFORE_PLAN',
    );
}

/** 計画作成日 (not in the future) and 見直し予定日 (not before it). */
export function checkHead(body: { planDate: string; reviewOn?: string | null }, today: string): void {
  if (body.planDate > today) throw new Invalid('planDate', '計画作成日に未来の日付は指定できません。');
  if (body.planDate < '2000-01-01') throw new Invalid('planDate', '計画作成日が古すぎます。');
  notBefore(body.reviewOn, body.planDate, 'reviewOn', '見直し予定日');
}

/**
 * Checks a 個別支援計画; every goal names the サービス等利用計画 need it serves when the person has
 * a service use plan (`needIds`), and only a need of that plan.
 */
export function supportPlanContent(
  body: SupportPlanBody,
  today: string,
  needIds: ReadonlyMap<string, string> | null,
): SupportPlanContent {
  checkHead(body, today);
  const goals = body.goals.map((g, i) => {
    const at = `goals.${i}`;
    notBefore(g.achieveBy, body.planDate, `${at}.achieveBy`, '達成時期');
    if (needIds && !g.servesNeedId)
      throw new Invalid(
        `${at}.servesNeedId`,
        'この目標が応えるサービス等利用計画の課題を選んでください。',
        'NEED_LINK_REQUIRED',
      );
    if (g.servesNeedId && !needIds?.has(g.servesNeedId))
      throw new Invalid(
        `${at}.servesNeedId`,
        'サービス等利用計画にその課題が見つかりません。',
        'UNKNOWN_NEED',
      );
    return {
      id: g.id ?? randomUUID(),
      servesNeedId: g.servesNeedId,
      goal: required(g.goal, `${at}.goal`, '支援目標'),
      support: required(g.support, `${at}.support`, '支援内容（内容・留意点）'),
      personRole: clean(g.personRole),
      achieveBy: g.achieveBy,
      staff: clean(g.staff),
    };
  });
  return {
    serviceType: required(body.serviceType, 'serviceType', 'サービスの種類'),
    serviceManager: required(body.serviceManager, 'serviceManager', 'サービス管理責任者'),
    personWishes: required(body.personWishes, 'personWishes', '本人の意向'),
    familyWishes: clean(body.familyWishes),
    overallPolicy: required(body.overallPolicy, 'overallPolicy', '総合的な支援の方針'),
    longTermGoal: required(body.longTermGoal, 'longTermGoal', '長期目標'),
    shortTermGoal: required(body.shortTermGoal, 'shortTermGoal', '短期目標'),
    goals,
  };
}

/** Checks a クライシスプラン; it is kept in the person's words, so only spaces are trimmed. */
export function crisisContent(body: CrisisPlanBody, today: string): CrisisContent {
  checkHead(body, today);
  return {
    goodSelf: required(body.goodSelf, 'goodSelf', '調子が良い時の自分'),
    warningSigns: required(body.warningSigns, 'warningSigns', '注意サイン'),
    worseningSigns: required(body.worseningSigns, 'worseningSigns', '悪化のサイン'),
    selfActions: required(body.selfActions, 'selfActions', 'その時に自分がすること'),
    wantFromOthers: required(body.wantFromOthers, 'wantFromOthers', '周りにしてほしいこと'),
    notWanted: clean(body.notWanted),
    contacts: body.contacts.map((c, i) => ({
      name: required(c.name, `contacts.${i}.name`, '連絡先の名前'),
      relation: clean(c.relation),
      phone: c.phone.trim(),
      hours: clean(c.hours),
    })),
    clinic: clean(body.clinic),
    medication: clean(body.medication),
    offHours: clean(body.offHours),
  };
}

// ---------------------------------------------------------------- the diff between two versions

type Flat = Record<string, string | null>;

function text(v: string | number | null | undefined): string | null {
  return v === null || v === undefined || v === '' ? null : String(v);
}

function fieldChanges(section: string, before: Flat, after: Flat, row?: { id: string; label: string }) {
  const changes: PlanChange[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (b === a) continue;
    changes.push({
      section,
      rowId: row?.id ?? null,
      rowLabel: row?.label ?? null,
      field,
      change: 'changed',
      before: b,
      after: a,
    });
  }
  return changes;
}

/** Rows matched by a key: added, removed, or changed field by field. */
function rowChanges<T>(
  section: string,
  before: readonly T[],
  after: readonly T[],
  key: (row: T, index: number) => string,
  label: (row: T) => string,
  flat: (row: T) => Flat,
): PlanChange[] {
  const changes: PlanChange[] = [];
  const old = new Map(before.map((r, i) => [key(r, i), r]));
  const now = new Map(after.map((r, i) => [key(r, i), r]));
  for (const [id, row] of now) {
    const was = old.get(id);
    if (!was) {
      changes.push({
        section,
        rowId: id,
        rowLabel: label(row),
        field: null,
        change: 'added',
        before: null,
        after: label(row),
      });
    } else {
      changes.push(...fieldChanges(section, flat(was), flat(row), { id, label: label(row) }));
    }
  }
  for (const [id, row] of old) {
    if (!now.has(id))
      changes.push({
        section,
        rowId: id,
        rowLabel: label(row),
        field: null,
        change: 'removed',
        before: label(row),
        after: null,
      });
  }
  return changes;
}

const servicesText = (services: ServiceUseContent['needs'][number]['services']) =>
  services
    .map((s) =>
      [s.type, s.content, s.amount, s.providerName].filter((p): p is string => Boolean(p)).join(' / '),
    )
    .join('\n') || null;

/** The plain fields of a content (texts, numbers, dates) as diffable text. */
function flatOf(fields: Record<string, unknown>): Flat {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      typeof v === 'string' || typeof v === 'number' ? text(v) : null,
    ]),
  );
}

/**
 * The 週間計画表's changes: slots matched by day and start time, daily activities by their time,
 * and its two texts (section `weekly`).
 */
function weeklyChanges(before: WeeklySchedule | null, after: WeeklySchedule | null): PlanChange[] {
  const empty: WeeklySchedule = {
    slots: [],
    dailyActivities: [],
    nonWeeklyServices: null,
    lifeOverview: null,
  };
  const a = before ?? empty;
  const b = after ?? empty;
  return [
    ...rowChanges(
      'weekly',
      a.slots,
      b.slots,
      (s) => `${s.day} ${s.start}`,
      (s) => `${scheduleDayLabels[s.day]} ${s.start}〜${s.end} ${s.text}`,
      (s) => ({ end: s.end, kind: s.kind, text: s.text }),
    ),
    ...rowChanges(
      'dailyActivities',
      a.dailyActivities,
      b.dailyActivities,
      (d) => d.time,
      (d) => `${d.time} ${d.text}`,
      (d) => ({ text: d.text }),
    ),
    ...fieldChanges(
      'weekly',
      { nonWeeklyServices: a.nonWeeklyServices ?? null, lifeOverview: a.lifeOverview ?? null },
      { nonWeeklyServices: b.nonWeeklyServices ?? null, lifeOverview: b.lifeOverview ?? null },
    ),
  ];
}

/** The head of a version (its own columns) as diffable fields. */
export interface VersionHead {
  planDate: string;
  reviewOn: string | null;
  monitoringMonths: number | null;
}

/** A readable diff: which field (or row) changed, from what, to what. */
export function diffVersions(
  from: { head: VersionHead; content: PlanContent },
  to: { head: VersionHead; content: PlanContent },
): PlanChange[] {
  const head = (h: VersionHead): Flat => ({
    planDate: h.planDate,
    reviewOn: h.reviewOn,
    monitoringMonths: text(h.monitoringMonths),
  });
  const changes = fieldChanges('plan', head(from.head), head(to.head));
  const a = from.content;
  const b = to.content;
  if (a.kind === 'service_use' && b.kind === 'service_use') {
    const { needs: an, weeklySchedule: aw, ...ah } = a.serviceUse;
    const { needs: bn, weeklySchedule: bw, ...bh } = b.serviceUse;
    changes.push(...fieldChanges('plan', flatOf(ah), flatOf(bh)));
    changes.push(
      ...rowChanges(
        'needs',
        an,
        bn,
        (n) => n.id,
        (n) => n.need,
        (n) => ({
          priority: text(n.priority),
          need: n.need,
          goal: n.goal,
          achieveBy: n.achieveBy,
          services: servicesText(n.services),
          personRole: n.personRole ?? null,
          evaluateOn: n.evaluateOn ?? null,
          notes: n.notes ?? null,
        }),
      ),
    );
    changes.push(...weeklyChanges(aw ?? null, bw ?? null));
  } else if (a.kind === 'individual_support' && b.kind === 'individual_support') {
    const { goals: ag, ...ah } = a.support;
    const { goals: bg, ...bh } = b.support;
    changes.push(...fieldChanges('plan', flatOf(ah), flatOf(bh)));
    changes.push(
      ...rowChanges(
        'goals',
        ag,
        bg,
        (g) => g.id,
        (g) => g.goal,
        (g) => ({
          goal: g.goal,
          support: g.support,
          personRole: g.personRole ?? null,
          achieveBy: g.achieveBy,
          staff: g.staff ?? null,
          servesNeedId: g.servesNeedId,
        }),
      ),
    );
  } else if (a.kind === 'crisis' && b.kind === 'crisis') {
    const { contacts: ac, ...ah } = a.crisis;
    const { contacts: bc, ...bh } = b.crisis;
    changes.push(...fieldChanges('plan', ah, bh));
    // Contacts are an order (whom to call first): compared position by position.
    changes.push(
      ...rowChanges(
        'contacts',
        ac,
        bc,
        (_c, i) => String(i + 1),
        (c) => c.name,
        (c) => ({ name: c.name, relation: c.relation ?? null, phone: c.phone, hours: c.hours ?? null }),
      ),
    );
  }
  return changes;
}
