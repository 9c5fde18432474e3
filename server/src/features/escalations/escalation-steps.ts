import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { PlannedStep } from '../../db/tables-off-hours.ts';
import { allows } from '../../platform/access/policy.ts';
import type { SystemContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import type { EnqueueRequest, Job, JobRun } from '../../platform/jobs/job-queue.ts';
import type { HandoverNote, HandoverService } from '../handover/handover.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { caseResource } from './case-viewer.ts';
import type { Channels, Reached } from './channels.ts';
import * as repo from './escalations.repository.ts';
import { resolveTargets, type Target } from './step-targets.ts';

export const ESCALATION_QUEUE = 'escalation';

/** A step whose time has come: the job's payload and due time. */
interface DueStep {
  caseId: string;
  position: number;
  dueAt: Date;
}

/** A step recorded as it fired, with whom it reached. */
interface Fired extends DueStep {
  c: repo.CaseRow;
  step: PlannedStep;
  stepId: string;
  target: Target;
}

/**
 * Firing escalation steps (the job handler), many at once: a region-wide night can bring hundreds
 * of steps due in the same second, and each statement here serves all of them — lock the cases,
 * look up whom they reach (step-targets.ts: one query per kind of lookup), insert the steps,
 * notifications, live events, handover entries, deliveries and next steps each in one statement —
 * so the cost per step is rows, not round trips. One step alone runs the same code.
 */
export function createStepFiring(
  deps: Deps,
  s: { notifications: NotificationsService; handover: HandoverService; channels: Channels },
) {
  const { clock, jobs, bus } = deps;

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
  async function exhaust(trx: Kysely<Tables>, ctx: SystemContext, cases: readonly repo.CaseRow[], now: Date) {
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
      ctx,
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

  /** Someone a fired step tells, and what: its recipients are asked; the asker hears of a step that reached no one. */
  interface Telling {
    f: Fired;
    reached: Reached[];
    kind: 'urgent_case' | 'urgent_call' | 'urgent_unreached';
    payload: Record<string, unknown>;
  }

  /**
   * What fired steps tell, at once on every channel whatever the recipient's quiet hours: in the
   * app and live, by push and e-mail, and through the SMS gateway to those asked to respond. A
   * step that reached no one (当番不在) is told to the one who asked, with the next tier and the
   * number to call (not through the gateway). One statement per channel for the whole set.
   */
  async function announce(trx: Kysely<Tables>, ctx: SystemContext, inserted: readonly Fired[], now: Date) {
    const tellings: Telling[] = inserted.flatMap((f): Telling[] => {
      const { c, step, position, target } = f;
      if (target.reached.length > 0)
        return [
          {
            f,
            reached: target.reached,
            kind: step.kind === 'tier_phone' ? 'urgent_call' : 'urgent_case',
            payload: step.kind === 'tier_phone' && step.phone ? { phone: step.phone } : {},
          },
        ];
      if (c.openedByUserId === null || step.kind === 'tier_phone') return [];
      return [
        {
          f,
          reached: [{ userId: c.openedByUserId, organisationId: c.openedByOrganisationId, phone: null }],
          kind: 'urgent_unreached',
          payload: {
            next: c.plan[position + 1]?.label ?? null,
            phone: c.plan.find((p) => p.kind === 'tier_phone')?.phone ?? null,
          },
        },
      ];
    });
    await s.notifications.notifyMany(
      trx,
      ctx,
      tellings.map(({ f, reached, kind, payload }) => ({
        userIds: reached.map((r) => r.userId),
        kind,
        // Named in the app where the reader's consent reaches the person, decided when it is read.
        personId: f.c.personId,
        subjectId: f.stepId,
        priority: f.c.priority,
        atOnce: true,
        payload: {
          caseId: f.c.id,
          organisationId: f.c.openedByOrganisationId,
          label: f.step.label,
          ...payload,
        },
      })),
    );
    await s.channels.deliver(
      trx,
      tellings.map(({ f, reached, kind }) => ({
        caseId: f.c.id,
        stepId: f.stepId,
        position: f.position,
        priority: f.c.priority,
        reached,
        occurredAt: now,
        ...(kind === 'urgent_unreached' ? { notice: 'unreached' as const } : {}),
      })),
    );
  }

  /**
   * Fires due steps in one transaction. Each runs again harmlessly after a crash: a step that
   * already fired is not recorded twice (UNIQUE per case and position) and has no effect again;
   * its next step's job is keyed, so it is enqueued once. The transaction keeps to the job's
   * time (`run.transaction`): past it, it rolls back and the steps fire on the retry.
   */
  async function fireSteps(due: readonly DueStep[], run: JobRun): Promise<void> {
    await run.transaction(async (trx) => {
      const cases = await repo.lockCases(
        trx,
        due.map((d) => d.caseId),
      );
      const now = clock.now();
      // A step fires only while its case is open (the policy's escalate, the system's alone).
      const open = due.flatMap((d) => {
        const c = cases.get(d.caseId);
        return c && allows(run.context, 'urgent_case.escalate', caseResource(c, null)) ? [{ ...d, c }] : [];
      });
      await exhaust(
        trx,
        run.context,
        open.filter((d) => d.position >= d.c.plan.length).map((d) => d.c),
        now,
      );
      const firing = open
        .filter((d) => d.position < d.c.plan.length)
        .map((d) => ({ ...d, step: d.c.plan[d.position]! }));
      if (firing.length === 0) return;
      const targets = await resolveTargets(trx, firing, now);
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
          shiftIds: targets[i]!.shiftIds,
          notes: JSON.stringify(targets[i]!.notes),
          dueAt: f.dueAt,
          firedAt: now,
        })),
      );
      const inserted = firing.flatMap((f, i): Fired[] => {
        const stepId = stepIds.get(`${f.c.id}:${f.position}`);
        return stepId ? [{ ...f, stepId, target: targets[i]! }] : [];
      });
      await announce(trx, run.context, inserted, now);
      await tell(
        trx,
        inserted.map(({ c, target }) => ({
          caseId: c.id,
          kind: 'urgent.step',
          userIds: [...target.reached.map((r) => r.userId), ...(c.openedByUserId ? [c.openedByUserId] : [])],
        })),
      );
      await s.handover.noteMany(
        trx,
        run.context,
        inserted.flatMap(({ c, stepId, target }): HandoverNote[] =>
          c.personId
            ? [
                {
                  kind: target.reached.length > 0 ? 'step_fired' : 'step_unreached',
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
    purpose: '至急・緊急の連絡を次の段階へ送る',
    maxAttempts: 30,
    backoffMs: (n) => Math.min(30_000, 500 * 2 ** (n - 1)),
    // A chain that stops must not stop silently: failures and hangs are told to the system admins.
    watched: true,
    timeoutMs: 60_000,
    handler: (job, run) => fireSteps([dueStepOf(job)], run),
    // 200 at a time: a burst of due steps fires in sets of 200 (a few statements each), short
    // enough that an acknowledgement waiting on a case's lock waits a fraction of a second.
    together: { size: 200, handler: (batch, run) => fireSteps(batch.map(dueStepOf), run) },
  });

  return { tell };
}
