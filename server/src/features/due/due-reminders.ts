import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { memberScope } from '../../platform/access/person-access.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Job, JobQueue, JobRun } from '../../platform/jobs/job-queue.ts';
import { addDays, tokyoDate, tokyoInstant } from '../../platform/tokyo-time.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { collectDueEntries, type DueEntry } from './due-items.ts';
import * as repo from './due.repository.ts';

/**
 * Reminders that arrive: each morning the 期限 of every staff member named on a team are looked at
 * as their own due list would show them, and each item that has come into a band (90 / 60 / 30
 * days ahead, past due) is told to the staff responsible for it once — in the app and by e-mail
 * as each prefers, the e-mail saying only that there is something to read. Responsible: for a
 * plan's monitoring and review, the named staff of the plan's organisation; for certificates and
 * consents, the named staff of the organisation that leads the team (who renews them).
 */

/** The daily run: finds the staff to look at and gives each a job of their own. */
export const DUE_REMINDERS_QUEUE = 'due.reminders';
/** One staff member's reminders for the day. */
export const DUE_REMINDER_QUEUE = 'due.reminder';

/** 7:00 in Tokyo: before offices open, after the night. */
const RUN_AT_MINUTES = 7 * 60;

function runOf(day: string) {
  return { key: `due-reminders:${day}`, day, at: tokyoInstant(day, RUN_AT_MINUTES) };
}

/**
 * Enqueues today's run (at server start; nothing if it was enqueued before: its key is taken
 * once). Started after 7:00, it runs at once.
 */
export async function scheduleDueReminders(jobs: JobQueue, db: Kysely<Tables>, now: Date): Promise<void> {
  const run = runOf(tokyoDate(now));
  await jobs.enqueue(db, {
    queue: DUE_REMINDERS_QUEUE,
    key: run.key,
    payload: { day: run.day },
    runAt: run.at < now ? now : run.at,
  });
}

/** Whether the staff member, named for `organisationId`, is the one to remind of an entry. */
function isResponsible(entry: DueEntry, organisationId: string, ledPersons: ReadonlySet<string>): boolean {
  return entry.planOrganisationId !== null
    ? entry.planOrganisationId === organisationId
    : ledPersons.has(entry.item.personId);
}

export function registerDueReminders(deps: Deps, notifications: NotificationsService): void {
  const { clock, jobs } = deps;

  jobs.register(DUE_REMINDERS_QUEUE, {
    purpose: '期限のお知らせを職員ごとに用意する',
    maxAttempts: 5,
    backoffMs: () => 10 * 60_000,
    async handler(_job: Job, run: JobRun) {
      const now = clock.now();
      // The day it runs (a run held up past midnight reminds as of the day it runs).
      const today = tokyoDate(now);
      await run.transaction(async (trx) => {
        const staff = await repo.namedTeamStaff(trx, today);
        await jobs.enqueueMany(
          trx,
          staff.map((s) => ({
            queue: DUE_REMINDER_QUEUE,
            key: `due-reminder:${today}:${s.userId}:${s.organisationId}`,
            payload: { userId: s.userId, organisationId: s.organisationId },
            runAt: now,
          })),
        );
        const next = runOf(addDays(today, 1));
        await jobs.enqueue(trx, {
          queue: DUE_REMINDERS_QUEUE,
          key: next.key,
          payload: { day: next.day },
          runAt: next.at,
        });
      });
    },
  });

  jobs.register(DUE_REMINDER_QUEUE, {
    purpose: '職員に担当の期限を知らせる',
    maxAttempts: 10,
    async handler(job: Job, run: JobRun) {
      const userId = String(job.payload.userId);
      const organisationId = String(job.payload.organisationId);
      const now = clock.now();
      const scope = memberScope({ userId, organisationId }, now);
      await run.transaction(async (trx) => {
        // The staff member's own due list (named on the team, consent in SQL), narrowed to what is theirs.
        const led = await repo.personsLedBy(trx, organisationId, scope.today);
        const entries = (await collectDueEntries(trx, scope, 'mine')).filter((e) =>
          isResponsible(e, organisationId, led),
        );
        const told = await repo.markReminded(
          trx,
          entries.map((e) => ({
            userId,
            personId: e.item.personId,
            itemKey: e.itemKey,
            band: e.item.band,
            dueOn: e.item.dueOn,
          })),
          now,
        );
        if (told.length === 0) return;
        const byKey = new Map(entries.map((e) => [`${e.itemKey}|${e.item.band}`, e.item]));
        const reminders = told.map((t) => ({ id: t.id, item: byKey.get(`${t.itemKey}|${t.band}`)! }));
        // The payload names kinds and a count of days, never the person (the e-mail says less still).
        await notifications.notifyMany(
          trx,
          run.context,
          reminders.map(({ id, item }) => ({
            userIds: [userId],
            kind: 'due_reminder',
            personId: item.personId,
            subjectId: id,
            payload: {
              dueKind: item.kind,
              band: item.band,
              daysLeft: String(item.daysLeft),
              planKind: item.planKind,
              certificateKind: item.certificateKind,
            },
          })),
        );
        for (const { id, item } of reminders)
          await recordAudit(trx, run.context, {
            action: 'due.reminder',
            targetType: 'due_reminder',
            targetId: id,
            personId: item.personId,
            details: { kind: item.kind, band: item.band, notified: userId },
          });
      });
    },
  });
}
