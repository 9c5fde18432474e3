import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { clip, subtract, union, type Interval } from '../../platform/intervals.ts';
import { DAY_MS } from '../../platform/tokyo-time.ts';
import { loadCalendars, openPeriods } from '../calendars/calendar.ts';
import * as coverage from './coverage.repository.ts';
import * as repo from './on-call.repository.ts';

/**
 * 当番表 lookups that other features call (routing of urgent messages, escalation, handover):
 * who is on call for a region at a minute, the shifts in a window, and the coverage check.
 * Pure over the database: time is always the caller's instant, never a clock read here.
 *
 * A shift covers the regions it names and everything below them: a shift for a 障害保健福祉圏域
 * covers its municipalities and their 日常生活圏域. A shift counts only while someone on it can
 * be reached: a person on it who is disabled or no longer a member of its organisation is
 * reported as null (and a shift with neither primary nor backup reachable covers nothing).
 */

/** One person on call. */
export interface OnCallAssignee {
  userId: string;
  displayName: string;
  organisationId: string;
  shiftId: string;
}

/** A shift as the lookups describe it. */
export interface OnCallShift {
  id: string;
  organisationId: string;
  organisationName: string;
  startsAt: Date;
  endsAt: Date;
  regionIds: string[];
  /** The phone the shift carries (当番携帯), if the organisation gave one. */
  contactPhone: string | null;
  note: string | null;
  primary: OnCallAssignee | null;
  backup: OnCallAssignee | null;
  /** Minutes after the end its backup is still asked about the cases the shift took. */
  backupGraceMinutes: number;
}

/** Who is on call for a region at a minute, and through which shift and covered region. */
export interface OnCallAnswer {
  primary: OnCallAssignee | null;
  backup: OnCallAssignee | null;
  shift: OnCallShift;
  /** The region the shift names that covers the one asked about (itself or an ancestor). */
  coveredVia: string;
}

function toShift(row: repo.ShiftRow): OnCallShift {
  const person = (userId: string | null, name: string | null, active: boolean): OnCallAssignee | null =>
    userId && active
      ? { userId, displayName: name ?? '', organisationId: row.organisationId, shiftId: row.id }
      : null;
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    regionIds: row.regionIds,
    contactPhone: row.contactPhone,
    note: row.note,
    primary: person(row.primaryUserId, row.primaryName, row.primaryActive),
    backup: person(row.backupUserId, row.backupName, row.backupActive),
    backupGraceMinutes: row.backupGraceMinutes,
  };
}

const reachable = (s: OnCallShift) => s.primary !== null || s.backup !== null;

/**
 * Every shift covering each region at `instant`, best first: the one naming the nearest region
 * (the region itself before its municipality before its 圏域), then the one that started last.
 * One query for any number of regions. Regions with no one on call map to [].
 */
export async function onCallCandidatesAt(
  db: Kysely<Tables>,
  regionIds: readonly string[],
  instant: Date,
): Promise<Map<string, OnCallAnswer[]>> {
  const rows = await repo.shiftsCovering(
    db,
    [...new Set(regionIds)],
    instant,
    new Date(instant.getTime() + 1),
  );
  const out = new Map<string, OnCallAnswer[]>(regionIds.map((id) => [id, []]));
  for (const row of rows) {
    const shift = toShift(row);
    if (!reachable(shift)) continue;
    out
      .get(row.root)
      ?.push({ primary: shift.primary, backup: shift.backup, shift, coveredVia: row.matchedRegionId });
  }
  return out;
}

/** Who is on call for a region at `instant` (the best of onCallCandidatesAt), or null: a gap. */
export async function onCallAt(
  db: Kysely<Tables>,
  regionId: string,
  instant: Date,
): Promise<OnCallAnswer | null> {
  return (await onCallCandidatesAt(db, [regionId], instant)).get(regionId)?.[0] ?? null;
}

/** The batch form of onCallAt: each region's answer at one instant, in one query. */
export async function onCallAtMany(
  db: Kysely<Tables>,
  regionIds: readonly string[],
  instant: Date,
): Promise<Map<string, OnCallAnswer | null>> {
  const all = await onCallCandidatesAt(db, regionIds, instant);
  return new Map([...all].map(([id, answers]) => [id, answers[0] ?? null]));
}

