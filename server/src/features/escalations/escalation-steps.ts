import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { PlannedStep } from '../../db/tables-off-hours.ts';
import { tokyoDateOf } from '../../platform/access/person-access.ts';
import type { Deps } from '../../platform/deps.ts';
import type { EnqueueRequest, Job } from '../../platform/jobs/job-queue.ts';
import { openOrganisations } from '../calendars/calendar.ts';
import type { HandoverNote, HandoverService } from '../handover/handover.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { onCallAtMany, onCallBetween } from '../on-call/on-call.ts';
import type { Channels, Reached } from './channels.ts';
import * as repo from './escalations.repository.ts';

export const ESCALATION_QUEUE = 'escalation';

/** A step whose time has come: the job's payload and due time. */
interface DueStep {
  caseId: string;
  position: number;
  dueAt: Date;
}

/** Who a step reaches now, and what it records. */
interface Target {
  reached: Reached[];
  phone: string | null;
  organisationId: string | null;
}

const nobody: Target = { reached: [], phone: null, organisationId: null };

/** The team members whose organisations are open at `now`, other than the one asking. */
export interface AskingAbout {
  personId: string;
  askingOrganisationId: string;
}

/** Each person's team members at organisations open at `now`, other than the asking one (key `personId:asker`). */
export async function openTeams(trx: Kysely<Tables>, asks: readonly AskingAbout[], now: Date) {
  const teams = await repo.teamsOf(
    trx,
    asks.map((a) => a.personId),
    tokyoDateOf(now),
  );
  const open = await openOrganisations(
    trx,
    [...new Set([...teams.values()].flat().map((m) => m.organisationId))],
    now,
  );
  return new Map(
    asks.map((a) => [
      `${a.personId}:${a.askingOrganisationId}`,
      (teams.get(a.personId) ?? []).filter(
        (m) => m.organisationId !== a.askingOrganisationId && open.has(m.organisationId),
      ),
    ]),
  );
}

function unique(reached: Reached[]): Reached[] {
  const seen = new Set<string>();
  return reached.filter((r) => !seen.has(r.userId) && seen.add(r.userId));
}

/**
 * Firing escalation steps (the job handler), many at once: a region-wide night can bring hundreds
 * of steps due in the same second, and each statement here serves all of them — lock the cases,
 * look up who is on call once per region, insert the steps, notifications, live events, handover
 * entries, deliveries and next steps each in one statement — so the cost per step is rows, not
 * round trips. One step alone runs the same code.
 */
