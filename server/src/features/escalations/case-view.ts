import type { CaseMessage, UrgentCase } from '@tsunagu/contract';
import { loadPersonAccess, personScope, type PersonAccess } from '../../platform/access/person-access.ts';
import { openPerson } from '../../platform/access/person-guard.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFound } from '../../platform/errors.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { InformationService } from '../information/information.service.ts';
import * as page from './case-page.repository.ts';
import type { createCaseViewer } from './case-viewer.ts';
import * as repo from './escalations.repository.ts';

/**
 * The case page (README 夜間・休日の対応): what happened and whom to call back — the sender's name,
 * the organisation's phone and the call-back number, always — then the message where the reader's
 * consent reaches its category (or the emergency exception covers them as a responder, or
 * break-glass), the person and their crisis information within consent, the DV warning, who has
 * been reached, who took it. One audit row says what the reader was shown and on what basis.
 */
export function createCaseView(
  deps: Deps,
  s: {
    information: InformationService;
    exclusions: ExclusionsService;
    viewerOf: ReturnType<typeof createCaseViewer>;
  },
) {
  const { db, clock } = deps;

  return async function get(ctx: RequestContext, caseId: string): Promise<UrgentCase> {
    const viewer = await s.viewerOf(ctx, caseId);
    if (!viewer) {
      await recordAuditAlone(db, ctx, {
        action: 'urgent.read',
        outcome: 'denied',
        targetType: 'urgent_case',
        targetId: caseId,
      });
      throw new NotFound('至急・緊急の連絡');
    }
    const { c, steps } = viewer;
    const actor = actorOf(ctx);
    const now = clock.now();
    const scope = personScope(actor, now);
    let access: PersonAccess | null = null;
    let person: { id: string; name: string | null; kana: string | null } | null = null;
    let crisis: Awaited<ReturnType<InformationService['forOverview']>> | null = null;
    if (c.personId) {
      access = await loadPersonAccess(db, scope, c.personId);
      if (access?.identityVisible) {
        const gate = await openPerson(deps, ctx, c.personId, 'urgent.read');
        const identity = await db
          .selectFrom('persons')
          .select(['name', 'kanaDisplay'])
          .where('id', '=', c.personId)
          .executeTakeFirst();
        person = { id: c.personId, name: identity?.name ?? null, kana: identity?.kanaDisplay ?? null };
        if (gate.access.visibleCategories.has('crisis'))
          crisis = await s.information.forOverview(ctx, gate, c.personId, ['crisis'], 20);
      } else {
        person = { id: c.personId, name: null, kana: null };
      }
    }

    const disclosure = await page.disclosureOf(db, c.id);
    const disclosureActive =
      disclosure !== undefined && disclosure.startsAt <= now && now < disclosure.endsAt;
    const responder = viewer.reachedMe || viewer.onDuty;
    // A case about no known person (本人不明) has no consent to keep to: its words go to whoever sees it.
    const basis: CaseMessage['basis'] =
      actor.organisationId === c.openedByOrganisationId
        ? 'own_organisation'
        : c.personId === null
          ? 'consent'
          : access?.emergencyUntil
            ? 'break_glass'
            : access?.visibleCategories.has(c.category)
              ? 'consent'
              : disclosureActive && responder
                ? 'emergency_exception'
                : null;
    const words = await page.wordsOf(db, c);
    const message: CaseMessage = {
      body: basis && words && !words.withdrawn ? words.body : null,
      withdrawn: words?.withdrawn ?? false,
      withheld: basis === null && words !== null && !words.withdrawn,
      basis: words ? basis : null,
    };

    const names = new Map(
      (
        await repo.userNames(db, [
          ...new Set([
            ...steps.flatMap((x) => x.recipientUserIds),
            ...[c.acknowledgedByUserId, c.openedByUserId].filter((u) => u !== null),
          ]),
        ])
      ).map((u) => [u.id, u.displayName]),
    );
    const orgNames = new Map(
      (
        await repo.organisationNames(
          db,
          [
            c.openedByOrganisationId,
            c.acknowledgedByOrganisationId,
            ...steps.map((x) => x.organisationId),
          ].filter((o): o is string => o !== null),
        )
      ).map((o) => [o.id, o.name]),
    );
    const sender = await page.organisationCard(db, c.openedByOrganisationId);
    const doNotTell = c.personId
      ? await s.exclusions.warningFor(db, c.personId, access?.identityVisible === true)
      : { present: false, contacts: null };
    const waitMinutes = await repo.ackMinutesFor(db, c.regionId, c.priority);
    const last = steps.at(-1);
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, ctx, {
        action: 'urgent.read',
        targetType: 'urgent_case',
        targetId: c.id,
        personId: c.personId,
        viaEmergency: access?.emergencyUntil != null,
        details: {
          crisisItems: crisis?.length ?? 0,
          identity: person?.name != null,
          message: message.body !== null ? basis : null,
        },
      });
      if (basis === 'emergency_exception' && disclosure && c.personId && message.body !== null)
        await page.noteDisclosedTo(trx, {
          disclosureId: disclosure.id,
          personId: c.personId,
          userId: actor.userId,
          organisationId: actor.organisationId,
          at: now,
        });
    });
    const open = c.status === 'open' || c.status === 'exhausted';
    return {
      id: c.id,
      priority: c.priority,
      status: c.status,
      category: c.category,
      source: { kind: c.sourceKind, id: c.sourceId },
      openedAt: c.openedAt.toISOString(),
      openedBy: {
        name: c.openedByUserId ? (names.get(c.openedByUserId) ?? null) : null,
        organisationName: sender?.name ?? '',
        organisationPhone: sender?.phone ?? null,
      },
      callbackPhone: c.callbackPhone,
      message,
      disclosure: disclosure
        ? {
            article: disclosure.article,
            senderKind: disclosure.senderKind,
            protectsLifeOrBody: disclosure.protectsLifeOrBody,
            consentDifficult: disclosure.consentDifficult,
            reason: disclosure.reason,
            startsAt: disclosure.startsAt.toISOString(),
            endsAt: disclosure.endsAt.toISOString(),
            active: disclosureActive,
            recordedByOrganisationName: disclosure.recordedByOrganisationName,
          }
        : null,
      doNotTell,
      acknowledged: c.acknowledgedAt
        ? {
            at: c.acknowledgedAt.toISOString(),
            name: c.acknowledgedByUserId ? (names.get(c.acknowledgedByUserId) ?? null) : null,
            organisationName: c.acknowledgedByOrganisationId
              ? (orgNames.get(c.acknowledgedByOrganisationId) ?? null)
              : null,
            note: c.acknowledgementNote,
          }
        : null,
      steps: steps.map((x) => ({
        position: x.position,
        kind: x.kind,
        label: x.label,
        organisationName: x.organisationId ? (orgNames.get(x.organisationId) ?? null) : null,
        phone: x.phone,
        firedAt: x.firedAt.toISOString(),
        recipients: x.recipientUserIds.map((u) => names.get(u) ?? ''),
        reachedNoOne: x.recipientUserIds.length === 0,
      })),
      nextStepAt:
        c.status === 'open' && last && last.recipientUserIds.length > 0
          ? new Date(last.firedAt.getTime() + waitMinutes * 60_000).toISOString()
          : null,
      remainingSteps: c.status === 'open' ? c.plan.slice((last?.position ?? -1) + 1).map((p) => p.label) : [],
      person: person
        ? {
            ...person,
            crisisVisible: crisis !== null,
            crisisItems: crisis ?? [],
            // Break-glass opens what consent does not reach: the crisis information, or the message.
            canBreakGlass:
              access !== null &&
              access.emergencyUntil === null &&
              (!access.visibleCategories.has('crisis') || message.withheld),
          }
        : null,
      abilities: {
        acknowledge: open && !viewer.ofAsker,
        cancel: open && viewer.ofAsker,
      },
    };
  };
}
