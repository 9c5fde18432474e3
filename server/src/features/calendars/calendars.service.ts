import type {
  CalendarDaysQuery,
  Closure,
  CreateClosureBody,
  HoursRange,
  OrganisationCalendar,
  PutSpecialDayBody,
  SpecialDay,
  UpdateHolidayPolicyBody,
  UpcomingException,
} from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import {
  addDays,
  daysBetween,
  formatJapaneseDate,
  minutesOf,
  tokyoDate,
  tokyoInstant,
} from '../../platform/tokyo-time.ts';
import {
  isOpenAt,
  loadCalendars,
  nextOpeningAfter,
  openUntil,
  scheduleBetween,
  scheduleOn,
  type DaySchedule,
  type OrganisationCalendar as Calendar,
} from './calendar.ts';
import * as repo from './calendars.repository.ts';

/** How far ahead the organisation page lists closures, holidays and special days. */
const UPCOMING_DAYS = 60;
/** The longest range of days one request may ask for. */
const MAX_DAYS = 93;

/** Ranges of one day: each opens before it closes, and none overlaps another. */
export function checkRanges(ranges: readonly HoursRange[], field: string): void {
  const indexed = ranges.map((r, i) => ({ i, from: minutesOf(r.opensAt), to: minutesOf(r.closesAt) }));
  for (const r of indexed) {
    if (r.from >= r.to) {
      throw new Invalid(
        `${field}.${r.i}.closesAt`,
        `終了時刻（${ranges[r.i]!.closesAt}）は開始時刻（${ranges[r.i]!.opensAt}）より後にしてください。`,
        'END_BEFORE_START',
      );
    }
  }
  const sorted = [...indexed].sort((a, b) => a.from - b.from);
  sorted.forEach((r, k) => {
    if (k > 0 && r.from < sorted[k - 1]!.to) {
      throw new Invalid(`${field}.${r.i}.opensAt`, '営業時間が重なっています。', 'OVERLAPPING_RANGES');
    }
  });
}

/** Consecutive days with the same exception, as ranges (what "upcoming closures" lists). */
function groupExceptions(days: readonly DaySchedule[]): UpcomingException[] {
  const out: UpcomingException[] = [];
  for (const day of days) {
    if (!day.exception) continue;
    const last = out[out.length - 1];
    const same =
      last &&
      addDays(last.endsOn, 1) === day.date &&
      last.kind === day.exception.kind &&
      last.reason === day.exception.reason &&
      last.ranges.length === 0 &&
      day.ranges.length === 0;
    if (same) last.endsOn = day.date;
    else
      out.push({
        startsOn: day.date,
        endsOn: day.date,
        kind: day.exception.kind,
        reason: day.exception.reason,
        ranges: day.ranges,
      });
  }
  return out;
}

