import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { PlannedStep, StepNote } from '../../db/tables-off-hours.ts';
import { tokyoDateOf } from '../../platform/access/person-access.ts';
import { openOrganisations } from '../calendars/calendar.ts';
import { dutyOf, onCallAtMany, shiftsById, type Duty, type OnCallShift } from '../on-call/on-call.ts';
import type { Reached } from './channels.ts';
import * as repo from './escalations.repository.ts';

/**
 * Who an escalation step reaches when it fires, for a whole set of steps at once: each kind of
 * lookup is one query for the set (team members, calendars, rotas, memberships, staff, the
 * region's on-call, earlier steps, the shifts that took the cases), whatever the number of steps.
 *
 * The rules (README 夜間・休日の対応):
 * - team: each team organisation open now, other than the asker's (a closed one is left to the
 *   region's on-call). One with someone on duty now (a shift of its rota covering this minute) is
 *   reached through that shift's primary (its backup if the primary cannot be reached), not its
 *   named member, who may be off duty. One without anyone on duty is reached through its named
 *   team member (all its staff when none is named); if it keeps a rota but nobody is on now, the
 *   step records why.
 * - on-call primary: the region's on-call primary now.
 * - on-call backup: the backup of each shift that took the case (whose primary an earlier step
 *   reached) while the step falls before that shift's end plus its organisation's grace period;
 *   when no such backup can be asked, the region's on-call backup now. Team offices that have
 *   opened since (members not reached yet) are offered the case too.
 * - chain tier: the tier organisation's on-duty primary; else, if it is open, all its staff; a
 *   closed tier without a shift is skipped, its reason recorded.
 * - phone: everyone reached so far and the one who asked are shown the number.
 */

/** The words of the steps a plan names by kind (a chain tier and a phone carry their own). */
export const stepLabels: Record<PlannedStep['kind'], string> = {
  team: 'チーム（開いている機関・当番中の職員）',
  on_call_primary: '当番（主）',
  on_call_backup: '当番（副）',
  tier_organisation: '',
  tier_phone: '',
};

/** Who a step reaches now, and what it records. */
export interface Target {
  reached: Reached[];
  phone: string | null;
  organisationId: string | null;
  /** The shifts whose staff it reached. */
  shiftIds: string[];
  notes: StepNote[];
}

/** A step about to fire, with its case. */
export interface Firing {
  c: repo.CaseRow;
  step: PlannedStep;
}

/** A case's person and the organisation asking (which is never asked itself). */
export interface AskingAbout {
  personId: string;
  askingOrganisationId: string;
}

const nobody = (notes: StepNote[] = []): Target => ({
  reached: [],
  phone: null,
  organisationId: null,
  shiftIds: [],
  notes,
});

function unique(reached: Reached[]): Reached[] {
  const seen = new Set<string>();
  return reached.filter((r) => !seen.has(r.userId) && seen.add(r.userId));
}

/** What the team and tier rules read, looked up once for a whole set of steps. */
interface Lookups {
  teams: Map<string, { organisationId: string; userId: string | null }[]>;
  open: Set<string>;
  duty: Map<string, Duty>;
  /** Named team members still active in their organisation (`userId:organisationId`). */
  active: Set<string>;
  /** Active staff of the organisations that are open with nobody on duty. */
  staff: { userId: string; organisationId: string }[];
}

async function lookUp(
  trx: Kysely<Tables>,
  personIds: readonly string[],
  tierOrganisationIds: readonly string[],
  now: Date,
): Promise<Lookups> {
  const teams = await repo.teamsOf(trx, personIds, tokyoDateOf(now));
  const members = [...teams.values()].flat();
  const organisationIds = [...new Set([...members.map((m) => m.organisationId), ...tierOrganisationIds])];
  const open = await openOrganisations(trx, organisationIds, now);
  const duty = await dutyOf(trx, organisationIds, now);
  const active = await repo.activeMemberships(
    trx,
    members.flatMap((m) => (m.userId ? [{ userId: m.userId, organisationId: m.organisationId }] : [])),
  );
  const staff = await repo.staffOf(
    trx,
    organisationIds.filter((o) => open.has(o) && !duty.get(o)?.onDuty.length),
  );
  return { teams, open, duty, active, staff };
}

