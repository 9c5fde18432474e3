import type { Kysely } from 'kysely';
import type { Consultation, ConsultationListQuery, RecordConsultationBody } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import {
  consultationLogOf,
  consultationScope,
  type ConsultationResource,
} from '../../platform/access/consultation-policy.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { loadPersonAccess, personScope } from '../../platform/access/person-access.ts';
import { openPerson } from '../../platform/access/person-guard.ts';
import { allows } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { addDays, tokyoDate, tokyoInstant } from '../../platform/tokyo-time.ts';
import type { EscalationsService } from '../escalations/escalations.service.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { HandoverService } from '../handover/handover.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import * as repo from './consultations.repository.ts';

/** A call may be written down a little after it came in, never before it did. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DEFAULT_DAYS = 30;

/** A consultation as the API returns it; the person named where the reader may see them (decided in SQL). */
function toConsultation(r: repo.ConsultationRow): Consultation {
  return {
    id: r.id,
    receivedAt: new Date(r.receivedAt).toISOString(),
    channel: r.channel,
    callerRelationship: r.callerRelationship,
    callerName: r.callerName,
    callerPhone: r.callerPhone,
    person: r.personId ? { id: r.personId, name: r.personName } : null,
    personDescription: r.personDescription,
    asked: r.asked,
    done: r.done,
    outcome: r.outcome,
    priority: r.priority,
    followUp: {
      needed: r.followUpNeeded,
      organisationName: r.followUpOrganisationName,
      userName: r.followUpUserName,
      note: r.followUpNote,
    },
    receivedBy: { name: r.receivedByName, organisationName: r.organisationName },
    urgentCaseId: r.urgentCaseId,
    callerMayBeExcluded: r.callerMayBeExcluded,
  };
}

/**
 * 緊急時の相談対応記録: who called, when, about whom (or someone not yet known), what was asked,
 * what was done, the outcome and who follows up. A 至急 or 緊急 consultation about a known person
 * is routed like an urgent message (open offices of the team, else on call, then up the chain),
 * and every one about a person reaches the next-morning handover of their team lead and
 * municipality. The log is the receiving organisation's; the follow-up organisation reads the
 * entries assigned to it.
 */