/**
 * The live shifts overlapping [from, to), optionally of one organisation and/or relevant to some
 * regions (naming them, one of their ancestors or one of their descendants), by start time.
 */
export async function onCallBetween(
  db: Kysely<Tables>,
  filter: { organisationId?: string; regionIds?: readonly string[] },
  from: Date,
  to: Date,
): Promise<OnCallShift[]> {
  return (await repo.shiftsBetween(db, filter, from, to)).map(toShift);
}

/** An organisation's rota around an instant. */
export interface Duty {
  /** Its live shifts with someone reachable at the instant, the latest start first. */
  onDuty: OnCallShift[];
  /** Whether it keeps a rota at all: any live shift within MAX_SHIFT_DAYS either side. */
  keepsRota: boolean;
}

/**
 * Each organisation's rota at `instant`: who is on duty there now, and whether it keeps a rota
 * (an organisation with shifts a few days either side, but none now, has nobody on duty). One
 * query for any number of organisations.
 */
export async function dutyOf(
  db: Kysely<Tables>,
  organisationIds: readonly string[],
  instant: Date,
): Promise<Map<string, Duty>> {
  const ids = [...new Set(organisationIds)];
  const out = new Map<string, Duty>(ids.map((id) => [id, { onDuty: [], keepsRota: false }]));
  if (ids.length === 0) return out;
  const span = repo.MAX_SHIFT_DAYS * DAY_MS;
  const rows = await repo.shiftsBetween(
    db,
    { organisationIds: ids },
    new Date(instant.getTime() - span),
    new Date(instant.getTime() + span),
  );
  for (const row of rows) {
    const duty = out.get(row.organisationId)!;
    duty.keepsRota = true;
    const shift = toShift(row);
    if (shift.startsAt <= instant && instant < shift.endsAt && reachable(shift)) duty.onDuty.unshift(shift);
  }
  return out;
}

/** Shifts by id (cancelled ones included, with `cancelled`), in one query. */
export async function shiftsById(
  db: Kysely<Tables>,
  ids: readonly string[],
): Promise<Map<string, OnCallShift & { cancelled: boolean }>> {
  const rows = await repo.findShifts(db, ids);
  return new Map(rows.map((r) => [r.id, { ...toShift(r), cancelled: r.cancelledAt !== null }]));
}

/** A window in which a region has no one on call though it needs someone. */
export interface CoverageGap {
  regionId: string;
  from: Date;
  to: Date;
}

/** Where a region's defining organisations come from: its own choice, an area above, or the default. */
export type DefinersSource = 'chosen' | 'inherited' | 'default';

/** The organisations whose hours define each region's day (see coverageCheck), from its line of ancestors. */
async function definersOf(
  db: Kysely<Tables>,
  ancestry: readonly { root: string; id: string; level: string; depth: number }[],
): Promise<Map<string, { organisationIds: string[]; source: DefinersSource }>> {
  const lineOf = new Map<string, { id: string; level: string }[]>();
  for (const r of ancestry) lineOf.set(r.root, [...(lineOf.get(r.root) ?? []), r]);
  const chosen = await coverage.chosenDefiners(db, [...new Set(ancestry.map((r) => r.id))]);
  const municipalities = ancestry.filter((r) => r.level === 'municipality').map((r) => r.id);
  const defaults = await coverage.defaultDefiners(db, municipalities);
  const out = new Map<string, { organisationIds: string[]; source: DefinersSource }>();
  for (const [root, line] of lineOf) {
    const nearest = line.find((r) => chosen.has(r.id));
    const municipality = line.find((r) => r.level === 'municipality');
    out.set(
      root,
      nearest
        ? { organisationIds: chosen.get(nearest.id)!, source: nearest.id === root ? 'chosen' : 'inherited' }
        : { organisationIds: (municipality && defaults.get(municipality.id)) ?? [], source: 'default' },
    );
  }
  return out;
}

