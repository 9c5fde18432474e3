import { sql, type Kysely } from 'kysely';
import type { Consultation, ConsultationListQuery, RecordConsultationBody } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { loadPersonAccess, personScope } from '../../platform/access/person-access.ts';
import { openPerson } from '../../platform/access/person-guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { addDays, tokyoDate, tokyoInstant } from '../../platform/tokyo-time.ts';
import type { EscalationsService } from '../escalations/escalations.service.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { HandoverService } from '../handover/handover.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';

/** A call may be written down a little after it came in, never before it did. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DEFAULT_DAYS = 30;

type Row = {
  id: string;
  organisationId: string;
  receivedAt: Date;
  channel: Consultation['channel'];
  callerRelationship: Consultation['callerRelationship'];
  callerName: string | null;
  callerPhone: string | null;
  personId: string | null;
  personDescription: string | null;
  asked: string;
  done: string;
  outcome: string;
  priority: Consultation['priority'];
  followUpNeeded: boolean;
  followUpOrganisationId: string | null;
  followUpNote: string | null;
  urgentCaseId: string | null;
  callerMayBeExcluded: boolean;
  followUpOrganisationName: string | null;
  followUpUserName: string | null;
  receivedByName: string | null;
  organisationName: string;
};

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

  function base(executor: Kysely<Tables>) {
    return executor
      .selectFrom('emergencyConsultations as c')
      .innerJoin('organisations as o', 'o.id', 'c.organisationId')
      .leftJoin('users as ru', 'ru.id', 'c.receivedByUserId')
      .leftJoin('organisations as fo', 'fo.id', 'c.followUpOrganisationId')
      .leftJoin('users as fu', 'fu.id', 'c.followUpUserId')
      .select([
        'c.id',
        'c.organisationId',
        'c.receivedAt',
        'c.channel',
        'c.callerRelationship',
        'c.callerName',
        'c.callerPhone',
        'c.personId',
        'c.personDescription',
        'c.asked',
        'c.done',
        'c.outcome',
        'c.priority',
        'c.followUpNeeded',
        'c.followUpOrganisationId',
        'c.followUpNote',
        'c.urgentCaseId',
        'c.callerMayBeExcluded',
        'fo.name as followUpOrganisationName',
        'fu.displayName as followUpUserName',
        'ru.displayName as receivedByName',
        'o.name as organisationName',
      ]);
  }

  /** Names the person only where the reader's consent (or break-glass) reaches. */
  async function present(ctx: RequestContext, rows: Row[]): Promise<Consultation[]> {
    const scope = personScope(actorOf(ctx), clock.now());
    const names = new Map<string, string | null>();
    for (const personId of new Set(rows.map((r) => r.personId).filter((p) => p !== null))) {
      const access = await loadPersonAccess(db, scope, personId);
      let name: string | null = null;
      if (access?.identityVisible) {
        const p = await db.selectFrom('persons').select('name').where('id', '=', personId).executeTakeFirst();
        name = p?.name ?? null;
      }
      names.set(personId, name);
    }
    return rows.map((r) => ({
      id: r.id,
      receivedAt: new Date(r.receivedAt).toISOString(),
      channel: r.channel,
      callerRelationship: r.callerRelationship,
      callerName: r.callerName,
      callerPhone: r.callerPhone,
      person: r.personId ? { id: r.personId, name: names.get(r.personId) ?? null } : null,
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
    }));
  }

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
    if (organisationId) {
      const org = await db
        .selectFrom('organisations')
        .select('id')
        .where('id', '=', organisationId)
        .executeTakeFirst();
      if (!org) throw new Invalid('followUpOrganisationId', 'フォローする機関が見つかりません。');
    }
    if (userId) {
      const member = await db
        .selectFrom('memberships')
        .select('organisationId')
        .where('userId', '=', userId)
        .$if(organisationId !== null, (q) => q.where('organisationId', '=', organisationId!))
        .executeTakeFirst();
      if (!member)
        throw new Invalid(
          'followUpUserId',
          organisationId
            ? 'フォローする担当者は、選んだ機関の職員から選んでください。'
            : 'フォローする担当者が見つかりません。',
        );
    }
  }

  return {
    async record(ctx: RequestContext, body: RecordConsultationBody): Promise<Consultation> {
      const actor = actorOf(ctx);
      if (!actor.organisationId) throw new Forbidden();
      const now = clock.now();
      const receivedAt = body.receivedAt ? new Date(body.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
        throw new Invalid('receivedAt', '受付日時が未来になっています。');
      const personId = body.personId ?? null;
      if (personId) await openPerson(deps, ctx, personId, 'consultation.record');
      else if (!body.personDescription?.trim() && body.priority !== 'normal')
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
          personId,
          [
            {
              who: { name: body.callerName, phone: body.callerPhone },
              field: body.callerName ? 'callerName' : 'callerPhone',
            },
          ],
          body.excludedContactConfirmed === true,
        ));
      const organisationId = actor.organisationId;
      const id = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('emergencyConsultations')
          .values({
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
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, ctx, {
          action: 'consultation.record',
          targetType: 'consultation',
          targetId: inserted.id,
          personId,
          details: { priority: body.priority, followUp: body.followUpNeeded, callerMayBeExcluded },
        });
        if (personId && body.priority !== 'normal') {
          const caseId = await s.escalations.open(trx, ctx, {
            sourceKind: 'consultation',
            sourceId: inserted.id,
            personId,
            category: 'crisis',
            priority: body.priority,
          });
          if (caseId)
            await trx
              .updateTable('emergencyConsultations')
              .set({ urgentCaseId: caseId })
              .where('id', '=', inserted.id)
              .execute();
        }
        if (personId)
          await s.handover.note(trx, {
            kind: 'consultation',
            personId,
            consultationId: inserted.id,
            occurredAt: receivedAt,
            key: `consultation:${inserted.id}`,
          });
        await notifyFollowUp(trx, inserted.id, body, organisationId);
        return inserted.id;
      });
      const row = await base(db).where('c.id', '=', id).executeTakeFirstOrThrow();
      return (await present(ctx, [row as Row]))[0]!;
    },

    /** The organisation's log (and what was passed to it for follow-up), newest first. */
    async list(ctx: RequestContext, query: ConsultationListQuery): Promise<Consultation[]> {
      const actor = actorOf(ctx);
      if (!actor.organisationId) throw new Forbidden();
      const today = tokyoDate(clock.now());
      const to = query.to ?? today;
      const from = query.from ?? addDays(to, -DEFAULT_DAYS);
      if (from > to) throw new Invalid('from', '開始日は終了日より前にしてください。');
      const organisationId = actor.organisationId;
      const rows = await base(db)
        .where((eb) =>
          eb.or([
            eb('c.organisationId', '=', organisationId),
            eb('c.followUpOrganisationId', '=', organisationId),
          ]),
        )
        .where('c.receivedAt', '>=', tokyoInstant(from))
        .where('c.receivedAt', '<', tokyoInstant(addDays(to, 1)))
        .$if(query.followUp === true, (q) => q.where('c.followUpNeeded', '=', true))
        .orderBy('c.receivedAt', 'desc')
        .limit(500)
        .execute();
      const shown = await present(ctx, rows as Row[]);
      await recordAudit(db, ctx, {
        action: 'consultation.list',
        details: {
          from,
          to,
          count: shown.length,
          persons: [...new Set(rows.map((r) => r.personId).filter(Boolean))],
        },
      });
      return shown;
    },

    async get(ctx: RequestContext, id: string): Promise<Consultation> {
      const actor = actorOf(ctx);
      const row = (await base(db).where('c.id', '=', id).executeTakeFirst()) as Row | undefined;
      const ours =
        row !== undefined &&
        actor.organisationId !== null &&
        (row.organisationId === actor.organisationId || row.followUpOrganisationId === actor.organisationId);
      let allowed = ours;
      if (row && !ours && row.personId) {
        // A team member whose consent covers クライシス reads consultations about the person.
        const access = await loadPersonAccess(db, personScope(actor, clock.now()), row.personId);
        allowed =
          access !== null &&
          can(actor, 'person.read', { kind: 'person', access }) &&
          access.visibleCategories.has('crisis');
      }
      if (!row || !allowed) {
        await recordAudit(db, ctx, {
          action: 'consultation.read',
          outcome: 'denied',
          targetType: 'consultation',
          targetId: id,
        });
        throw new NotFound('相談対応記録');
      }
      await recordAudit(db, ctx, {
        action: 'consultation.read',
        targetType: 'consultation',
        targetId: id,
        personId: row.personId,
      });
      return (await present(ctx, [row]))[0]!;
    },

    /** Consultations about one person, for the person page (クライシス consent, like the crisis plan). */
    async ofPerson(ctx: RequestContext, personId: string): Promise<Consultation[]> {
      const gate = await openPerson(deps, ctx, personId, 'consultation.read');
      const actor = actorOf(ctx);
      const rows = (await base(db)
        .where('c.personId', '=', personId)
        .where((eb) =>
          gate.access.visibleCategories.has('crisis')
            ? sql<boolean>`true`
            : eb.or([
                eb('c.organisationId', '=', actor.organisationId),
                eb('c.followUpOrganisationId', '=', actor.organisationId),
              ]),
        )
        .orderBy('c.receivedAt', 'desc')
        .limit(200)
        .execute()) as Row[];
      await recordAudit(db, ctx, {
        action: 'consultation.list',
        personId,
        viaEmergency: gate.viaEmergency,
        details: { count: rows.length },
      });
      return present(ctx, rows);
    },
  };

  async function notifyFollowUp(
    trx: Kysely<Tables>,
    consultationId: string,
    body: RecordConsultationBody,
    fromOrganisationId: string,
  ): Promise<void> {
    if (!body.followUpNeeded) return;
    let userIds: string[];
    if (body.followUpUserId) userIds = [body.followUpUserId];
    else {
      const staff = await trx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.userId')
        .select('memberships.userId')
        .where('memberships.organisationId', '=', body.followUpOrganisationId!)
        .where('users.disabledAt', 'is', null)
        .execute();
      userIds = staff.map((m) => m.userId);
    }
    if (userIds.length === 0) return;
    await s.notifications.notify(trx, userIds, {
      kind: 'consultation_follow_up',
      personId: body.personId ?? null,
      subjectId: consultationId,
      priority: body.priority,
      payload: { consultationId, organisationId: fromOrganisationId },
    });
  }
}

export type ConsultationsService = ReturnType<typeof createConsultationsService>;