export function createConsultationsService(
  deps: Deps,
  s: {
    notifications: NotificationsService;
    handover: HandoverService;
    escalations: Pick<EscalationsService, 'open'>;
    exclusions: Pick<ExclusionsService, 'guard'>;
  },
) {
  const { db, clock } = deps;

  async function checkFollowUp(body: RecordConsultationBody): Promise<void> {
    const organisationId = body.followUpOrganisationId ?? null;
    const userId = body.followUpUserId ?? null;
    if (!body.followUpNeeded) {
      if (organisationId || userId)
        throw new Invalid(
          'followUpNeeded',
          'フォローする機関・担当者を選ぶときは「フォローが必要」にしてください。',
        );
      return;
    }
    if (!organisationId && !userId)
      throw new Invalid(
        'followUpOrganisationId',
        'フォローが必要なときは、フォローする機関か担当者を選んでください。',
      );
    if (organisationId && !(await repo.organisationExists(db, organisationId)))
      throw new Invalid('followUpOrganisationId', 'フォローする機関が見つかりません。');
    if (userId && !(await repo.isMember(db, userId, organisationId)))
      throw new Invalid(
        'followUpUserId',
        organisationId
          ? 'フォローする担当者は、選んだ機関の職員から選んでください。'
          : 'フォローする担当者が見つかりません。',
      );
  }

  /** A consultation as the policy sees it for the reader (their access to its person loaded in `executor`). */
  async function consultationFor(
    executor: Kysely<Tables>,
    ctx: RequestContext,
    row: repo.ConsultationRow,
  ): Promise<ConsultationResource> {
    const person = row.personId
      ? await loadPersonAccess(executor, personScope(actorOf(ctx), clock.now()), row.personId)
      : null;
    return {
      kind: 'consultation',
      organisationId: row.organisationId,
      followUpOrganisationId: row.followUpOrganisationId,
      hasPerson: row.personId !== null,
      person,
    };
  }

  return {
    async record(ctx: RequestContext, body: RecordConsultationBody): Promise<Consultation> {
      const actor = actorOf(ctx);
      const personId = body.personId ?? null;
      // A person outside the caller's scope answers 404 (openPerson); the policy says who may record.
      const gate = personId ? await openPerson(deps, ctx, personId, 'consultation.record') : null;
      await requireAbility(
        db,
        ctx,
        'consultation.record',
        {
          kind: 'consultation',
          organisationId: null,
          followUpOrganisationId: null,
          hasPerson: personId !== null,
          person: gate?.access ?? null,
        },
        { type: 'consultation', id: null },
      );
      const organisationId = actor.organisationId!;
      const now = clock.now();
      const receivedAt = body.receivedAt ? new Date(body.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
        throw new Invalid('receivedAt', '受付日時が未来になっています。');
      if (!personId && !body.personDescription?.trim() && body.priority !== 'normal')
        throw new Invalid(
          'personDescription',
          '本人が分からない至急・緊急の相談は、本人の様子や特徴を書いてください。',
        );
      await checkFollowUp(body);
      // A caller who may be someone the person must never be told of is flagged before saving.
      const callerMayBeExcluded =
        personId !== null &&
        (await s.exclusions.guard(
          db,
          ctx,
          personId,
          [
            {
              who: { name: body.callerName, phone: body.callerPhone },
              field: body.callerName ? 'callerName' : 'callerPhone',
            },
          ],
          body.excludedContactConfirmed === true,
        ));
      return db.transaction().execute(async (trx) => {
        const id = await repo.insertConsultation(trx, {
          organisationId,
          receivedByUserId: actor.userId,
          receivedAt,
          channel: body.channel,
          callerRelationship: body.callerRelationship,
          callerName: body.callerName?.trim() || null,
          callerPhone: body.callerPhone?.trim() || null,
          personId,
          personDescription: body.personDescription?.trim() || null,
          asked: body.asked.trim(),
          done: body.done.trim(),
          outcome: body.outcome.trim(),
          priority: body.priority,
          followUpNeeded: body.followUpNeeded,
          followUpOrganisationId: body.followUpOrganisationId ?? null,
          followUpUserId: body.followUpUserId ?? null,
          followUpNote: body.followUpNote?.trim() || null,
          callerMayBeExcluded,
          createdAt: now,
          updatedAt: now,
        });
        await recordAudit(trx, ctx, {
          action: 'consultation.record',
          targetType: 'consultation',
          targetId: id,
          personId,
          details: { priority: body.priority, followUp: body.followUpNeeded, callerMayBeExcluded },
        });
        if (personId && body.priority !== 'normal') {
          const caseId = await s.escalations.open(trx, ctx, {
            sourceKind: 'consultation',
            sourceId: id,
            personId,
            category: 'crisis',
            priority: body.priority,
          });
          if (caseId) await repo.setUrgentCase(trx, id, caseId);
        }
        if (personId)
          await s.handover.note(trx, ctx, {
            kind: 'consultation',
            personId,
            consultationId: id,
            occurredAt: receivedAt,
            key: `consultation:${id}`,
          });
        await notifyFollowUp(trx, ctx, id, body, organisationId);
        // What was just written, as the writer reads it back (the write's audit row covers it).
        return toConsultation((await repo.findConsultation(trx, personScope(actor, now), id))!);
      });
    },

    /** The organisation's log (and what was passed to it for follow-up), newest first; one audited read. */
    async list(ctx: RequestContext, query: ConsultationListQuery): Promise<Consultation[]> {
      const actor = actorOf(ctx);
      const log = consultationLogOf(actor);
      if (!log) throw new Forbidden();
      const now = clock.now();
      const to = query.to ?? tokyoDate(now);
      const from = query.from ?? addDays(to, -DEFAULT_DAYS);
      if (from > to) throw new Invalid('from', '開始日は終了日より前にしてください。');
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listLog(trx, personScope(actor, now), {
          organisationId: log.organisationId,
          from: tokyoInstant(from),
          before: tokyoInstant(addDays(to, 1)),
          followUpOnly: query.followUp === true,
        });
        await recordAudit(trx, ctx, {
          action: 'consultation.list',
          details: {
            from,
            to,
            count: rows.length,
            persons: [...new Set(rows.map((r) => r.personId).filter(Boolean))],
          },
        });
        return rows.map(toConsultation);
      });
    },

    async get(ctx: RequestContext, id: string): Promise<Consultation> {
      const scope = personScope(actorOf(ctx), clock.now());
      const shown = await db.transaction().execute(async (trx) => {
        const row = await repo.findConsultation(trx, scope, id);
        if (!row || !allows(ctx, 'consultation.read', await consultationFor(trx, ctx, row))) return null;
        await recordAudit(trx, ctx, {
          action: 'consultation.read',
          targetType: 'consultation',
          targetId: id,
          personId: row.personId,
        });
        return toConsultation(row);
      });
      if (shown) return shown;
      await recordAuditAlone(db, ctx, {
        action: 'consultation.read',
        outcome: 'denied',
        targetType: 'consultation',
        targetId: id,
      });
      throw new NotFound('相談対応記録');
    },

    /** Consultations about one person, for the person page (クライシス consent, like the crisis plan). */
    async ofPerson(ctx: RequestContext, personId: string): Promise<Consultation[]> {
      const gate = await openPerson(deps, ctx, personId, 'consultation.read');
      const which = consultationScope(actorOf(ctx), gate.access);
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listOfPerson(trx, gate.scope, personId, which);
        await recordAudit(trx, ctx, {
          action: 'consultation.list',
          personId,
          viaEmergency: gate.viaEmergency,
          details: { count: rows.length },
        });
        return rows.map(toConsultation);
      });
    },
  };

  async function notifyFollowUp(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    consultationId: string,
    body: RecordConsultationBody,
    fromOrganisationId: string,
  ): Promise<void> {
    if (!body.followUpNeeded) return;
    const userIds = body.followUpUserId
      ? [body.followUpUserId]
      : await s.notifications.activeStaffOf(trx, ctx, [body.followUpOrganisationId!]);
    if (userIds.length === 0) return;
    await s.notifications.notify(trx, ctx, userIds, {
      kind: 'consultation_follow_up',
      personId: body.personId ?? null,
      subjectId: consultationId,
      priority: body.priority,
      payload: { consultationId, organisationId: fromOrganisationId },
    });
  }
}

export type ConsultationsService = ReturnType<typeof createConsultationsService>;
