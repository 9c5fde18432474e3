import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { clip, subtract, union, type Interval } from '../../platform/intervals.ts';
import { loadCalendars, openPeriods } from '../calendars/calendar.ts';
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

/** A window in which a region has no one on call though it needs someone. */
export interface CoverageGap {
  regionId: string;
  from: Date;
  to: Date;
}

/**
 * The coverage check: every window within [from, to) in which a region needs someone on call
 * and has no one.
 *
 * The rule (docs/glossary.md, 当番の空白):
 * - The regions checked are municipalities (市町村) and 日常生活圏域 — where persons live and
 *   whose office the slides say cannot be reached at night — all of them, or those given.
 *   (Regions above the municipality are checked only when named, and then around the clock.)
 * - A region needs on-call coverage at every minute its municipality's office is closed: the
 *   organisations of kind 市町村障害福祉課 (municipal_disability_welfare_division) serving that
 *   municipality, by their business calendars (weekly hours, holidays, 年末年始, closures). So
 *   nights, weekends, holidays and the 6:00–opening and closing–22:00 windows. A municipality
 *   with no such office registered needs coverage around the clock.
 * - It is covered at a minute when onCallAt would answer someone: a live shift naming the region
 *   or an ancestor, with its primary or backup reachable.
 * Four queries whatever the number of regions.
 */
export async function coverageGaps(
  db: Kysely<Tables>,
  regionIds: readonly string[] | 'all',
  from: Date,
  to: Date,
): Promise<CoverageGap[]> {
  if (to <= from) return [];
  const ancestry = await repo.regionsWithAncestors(db, regionIds, ['municipality', 'daily_life_area']);
  const lineOf = new Map<string, { id: string; level: string }[]>();
  for (const r of ancestry) {
    const line = lineOf.get(r.root) ?? [];
    line.push({ id: r.id, level: r.level });
    lineOf.set(r.root, line);
  }
  const municipalityOf = new Map<string, string>();
  for (const [root, line] of lineOf) {
    const m = line.find((r) => r.level === 'municipality');
    if (m) municipalityOf.set(root, m.id);
  }

  const offices = await repo.municipalOfficesOf(db, [...new Set(municipalityOf.values())]);
  const calendars = await loadCalendars(
    db,
    offices.map((o) => o.organisationId),
    from,
    to,
  );
  const openByMunicipality = new Map<string, Interval[]>();
  for (const o of offices) {
    const cal = calendars.get(o.organisationId);
    if (!cal) continue;
    const open = openByMunicipality.get(o.municipalityId) ?? [];
    open.push(...openPeriods(cal, from, to));
    openByMunicipality.set(o.municipalityId, open);
  }

  const shifts = (await repo.shiftsBetween(db, { regionIds: [...lineOf.keys()] }, from, to))
    .map(toShift)
    .filter(reachable);

  const window: Interval[] = [{ from: from.getTime(), to: to.getTime() }];
  const gaps: CoverageGap[] = [];
  for (const [root, line] of lineOf) {
    const municipality = municipalityOf.get(root);
    const need = subtract(window, (municipality && openByMunicipality.get(municipality)) || []);
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
  return gaps.sort((a, b) => a.from.getTime() - b.from.getTime() || a.regionId.localeCompare(b.regionId));
}