export function createStepFiring(
  deps: Deps,
  s: { notifications: NotificationsService; handover: HandoverService; channels: Channels },
) {
  const { db, clock, jobs, bus } = deps;

  /** Who each step reaches now (a fixed number of queries per kind of step, whatever their number). */
  async function resolveAll(
    trx: Kysely<Tables>,
    firing: readonly { c: repo.CaseRow; step: PlannedStep }[],
    now: Date,
  ): Promise<Target[]> {
    const teamAsks = firing
      .filter((f) => f.step.kind === 'team' && f.c.personId)
      .map((f) => ({ personId: f.c.personId!, askingOrganisationId: f.c.openedByOrganisationId }));
    const teams = await openTeams(trx, teamAsks, now);
    const members = [...teams.values()].flat();
    const active = await repo.activeMemberships(
      trx,
      members
        .filter((m) => m.userId !== null)
        .map((m) => ({ userId: m.userId!, organisationId: m.organisationId })),
    );
    const unnamedOrganisations = [
      ...new Set(members.filter((m) => m.userId === null).map((m) => m.organisationId)),
    ];
    const staffOfUnnamed = await repo.staffOf(trx, unnamedOrganisations);

    const onCallRegions = firing
      .filter((f) => (f.step.kind === 'on_call_primary' || f.step.kind === 'on_call_backup') && f.c.regionId)
      .map((f) => f.c.regionId!);
    const onCall = await onCallAtMany(trx, onCallRegions, now);

    const earlier = await repo.recipientsByCase(
      trx,
      firing.filter((f) => f.step.kind === 'tier_phone').map((f) => f.c.id),
    );

    // A chain's tier is the same organisation for every case of its region: look it up once.
    const tiers = new Map<string, Target>();
    async function tierOrganisation(organisationId: string): Promise<Target> {
      const known = tiers.get(organisationId);
      if (known) return known;
      const shifts = await onCallBetween(trx, { organisationId }, now, new Date(now.getTime() + 1));
      const onDuty = shifts.find((x) => x.primary ?? x.backup);
      const who = onDuty?.primary ?? onDuty?.backup;
      const target =
        onDuty && who
          ? {
              reached: [{ userId: who.userId, organisationId, phone: onDuty.contactPhone }],
              phone: onDuty.contactPhone,
              organisationId,
            }
          : {
              reached: (await repo.staffOf(trx, [organisationId])).map((x) => ({ ...x, phone: null })),
              phone: null,
              organisationId,
            };
      tiers.set(organisationId, target);
      return target;
    }

    const targets: Target[] = [];
    for (const { c, step } of firing) {
      switch (step.kind) {
        case 'team': {
          if (!c.personId) {
            targets.push(nobody);
            break;
          }
          const team = teams.get(`${c.personId}:${c.openedByOrganisationId}`) ?? [];
          const named = team.filter((m) => m.userId !== null);
          const unnamed = new Set(
            team
              .filter((m) => m.userId === null && !named.some((n) => n.organisationId === m.organisationId))
              .map((m) => m.organisationId),
          );
          targets.push({
            reached: unique([
              ...named
                .filter((m) => active.has(`${m.userId}:${m.organisationId}`))
                .map((m) => ({ userId: m.userId!, organisationId: m.organisationId, phone: null })),
              ...staffOfUnnamed
                .filter((x) => unnamed.has(x.organisationId))
                .map((x) => ({ ...x, phone: null })),
            ]),
            phone: null,
            organisationId: null,
          });
          break;
        }
        case 'on_call_primary':
        case 'on_call_backup': {
          const answer = c.regionId ? onCall.get(c.regionId) : null;
          const who = step.kind === 'on_call_primary' ? answer?.primary : answer?.backup;
          targets.push(
            answer && who
              ? {
                  reached: [
                    {
                      userId: who.userId,
                      organisationId: who.organisationId,
                      phone: answer.shift.contactPhone,
                    },
                  ],
                  phone: answer.shift.contactPhone,
                  organisationId: who.organisationId,
                }
              : nobody,
          );
          break;
        }
        case 'tier_organisation':
          targets.push(await tierOrganisation(step.organisationId!));
          break;
        case 'tier_phone': {
          // The end of the chain: those already reached (and the one who asked) are shown the number to call.
          const ids = [
            ...new Set([...(earlier.get(c.id) ?? []), ...(c.openedByUserId ? [c.openedByUserId] : [])]),
          ];
          targets.push({
            reached: ids.map((userId) => ({ userId, organisationId: null, phone: null })),
            phone: step.phone ?? null,
            organisationId: null,
          });
          break;
        }
      }
    }
    return targets;
  }

  /** Live events for some users' screens (the case page and lists refresh). */
  async function tell(
    trx: Kysely<Tables>,
    events: readonly { caseId: string; kind: string; userIds: string[] }[],
  ) {
    await bus.publishMany(
      trx,
      events
        .filter((e) => e.userIds.length > 0)
        .map((e) => ({
          kind: e.kind,
          subjectId: e.caseId,
          payload: { userIds: [...new Set(e.userIds)], caseId: e.caseId },
        })),
    );
  }

  /** Steps past the end of their plan: the case is exhausted; the one who asked is told. */
  async function exhaust(trx: Kysely<Tables>, cases: readonly repo.CaseRow[], now: Date) {
    if (cases.length === 0) return;
    await repo.setCasesStatus(
      trx,
      cases.map((c) => c.id),
      'exhausted',
      now,
    );
    await tell(
      trx,
      cases.map((c) => ({
        caseId: c.id,
        kind: 'urgent.exhausted',
        userIds: [c.openedByUserId].filter((u) => u !== null),
      })),
    );
    await s.handover.noteMany(
      trx,
      cases
        .filter((c) => c.personId !== null)
        .map((c) => ({
          kind: 'case_exhausted',
          personId: c.personId!,
          caseId: c.id,
          occurredAt: now,
          key: `case:${c.id}:exhausted`,
        })),
    );
  }

  /**
   * Fires due steps in one transaction. Each runs again harmlessly after a crash: a step that
   * already fired is not recorded twice (UNIQUE per case and position) and has no effect again;
   * its next step's job is keyed, so it is enqueued once.
   */
  async function fireSteps(due: readonly DueStep[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const cases = await repo.lockCases(
        trx,
        due.map((d) => d.caseId),
      );
      const now = clock.now();
      const open = due.flatMap((d) => {
        const c = cases.get(d.caseId);
        return c?.status === 'open' ? [{ ...d, c }] : [];
      });
      await exhaust(
        trx,
        open.filter((d) => d.position >= d.c.plan.length).map((d) => d.c),
        now,
      );
      const firing = open
        .filter((d) => d.position < d.c.plan.length)
        .map((d) => ({ ...d, step: d.c.plan[d.position]! }));
      if (firing.length === 0) return;
      const targets = await resolveAll(trx, firing, now);
      const stepIds = await repo.insertSteps(
        trx,
        firing.map((f, i) => ({
          caseId: f.c.id,
          position: f.position,
          kind: f.step.kind,
          organisationId: targets[i]!.organisationId ?? f.step.organisationId ?? null,
          phone: targets[i]!.phone ?? f.step.phone ?? null,
          label: f.step.label,
          recipientUserIds: targets[i]!.reached.map((r) => r.userId),
          dueAt: f.dueAt,
          firedAt: now,
        })),
      );
      const fired = firing.flatMap((f, i) => {
        const stepId = stepIds.get(`${f.c.id}:${f.position}`);
        const target = targets[i]!;
        return stepId && target.reached.length > 0 ? [{ ...f, stepId, target }] : [];
      });
      await s.notifications.notifyMany(
        trx,
        fired.map(({ c, step, stepId, target }) => ({
          userIds: target.reached.map((r) => r.userId),
          kind: step.kind === 'tier_phone' ? 'urgent_call' : 'urgent_case',
          personId: null,
          subjectId: stepId,
          priority: c.priority,
          payload: {
            caseId: c.id,
            organisationId: c.openedByOrganisationId,
            label: step.label,
            ...(step.kind === 'tier_phone' && step.phone ? { phone: step.phone } : {}),
          },
        })),
      );
      await s.channels.deliver(
        trx,
        fired.map(({ c, position, stepId, target }) => ({
          caseId: c.id,
          stepId,
          position,
          priority: c.priority,
          reached: target.reached,
          occurredAt: now,
        })),
      );
      await tell(
        trx,
        fired.map(({ c, target }) => ({
          caseId: c.id,
          kind: 'urgent.step',
          userIds: [...target.reached.map((r) => r.userId), ...(c.openedByUserId ? [c.openedByUserId] : [])],
        })),
      );
      await s.handover.noteMany(
        trx,
        fired.flatMap(({ c, stepId }): HandoverNote[] =>
          c.personId
            ? [
                {
                  kind: 'step_fired',
                  personId: c.personId,
                  caseId: c.id,
                  stepId,
                  occurredAt: now,
                  key: `step:${stepId}`,
                },
              ]
            : [],
        ),
      );
      // Nobody to reach at this step: go on at once; otherwise wait for an acknowledgement.
      const waits = new Map<string, number>();
      const next: EnqueueRequest[] = [];
      for (const [i, f] of firing.entries()) {
        const waitKey = `${f.c.regionId}:${f.c.priority}`;
        if (targets[i]!.reached.length > 0 && !waits.has(waitKey))
          waits.set(waitKey, await repo.ackMinutesFor(trx, f.c.regionId, f.c.priority));
        const waitMinutes = targets[i]!.reached.length === 0 ? 0 : waits.get(waitKey)!;
        next.push({
          queue: ESCALATION_QUEUE,
          key: `escalation:${f.c.id}:${f.position + 1}`,
          payload: { caseId: f.c.id, position: f.position + 1 },
          runAt: new Date(now.getTime() + waitMinutes * 60_000),
        });
      }
      await jobs.enqueueMany(trx, next);
    });
  }

  const dueStepOf = (job: Job): DueStep => ({
    caseId: String(job.payload.caseId),
    position: Number(job.payload.position),
    dueAt: job.runAt,
  });

  jobs.register(ESCALATION_QUEUE, {
    maxAttempts: 30,
    backoffMs: (n) => Math.min(30_000, 500 * 2 ** (n - 1)),
    handler: (job) => fireSteps([dueStepOf(job)]),
    // 200 at a time: a burst of due steps fires in sets of 200 (a few statements each), short
    // enough that an acknowledgement waiting on a case's lock waits a fraction of a second.
    together: { size: 200, handler: (batch) => fireSteps(batch.map(dueStepOf)) },
  });

  return { tell };
}