/** 営業日カレンダー: read by everyone signed in, changed by the organisation's admins (or a system admin). */
export function createCalendarsService(deps: Deps) {
  const { db, clock } = deps;

  async function requireOrganisation(id: string): Promise<void> {
    if (!(await repo.organisationExists(db, id))) throw new NotFound('機関');
  }

  async function requireManage(ctx: RequestContext, organisationId: string, target: string): Promise<void> {
    await requireOrganisation(organisationId);
    await requireAbility(
      db,
      ctx,
      'calendar.manage',
      { kind: 'organisation', organisationId },
      { type: 'organisation_calendar', id: target },
    );
  }

  async function calendarOf(organisationId: string, fromDate: string, toDate: string): Promise<Calendar> {
    const cal = (await loadCalendars(db, [organisationId], tokyoInstant(fromDate), tokyoInstant(toDate))).get(
      organisationId,
    );
    if (!cal) throw new NotFound('機関');
    return cal;
  }

  async function get(ctx: RequestContext, organisationId: string): Promise<OrganisationCalendar> {
    const now = clock.now();
    const today = tokyoDate(now);
    // The horizon of next opening is about a year; load that far so special days count.
    const cal = await calendarOf(organisationId, today, addDays(today, 400));
    const closures: Closure[] = cal.closures
      .filter((c) => c.isYearly || c.endsOn >= today)
      .map((c) => ({
        id: c.id!,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        isYearly: c.isYearly,
        reason: c.reason,
      }));
    const specialDays: SpecialDay[] = cal.specialDays
      .filter((d) => d.date >= today)
      .map((d) => ({
        date: d.date,
        hours: d.hours.map((h) => ({ opensAt: h.opensAt, closesAt: h.closesAt })),
        reason: d.reason,
      }));
    return {
      organisationId,
      closesOnHolidays: cal.closesOnHolidays,
      closesYearEnd: cal.closesYearEnd,
      businessHours: cal.weekly.map((h) => ({
        weekday: h.weekday,
        opensAt: h.opensAt.slice(0, 5),
        closesAt: h.closesAt.slice(0, 5),
      })),
      closures,
      specialDays,
      status: {
        at: now.toISOString(),
        isOpen: isOpenAt(cal, now),
        openUntil: openUntil(cal, now)?.toISOString() ?? null,
        nextOpening: nextOpeningAfter(cal, now)?.toISOString() ?? null,
        today: scheduleOn(cal, today),
      },
      upcoming: groupExceptions(scheduleBetween(cal, today, addDays(today, UPCOMING_DAYS))),
      abilities: {
        manage: can(actorOf(ctx), 'calendar.manage', { kind: 'organisation', organisationId }),
      },
    };
  }

  return {
    get,

    /** The calendar day by day (for a month view), at most MAX_DAYS days. */
    async days(_ctx: RequestContext, organisationId: string, q: CalendarDaysQuery): Promise<DaySchedule[]> {
      const span = daysBetween(q.from, q.to);
      if (span < 0) throw new Invalid('to', '終了日は開始日以降にしてください。', 'END_BEFORE_START');
      if (span >= MAX_DAYS)
        throw new Invalid('to', `一度に表示できるのは ${MAX_DAYS} 日までです。`, 'RANGE_TOO_LONG');
      return scheduleBetween(await calendarOf(organisationId, q.from, q.to), q.from, q.to);
    },

    async updatePolicy(
      ctx: RequestContext,
      organisationId: string,
      body: UpdateHolidayPolicyBody,
    ): Promise<OrganisationCalendar> {
      await requireManage(ctx, organisationId, organisationId);
      await db.transaction().execute(async (trx) => {
        await repo.updateHolidayPolicy(trx, organisationId, body, clock.now());
        await recordAudit(trx, ctx, {
          action: 'calendar.update_policy',
          targetType: 'organisation',
          targetId: organisationId,
          details: { ...body },
        });
      });
      return get(ctx, organisationId);
    },

    async addClosure(ctx: RequestContext, organisationId: string, body: CreateClosureBody): Promise<Closure> {
      await requireManage(ctx, organisationId, organisationId);
      const isYearly = body.isYearly ?? false;
      if (body.endsOn < body.startsOn) {
        throw new Invalid('endsOn', '終了日は開始日以降にしてください。', 'END_BEFORE_START');
      }
      if (isYearly && body.endsOn >= `${Number(body.startsOn.slice(0, 4)) + 1}${body.startsOn.slice(4)}`) {
        throw new Invalid('endsOn', '毎年の休業期間は 1 年より短くしてください。', 'RANGE_TOO_LONG');
      }
      const reason = body.reason.trim();
      if (!reason) throw new Invalid('reason', '理由を入力してください。');
      return db.transaction().execute(async (trx) => {
        if (!isYearly) {
          const clash = (await repo.overlappingClosures(trx, organisationId, body.startsOn, body.endsOn))[0];
          if (clash) {
            throw new Conflict(
              'OVERLAPPING_CLOSURE',
              `休業期間「${clash.reason}」（${formatJapaneseDate(clash.startsOn)}〜${formatJapaneseDate(clash.endsOn)}）と重なっています。`,
              'startsOn',
            );
          }
        }
        const c = { organisationId, startsOn: body.startsOn, endsOn: body.endsOn, isYearly, reason };
        const id = await repo.insertClosure(trx, c, clock.now());
        await recordAudit(trx, ctx, {
          action: 'calendar.add_closure',
          targetType: 'organisation',
          targetId: organisationId,
          details: { closureId: id, startsOn: c.startsOn, endsOn: c.endsOn, isYearly, reason },
        });
        return { id, startsOn: c.startsOn, endsOn: c.endsOn, isYearly, reason };
      });
    },

    async removeClosure(ctx: RequestContext, organisationId: string, closureId: string): Promise<void> {
      await requireManage(ctx, organisationId, closureId);
      await db.transaction().execute(async (trx) => {
        const closure = await repo.findClosure(trx, organisationId, closureId);
        if (!closure) throw new NotFound('休業期間');
        await repo.deleteClosure(trx, closureId);
        await recordAudit(trx, ctx, {
          action: 'calendar.remove_closure',
          targetType: 'organisation',
          targetId: organisationId,
          details: { ...closure, closureId },
        });
      });
    },

    async putSpecialDay(
      ctx: RequestContext,
      organisationId: string,
      date: string,
      body: PutSpecialDayBody,
    ): Promise<SpecialDay> {
      await requireManage(ctx, organisationId, organisationId);
      checkRanges(body.hours, 'hours');
      const day = { organisationId, date, hours: body.hours, reason: body.reason?.trim() || null };
      await db.transaction().execute(async (trx) => {
        await repo.upsertSpecialDay(trx, day, clock.now());
        await recordAudit(trx, ctx, {
          action: 'calendar.set_special_day',
          targetType: 'organisation',
          targetId: organisationId,
          details: { date, hours: body.hours, reason: day.reason },
        });
      });
      return { date, hours: body.hours, reason: day.reason };
    },

    async removeSpecialDay(ctx: RequestContext, organisationId: string, date: string): Promise<void> {
      await requireManage(ctx, organisationId, organisationId);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.deleteSpecialDay(trx, organisationId, date))) throw new NotFound('特別な営業日');
        await recordAudit(trx, ctx, {
          action: 'calendar.remove_special_day',
          targetType: 'organisation',
          targetId: organisationId,
          details: { date },
        });
      });
    },
  };
}

export type CalendarsService = ReturnType<typeof createCalendarsService>;
