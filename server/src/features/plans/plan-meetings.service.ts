import type { Kysely } from 'kysely';
import {
  deliveryRecipientKinds,
  type ConfirmRequirement,
  type Delivery,
  type DeliveryBody,
  type DeliveryRecipient,
  type Meeting,
  type MeetingAttendee,
  type MeetingBody,
  type PlanContent,
} from '@tsunagu/contract';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Tables } from '../../db/tables.ts';
import type { PersonScope } from '../../platform/access/person-access.ts';
import type { PersonGate } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid } from '../../platform/errors.ts';
import { formatJapaneseDate, minutesOf } from '../../platform/tokyo-time.ts';
import type { PlanGuard } from './plan-guard.ts';
import * as records from './plan-meetings.repository.ts';
import { clean, required } from './plan-rules.ts';
import * as repo from './plans.repository.ts';

const StoredRecipient = Type.Object({
  kind: Type.String(),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
});
const StoredAttendee = Type.Object({
  organisationName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  role: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  name: Type.String(),
});

const hhmm = (time: string | null) => (time ? time.slice(0, 5) : null);
const list = (raw: unknown): unknown[] => (Array.isArray(raw) ? (raw as unknown[]) : []);

function toMeeting(m: records.MeetingRow): Meeting {
  return {
    id: m.id,
    planVersion: m.planVersion,
    heldOn: m.heldOn,
    startsAt: hhmm(m.startsAt) ?? '',
    endsAt: hhmm(m.endsAt),
    place: m.place,
    attendees: list(m.attendees).flatMap((a) =>
      Value.Check(StoredAttendee, a)
        ? [{ organisationName: a.organisationName ?? null, role: a.role ?? null, name: a.name }]
        : [],
    ),
    topics: m.topics,
    conclusions: m.conclusions,
    remainingIssues: m.remainingIssues,
    recordedBy: m.recordedByName,
    recordedByOrganisation: m.recordedByOrganisationName,
    recordedAt: m.recordedAt.toISOString(),
  };
}

/**
 * サービス担当者会議 and 交付 of a plan, and the rule between them and 確定: a サービス等利用計画
 * confirmed after the 支給決定 rests on a meeting about that version, or on the reason there was none.
 */