/** The person on duty a shift reaches first: its primary, else its backup. */
function onDutyReach(shift: OnCallShift): Reached {
  const who = (shift.primary ?? shift.backup)!;
  return { userId: who.userId, organisationId: shift.organisationId, phone: shift.contactPhone };
}

/** The team rule for one case (see above), leaving out users in `excluded`. */
function teamReach(l: Lookups, ask: AskingAbout, excluded: ReadonlySet<string> = new Set()): Target {
  const members = (l.teams.get(ask.personId) ?? []).filter(
    (m) => m.organisationId !== ask.askingOrganisationId,
  );
  const target = nobody();
  for (const organisationId of new Set(members.map((m) => m.organisationId))) {
    if (!l.open.has(organisationId)) continue;
    const duty = l.duty.get(organisationId);
    const shift = duty?.onDuty[0];
    if (shift) {
      target.reached.push(onDutyReach(shift));
      target.shiftIds.push(shift.id);
      continue;
    }
    if (duty?.keepsRota) target.notes.push({ code: 'rota_nobody_on_duty', organisationId });
    const named = members.filter((m) => m.organisationId === organisationId && m.userId !== null);
    const people =
      named.length > 0
        ? named.filter((m) => l.active.has(`${m.userId}:${organisationId}`)).map((m) => m.userId!)
        : l.staff.filter((x) => x.organisationId === organisationId).map((x) => x.userId);
    target.reached.push(...people.map((userId) => ({ userId, organisationId, phone: null })));
  }
  target.reached = unique(target.reached).filter((r) => !excluded.has(r.userId));
  return target;
}

/** The team step's target of each case (key `personId:asker`): also what decides whether a plan has one. */
export async function teamTargets(
  trx: Kysely<Tables>,
  asks: readonly AskingAbout[],
  now: Date,
): Promise<Map<string, Target>> {
  const l = await lookUp(
    trx,
    asks.map((a) => a.personId),
    [],
    now,
  );
  return new Map(asks.map((a) => [`${a.personId}:${a.askingOrganisationId}`, teamReach(l, a)]));
}

