import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { HandoverEntryKind } from '../../db/tables-off-hours.ts';
import { handoverListOf } from '../../platform/access/handover-policy.ts';
import {
  loadPersonAccess,
  personScope,
  tokyoDateOf,
  type PersonAccess,
} from '../../platform/access/person-access.ts';
import { allows } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type Context, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import type { EnqueueRequest, Job, JobRun } from '../../platform/jobs/job-queue.ts';
import { nextOpenings, openOrganisations } from '../calendars/calendar.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import * as repo from './handover.repository.ts';

export const HANDOVER_QUEUE = 'handover';

export interface HandoverNote {
  kind: HandoverEntryKind;
  personId: string;
  caseId?: string | null;
  stepId?: string | null;
  consultationId?: string | null;
  occurredAt: Date;
  /** Unique per organisation: the same event noted twice is one entry. */
  key: string;
}

/**
 * 申し送り: what happened off-hours about a person reaches, at its next opening, each organisation
 * that leads the person's team and the person's municipal office — in the app and by e-mail
 * (which says only that there is a handover to read) — and stays on the handover page until
 * someone there confirms it. An event while an organisation is open is not off-hours for it.
 */
export function createHandoverService(
  deps: Deps,
  { notifications }: { notifications: NotificationsService },
) {
  const { db, clock, jobs } = deps;

  jobs.register(HANDOVER_QUEUE, {
    purpose: '開所時刻の申し送りをまとめて届ける',
    maxAttempts: 20,
    backoffMs: (n) => Math.min(10 * 60_000, 5_000 * 2 ** (n - 1)),
    async handler(job: Job, run: JobRun) {
      const { organisationId, openingAt, addendum } = job.payload as {
        organisationId: string;
        openingAt: string;
        addendum?: boolean;
      };
      if (!allows(run.context, 'handover.gather', { kind: 'handover', organisationId })) return;
      await run.transaction(async (trx) => {
        const tell = async (kind: 'handover' | 'handover_addendum', handoverId: string, entries: number) => {
          const staff = await notifications.activeStaffOf(trx, run.context, [organisationId]);
          await notifications.notify(trx, run.context, staff, {
            kind,
            personId: null,
            subjectId: handoverId,
            payload: { organisationId, entries: String(entries), openingAt },
          });
        };
        if (addendum) {
          const gathered = await repo.gatherAddendum(trx, organisationId, new Date(openingAt), clock.now());
          // The opening's own gathering has not run yet: try again after it, which may take them itself.
          if (!gathered) throw new Error('the handover of this opening is not gathered yet');
          if (gathered.handoverId) await tell('handover_addendum', gathered.handoverId, gathered.entries);
          return;
        }
        const gathered = await repo.gather(trx, organisationId, new Date(openingAt), clock.now());
        if (!gathered.created || gathered.entries === 0) return;
        await tell('handover', gathered.handoverId, gathered.entries);
      });
    },
  });

  /**
   * Entries noted after their opening (a call at 2:00 written up at 9:30): the opening's handover
   * may already be gathered, and its job key is taken for ever. An organisation open now gets an
   * addendum at once (one job per late entry, each gathering whatever is left, so none is lost to
   * the key); one closed now finds them in the handover of its next opening.
   */
  async function lateGatherings(
    trx: Kysely<Tables>,
    late: readonly { organisationId: string; opening: Date; key: string }[],
    now: Date,
  ): Promise<EnqueueRequest[]> {
    if (late.length === 0) return [];
    const ids = [...new Set(late.map((l) => l.organisationId))];
    const open = await openOrganisations(trx, ids, now);
    const next = await nextOpenings(
      trx,
      ids.filter((id) => !open.has(id)),
      now,
    );
    return late.flatMap((l): EnqueueRequest[] => {
      const openingAt = l.opening.toISOString();
      if (open.has(l.organisationId))
        return [
          {
            queue: HANDOVER_QUEUE,
            key: `handover:${l.organisationId}:${openingAt}:late:${l.key}`,
            payload: { organisationId: l.organisationId, openingAt, addendum: true },
            runAt: now,
          },
        ];
      const following = next.get(l.organisationId);
      return following
        ? [
            {
              queue: HANDOVER_QUEUE,
              key: `handover:${l.organisationId}:${following.toISOString()}`,
              payload: { organisationId: l.organisationId, openingAt: following.toISOString() },
              runAt: following,
            },
          ]
        : [];
    });
  }

  return {
    /** Notes an off-hours event for the organisations that must hear of it at their next opening. */
    async note(trx: Kysely<Tables>, ctx: Context, n: HandoverNote): Promise<void> {
      await this.noteMany(trx, ctx, [n]);
    },

    /** note for several events at once: a fixed number of statements per instant they occurred at. */
    async noteMany(trx: Kysely<Tables>, _ctx: Context, notes: readonly HandoverNote[]): Promise<void> {
      const now = clock.now();
      const byInstant = new Map<number, HandoverNote[]>();
      for (const n of notes)
        byInstant.set(n.occurredAt.getTime(), [...(byInstant.get(n.occurredAt.getTime()) ?? []), n]);
      for (const [time, group] of byInstant) {
        const occurredAt = new Date(time);
        const recipients = await repo.handoverRecipients(
          trx,
          group.map((n) => n.personId),
          tokyoDateOf(occurredAt),
        );
        const ids = [...new Set([...recipients.values()].flat().map((r) => r.organisationId))];
        if (ids.length === 0) continue;
        const open = await openOrganisations(trx, ids, occurredAt);
        const closed = ids.filter((id) => !open.has(id));
        if (closed.length === 0) continue;
        const openings = await nextOpenings(trx, closed, occurredAt);
        const entries: repo.NewHandoverEntry[] = [];
        const gatherings: EnqueueRequest[] = [];
        const late: { organisationId: string; opening: Date; key: string }[] = [];
        for (const n of group) {
          for (const r of recipients.get(n.personId) ?? []) {
            const opening = openings.get(r.organisationId);
            if (!opening) continue;
            if (opening.getTime() <= now.getTime())
              late.push({ organisationId: r.organisationId, opening, key: n.key });
            entries.push({
              organisationId: r.organisationId,
              reason: r.reason,
              kind: n.kind,
              occurredAt: n.occurredAt,
              personId: n.personId,
              caseId: n.caseId ?? null,
              stepId: n.stepId ?? null,
              consultationId: n.consultationId ?? null,
              dedupeKey: n.key,
            });
            gatherings.push({
              queue: HANDOVER_QUEUE,
              key: `handover:${r.organisationId}:${opening.toISOString()}`,
              payload: { organisationId: r.organisationId, openingAt: opening.toISOString() },
              runAt: opening,
            });
          }
        }
        await repo.insertEntries(trx, entries);
        await jobs.enqueueMany(trx, [...gatherings, ...(await lateGatherings(trx, late, now))]);
      }
    },

    async list(ctx: RequestContext) {
      const ours = handoverListOf(actorOf(ctx));
      if (!ours) return [];
      const rows = await repo.listHandovers(db, ours.organisationId, 60);
      return rows.map((r) => ({
        id: r.id,
        openingAt: r.openingAt.toISOString(),
        addendumOf: r.addendumOf,
        createdAt: r.createdAt.toISOString(),
        confirmedAt: r.confirmedAt?.toISOString() ?? null,
        confirmedByName: r.confirmedByName ?? null,
        entries: Number(r.entries ?? 0),
      }));
    },

    /**
     * One handover with its entries, read in the transaction of its audit row: a person's name
     * where the policy lets the reader see the person, a consultation's outcome where it lets them
     * read the consultation (an entry about a person hidden from them says what happened, not what
     * was said).
     */
    async get(ctx: RequestContext, id: string) {
      const h = await repo.findHandover(db, id);
      if (!h || !allows(ctx, 'handover.read', { kind: 'handover', organisationId: h.organisationId })) {
        await recordAuditAlone(db, ctx, {
          action: 'handover.read',
          outcome: 'denied',
          targetType: 'handover',
          targetId: id,
        });
        throw new NotFound('申し送り');
      }
      const scope = personScope(actorOf(ctx), clock.now());
      const entries = await db.transaction().execute(async (trx) => {
        const rows = await repo.entriesOf(trx, id);
        const access = new Map<string, PersonAccess | null>();
        for (const personId of new Set(rows.map((e) => e.personId).filter((p) => p !== null)))
          access.set(personId, await loadPersonAccess(trx, scope, personId));
        const shown = rows.map((e) => {
          const person = e.personId ? (access.get(e.personId) ?? null) : null;
          const named = person !== null && allows(ctx, 'person.read', { kind: 'person', access: person });
          const consultationRead =
            e.consultationOrganisationId !== null &&
            allows(ctx, 'consultation.read', {
              kind: 'consultation',
              organisationId: e.consultationOrganisationId,
              followUpOrganisationId: e.consultationFollowUpOrganisationId,
              hasPerson: e.personId !== null,
              person,
            });
          return { e, named, consultationRead };
        });
        await recordAudit(trx, ctx, {
          action: 'handover.read',
          targetType: 'handover',
          targetId: id,
          details: {
            persons: [...new Set(shown.filter((x) => x.named).map((x) => x.e.personId))],
            entries: rows.length,
          },
        });
        return shown;
      });
      return {
        id: h.id,
        openingAt: h.openingAt.toISOString(),
        addendumOf: h.addendumOf,
        createdAt: h.createdAt.toISOString(),
        confirmedAt: h.confirmedAt?.toISOString() ?? null,
        confirmedByName: h.confirmedByName ?? null,
        entries: entries.map(({ e, named, consultationRead }) => ({
          id: e.id,
          reason: e.reason,
          kind: e.kind,
          occurredAt: e.occurredAt.toISOString(),
          personId: named ? e.personId : null,
          personName: named ? e.personName : null,
          personHidden: e.personId !== null && !named,
          caseId: e.caseId,
          consultationId: e.consultationId,
          priority: e.priority,
          caseStatus: e.caseStatus,
          openedByOrganisationName: e.openedByOrganisationName,
          acknowledgedByName: e.acknowledgedByName,
          acknowledgedByOrganisationName: e.acknowledgedByOrganisationName,
          acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
          stepLabel: e.stepLabel,
          stepRecipients: e.stepRecipients ?? [],
          consultationOrganisationName: e.consultationOrganisationName,
          consultationOutcome: consultationRead ? e.consultationOutcome : null,
          consultationFollowUp: e.consultationFollowUp,
        })),
      };
    },

    async confirm(ctx: RequestContext, id: string) {
      const actor = actorOf(ctx);
      const h = await repo.findHandover(db, id);
      if (!h || !allows(ctx, 'handover.confirm', { kind: 'handover', organisationId: h.organisationId }))
        throw new NotFound('申し送り');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.confirm(trx, id, actor.userId, clock.now())))
          throw new Conflict('ALREADY_CONFIRMED', 'この申し送りは確認済みです。');
        await recordAudit(trx, ctx, { action: 'handover.confirm', targetType: 'handover', targetId: id });
      });
      return this.get(ctx, id);
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