export function createPlanMeetings(deps: Deps, guard: PlanGuard) {
  const { db, clock } = deps;

  /** The version a meeting or 交付 names, or 400 naming `planVersion`. */
  async function versionOf(planId: string, version: number) {
    const found = (await repo.listVersions(db, planId)).find((v) => v.version === version);
    if (!found) throw new Invalid('planVersion', `第${version}版はありません。`, 'UNKNOWN_VERSION');
    return found;
  }

  /** A day of a record: not in the future, not before the day it follows (`code` names which). */
  function checkDay(
    field: string,
    label: string,
    day: string,
    today: string,
    after: { on: string; what: string; code: 'DATE_BEFORE_PLAN' | 'DATE_BEFORE_AGREEMENT' },
  ) {
    if (day > today) throw new Invalid(field, `「${label}」に未来の日付は指定できません。`);
    if (day < after.on)
      throw new Invalid(
        field,
        `「${label}」は${after.what}（${formatJapaneseDate(after.on)}）以降にしてください。`,
        after.code,
      );
  }

  /** A recipient as stored: a provider or municipality named by its organisation or by a name. */
  function recipientOf(r: DeliveryRecipient, i: number, known: ReadonlyMap<string, string>) {
    const at = `recipients.${i}`;
    const organisationId = r.organisationId ?? null;
    if (organisationId && !known.has(organisationId))
      throw new Invalid(`${at}.organisationId`, 'その機関が見つかりません。', 'UNKNOWN_ORGANISATION');
    const name = clean(r.name);
    if (
      (r.kind === 'provider' || r.kind === 'municipality' || r.kind === 'other') &&
      !organisationId &&
      !name
    )
      throw new Invalid(
        `${at}.name`,
        '「交付先の名前」(name)を書くか、交付先の機関を選んでください。',
        'RECIPIENT_REQUIRED',
      );
    return { kind: r.kind, organisationId, name };
  }

  return {
    /** The meetings and 交付 of a plan, newest first; a 交付 names organisations as they are called now. */
    async recordsOf(
      executor: Kysely<Tables>,
      planId: string,
    ): Promise<{ meetings: Meeting[]; deliveries: Delivery[] }> {
      const meetings = (await records.listMeetings(executor, planId)).map(toMeeting);
      const rows = await records.listDeliveries(executor, planId);
      const stored = rows.map((d) => list(d.recipients).filter((r) => Value.Check(StoredRecipient, r)));
      const ids = stored.flat().flatMap((r) => (r.organisationId ? [r.organisationId] : []));
      const names = await records.organisationNames(executor, [...new Set(ids)]);
      const deliveries = rows.map((d, i) => ({
        id: d.id,
        planVersion: d.planVersion,
        deliveredOn: d.deliveredOn,
        method: d.method,
        recipients: stored[i]!.flatMap((r) => {
          const kind = deliveryRecipientKinds.find((k) => k === r.kind);
          if (!kind) return [];
          return [
            {
              kind,
              organisationId: r.organisationId,
              name: (r.organisationId ? names.get(r.organisationId) : null) ?? r.name,
            },
          ];
        }),
        note: d.note,
        recordedBy: d.recordedByName,
        recordedByOrganisation: d.recordedByOrganisationName,
        recordedAt: d.recordedAt.toISOString(),
      }));
      return { meetings, deliveries };
    },

    /**
     * What confirming `version` needs. Its 支給決定日 is the plan's own, else the start of the
     * 受給者証's 支給決定期間 (the one in force on the plan's date); from that day on, a サービス等利用計画
     * is confirmed on a meeting about that version, or with the reason there was none.
     */
    async requirement(
      executor: Kysely<Tables>,
      scope: PersonScope,
      plan: { id: string; personId: string },
      version: { version: number; status: string; planDate: string },
      content: PlanContent,
    ): Promise<ConfirmRequirement> {
      const meetingsOnLatest = await records.countMeetingsOn(executor, plan.id, version.version);
      if (content.kind !== 'service_use')
        return {
          benefitDecisionOn: null,
          benefitDecisionSource: null,
          meetingOrReasonRequired: false,
          meetingsOnLatest,
        };
      const own = content.serviceUse.benefitDecisionOn ?? null;
      const fromCertificate = own
        ? null
        : await records.certificateDecisionOn(executor, scope, plan.personId, version.planDate);
      const decidedOn = own ?? fromCertificate;
      return {
        benefitDecisionOn: decidedOn,
        benefitDecisionSource: own ? 'plan' : fromCertificate ? 'certificate' : null,
        meetingOrReasonRequired:
          version.status !== 'confirmed' &&
          decidedOn !== null &&
          scope.today >= decidedOn &&
          meetingsOnLatest === 0,
        meetingsOnLatest,
      };
    },

    /** サービス担当者会議 on a version of the caller's organisation's plan. */
    async recordMeeting(ctx: RequestContext, planId: string, body: MeetingBody): Promise<PersonGate> {
      const { gate, row } = await guard.openPlan(ctx, planId, 'plan.meeting');
      await guard.requirePlanAbility(ctx, gate, row, 'plan.meeting');
      if (row.kind === 'crisis')
        throw new Invalid('id', 'クライシスプランにはサービス担当者会議を記録しません。', 'WRONG_PLAN_KIND');
      const version = await versionOf(planId, body.planVersion);
      checkDay('heldOn', '開催日', body.heldOn, gate.scope.today, {
        on: version.planDate,
        what: `第${version.version}版の計画作成日`,
        code: 'DATE_BEFORE_PLAN',
      });
      if (body.endsAt && minutesOf(body.endsAt) <= minutesOf(body.startsAt))
        throw new Invalid('endsAt', '「終了時刻」(endsAt) は開始時刻より後にしてください。', 'TIME_ORDER');
      const attendees: MeetingAttendee[] = body.attendees.map((a, i) => ({
        organisationName: clean(a.organisationName),
        role: clean(a.role),
        name: required(a.name, `attendees.${i}.name`, '氏名'),
      }));
      const texts = {
        place: required(body.place, 'place', '開催場所'),
        topics: required(body.topics, 'topics', '検討した項目'),
        conclusions: required(body.conclusions, 'conclusions', '結論'),
        remainingIssues: clean(body.remainingIssues),
      };
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const id = await records.insertMeeting(trx, {
          planId,
          personId: row.personId,
          planVersion: version.version,
          heldOn: body.heldOn,
          startsAt: body.startsAt,
          endsAt: body.endsAt ?? null,
          attendees,
          ...texts,
          userId: actor.userId,
          organisationId: actor.organisationId!,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'plan.meeting',
          targetType: 'plan_meeting',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { planId, version: version.version, attendees: attendees.length },
        });
      });
      return gate;
    },

    /** 交付: a version the person agreed to, handed to the person, the family, providers or others. */
    async recordDelivery(ctx: RequestContext, planId: string, body: DeliveryBody): Promise<PersonGate> {
      const { gate, row } = await guard.openPlan(ctx, planId, 'plan.deliver');
      await guard.requirePlanAbility(ctx, gate, row, 'plan.deliver');
      const version = await versionOf(planId, body.planVersion);
      if (!version.agreedOn)
        throw new Conflict(
          'PLAN_NOT_AGREED',
          `第${version.version}版には本人の同意が記録されていません。交付するのは本人が同意した版です。`,
          'planVersion',
        );
      checkDay('deliveredOn', '交付日', body.deliveredOn, gate.scope.today, {
        on: version.agreedOn,
        what: '本人が同意した日',
        code: 'DATE_BEFORE_AGREEMENT',
      });
      const ids = body.recipients.flatMap((r) => (r.organisationId ? [r.organisationId] : []));
      const known = await records.organisationNames(db, [...new Set(ids)]);
      const recipients = body.recipients.map((r, i) => recipientOf(r, i, known));
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const id = await records.insertDelivery(trx, {
          planId,
          personId: row.personId,
          planVersion: version.version,
          deliveredOn: body.deliveredOn,
          method: body.method,
          recipients,
          note: clean(body.note),
          userId: actor.userId,
          organisationId: actor.organisationId!,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'plan.deliver',
          targetType: 'plan_delivery',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { planId, version: version.version, recipients: recipients.map((r) => r.kind) },
        });
      });
      return gate;
    },
  };
}

export type PlanMeetings = ReturnType<typeof createPlanMeetings>;