/** The organisations whose hours define a region's day for the coverage check, and where that comes from. */
export async function coverageDefiners(
  db: Kysely<Tables>,
  regionId: string,
): Promise<{ organisationIds: string[]; source: DefinersSource }> {
  const ancestry = await coverage.regionsWithAncestors(db, [regionId], []);
  return (await definersOf(db, ancestry)).get(regionId) ?? { organisationIds: [], source: 'default' };
}

/**
 * The coverage check: every window within [from, to) in which a region needs someone on call
 * and has no one.
 *
 * The rule (docs/glossary.md, 当番の空白):
 * - The regions checked are municipalities (市町村) and 日常生活圏域 — where persons live and
 *   whose office the slides say cannot be reached at night — all of them, or those given.
 *   (Regions above the municipality are checked only when named, and then around the clock.)
 * - A region's day is defined by some organisations' business calendars (weekly hours, holidays,
 *   年末年始, closures): those a system administrator chose for the region or its nearest
 *   ancestor with a choice, else its municipality's office (市町村障害福祉課) and the
 *   基幹相談支援センター serving the municipality. A minute needs on-call cover whenever ANY of
 *   them is closed: a night shift ending at 8:30 as the city opens leaves 8:30–9:00 uncovered
 *   while the 基幹 opens at 9:00. A region with no such organisation needs cover around the clock.
 * - It is covered at a minute when onCallAt would answer someone: a live shift naming the region
 *   or an ancestor, with its primary or backup reachable.
 * Six queries whatever the number of regions.
 */
export async function coverageCheck(
  db: Kysely<Tables>,
  regionIds: readonly string[] | 'all',
  from: Date,
  to: Date,
): Promise<{ gaps: CoverageGap[]; definedBy: Map<string, string[]> }> {
  const definedBy = new Map<string, string[]>();
  if (to <= from) return { gaps: [], definedBy };
  const ancestry = await coverage.regionsWithAncestors(db, regionIds, ['municipality', 'daily_life_area']);
  const lineOf = new Map<string, { id: string; level: string }[]>();
  for (const r of ancestry) lineOf.set(r.root, [...(lineOf.get(r.root) ?? []), { id: r.id, level: r.level }]);

  for (const [root, d] of await definersOf(db, ancestry)) definedBy.set(root, d.organisationIds);

  const calendars = await loadCalendars(db, [...new Set([...definedBy.values()].flat())], from, to);
  const window: Interval[] = [{ from: from.getTime(), to: to.getTime() }];
  const closedOf = new Map<string, Interval[]>();
  const closed = (organisationId: string) => {
    let known = closedOf.get(organisationId);
    if (!known) {
      const cal = calendars.get(organisationId);
      known = subtract(window, cal ? openPeriods(cal, from, to) : []);
      closedOf.set(organisationId, known);
    }
    return known;
  };

  const shifts = (await repo.shiftsBetween(db, { regionIds: [...lineOf.keys()] }, from, to))
    .map(toShift)
    .filter(reachable);

  const gaps: CoverageGap[] = [];
  for (const [root, line] of lineOf) {
    const definers = definedBy.get(root)!;
    const need = definers.length === 0 ? window : union(definers.flatMap(closed));
    const lineIds = new Set(line.map((r) => r.id));
    const covered = union(
      shifts
        .filter((s) => s.regionIds.some((id) => lineIds.has(id)))
        .map((s) => ({ from: s.startsAt.getTime(), to: s.endsAt.getTime() })),
    );
    for (const g of subtract(clip(need, window[0]!.from, window[0]!.to), covered)) {
      gaps.push({ regionId: root, from: new Date(g.from), to: new Date(g.to) });
    }
  }
  gaps.sort((a, b) => a.from.getTime() - b.from.getTime() || a.regionId.localeCompare(b.regionId));
  return { gaps, definedBy };
}

/** The windows of the coverage check (see coverageCheck). */
export async function coverageGaps(
  db: Kysely<Tables>,
  regionIds: readonly string[] | 'all',
  from: Date,
  to: Date,
): Promise<CoverageGap[]> {
  return (await coverageCheck(db, regionIds, from, to)).gaps;
}