/** Who each step reaches now: a fixed number of queries for any number of steps. */
export async function resolveTargets(
  trx: Kysely<Tables>,
  firing: readonly Firing[],
  now: Date,
): Promise<Target[]> {
  const askOf = (c: repo.CaseRow): AskingAbout | null =>
    c.personId ? { personId: c.personId, askingOrganisationId: c.openedByOrganisationId } : null;
  const withTeam = firing.filter((f) => f.step.kind === 'team' || f.step.kind === 'on_call_backup');
  const l = await lookUp(
    trx,
    withTeam.flatMap((f) => (f.c.personId ? [f.c.personId] : [])),
    firing.flatMap((f) => (f.step.kind === 'tier_organisation' ? [f.step.organisationId!] : [])),
    now,
  );
  const onCall = await onCallAtMany(
    trx,
    firing
      .filter((f) => (f.step.kind === 'on_call_primary' || f.step.kind === 'on_call_backup') && f.c.regionId)
      .map((f) => f.c.regionId!),
    now,
  );
  const earlier = await repo.earlierStepsByCase(
    trx,
    firing.filter((f) => f.step.kind === 'tier_phone' || f.step.kind === 'on_call_backup').map((f) => f.c.id),
  );
  const takingShifts = await shiftsById(
    trx,
    firing
      .filter((f) => f.step.kind === 'on_call_backup')
      .flatMap((f) => (earlier.get(f.c.id) ?? []).flatMap((s) => s.shiftIds)),
  );

  /** The backup of a shift that took the case, if it has one and the step falls within its grace period. */
  const backupWithinGrace = (shiftId: string): { reach: Reached; shift: OnCallShift } | null => {
    const shift = takingShifts.get(shiftId);
    if (!shift?.backup || shift.cancelled) return null;
    if (now.getTime() >= shift.endsAt.getTime() + shift.backupGraceMinutes * 60_000) return null;
    return {
      reach: { userId: shift.backup.userId, organisationId: shift.organisationId, phone: shift.contactPhone },
      shift,
    };
  };

  function backupStep(c: repo.CaseRow): Target {
    const steps = earlier.get(c.id) ?? [];
    const target = nobody();
    const add = (reach: Reached, shift: OnCallShift) => {
      target.reached.push(reach);
      target.shiftIds.push(shift.id);
      target.organisationId ??= shift.organisationId;
      target.phone ??= shift.contactPhone;
      if (shift.endsAt <= now)
        target.notes.push({ code: 'backup_of_ended_shift', organisationId: shift.organisationId });
    };
    // The shifts that took the case: the region's on-call primary, and team rotas' on-duty primaries.
    const takers = [...new Set(steps.flatMap((s) => s.shiftIds))].flatMap((id) => {
      const taker = backupWithinGrace(id);
      return taker ? [taker] : [];
    });
    for (const taker of takers) add(taker.reach, taker.shift);
    if (takers.length === 0) {
      const answer = c.regionId ? onCall.get(c.regionId) : null;
      if (answer?.backup)
        add(
          {
            userId: answer.backup.userId,
            organisationId: answer.shift.organisationId,
            phone: answer.shift.contactPhone,
          },
          answer.shift,
        );
      else
        target.notes.push({
          code: answer ? 'no_backup' : 'nobody_on_call',
          organisationId: answer?.shift.organisationId ?? null,
        });
    }
    const ask = askOf(c);
    if (ask) {
      const already = new Set([
        ...steps.flatMap((s) => s.recipientUserIds),
        ...target.reached.map((r) => r.userId),
      ]);
      const opened = teamReach(l, ask, already);
      target.reached.push(...opened.reached);
      for (const organisationId of new Set(opened.reached.map((r) => r.organisationId)))
        target.notes.push({ code: 'team_opened_since', organisationId });
    }
    target.reached = unique(target.reached);
    return target;
  }

  function tierStep(organisationId: string): Target {
    const shift = l.duty.get(organisationId)?.onDuty[0];
    if (shift)
      return {
        reached: [onDutyReach(shift)],
        phone: shift.contactPhone,
        organisationId,
        shiftIds: [shift.id],
        notes: [],
      };
    if (!l.open.has(organisationId))
      return { ...nobody([{ code: 'closed_without_shift', organisationId }]), organisationId };
    return {
      reached: l.staff.filter((x) => x.organisationId === organisationId).map((x) => ({ ...x, phone: null })),
      phone: null,
      organisationId,
      shiftIds: [],
      notes: [],
    };
  }

  return firing.map(({ c, step }): Target => {
    switch (step.kind) {
      case 'team': {
        const ask = askOf(c);
        return ask ? teamReach(l, ask) : nobody();
      }
      case 'on_call_primary': {
        const answer = c.regionId ? onCall.get(c.regionId) : null;
        if (!answer?.primary)
          return nobody([{ code: 'nobody_on_call', organisationId: answer?.shift.organisationId ?? null }]);
        return {
          reached: [
            {
              userId: answer.primary.userId,
              organisationId: answer.shift.organisationId,
              phone: answer.shift.contactPhone,
            },
          ],
          phone: answer.shift.contactPhone,
          organisationId: answer.shift.organisationId,
          shiftIds: [answer.shift.id],
          notes: [],
        };
      }
      case 'on_call_backup':
        return backupStep(c);
      case 'tier_organisation':
        return tierStep(step.organisationId!);
      case 'tier_phone': {
        // The end of the chain: those already reached (and the one who asked) are shown the number to call.
        const ids = [
          ...new Set([
            ...(earlier.get(c.id) ?? []).flatMap((s) => s.recipientUserIds),
            ...(c.openedByUserId ? [c.openedByUserId] : []),
          ]),
        ];
        return {
          ...nobody(),
          reached: ids.map((userId) => ({ userId, organisationId: null, phone: null })),
          phone: step.phone ?? null,
        };
      }
    }
  });
}
