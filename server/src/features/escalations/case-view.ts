import type { CaseMessage, UrgentCase } from '@tsunagu/contract';
import { openPerson, personCan, type PersonGate } from '../../platform/access/person-guard.ts';
import { allows } from '../../platform/access/policy.ts';
import { messageBasis } from '../../platform/access/urgent-case-policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFound } from '../../platform/errors.ts';
import type { ExclusionsService } from '../exclusions/exclusions.service.ts';
import type { InformationService } from '../information/information.service.ts';
import * as page from './case-page.repository.ts';
import type { CaseViewer } from './case-viewer.ts';
import * as repo from './escalations.repository.ts';

/**
 * The case page (README 夜間・休日の対応): what happened and whom to call back — the sender's name,
 * the organisation's phone and the call-back number, always — then the message where the policy
 * gives the reader a basis for it (consent for its category, their own organisation's, the
 * emergency exception for a responder, break-glass), the person and their crisis information
 * within consent, the DV warning, who has been reached, who took it. What the reader may see is
 * decided by `platform/access/urgent-case-policy.ts`; the person's data is read in the transaction
 * of the one audit row that says what the reader was shown and on what basis.
 */
export function createCaseView(
  deps: Deps,
  s: {
    information: InformationService;
    exclusions: ExclusionsService;
    caseFor: CaseViewer;
  },
) {
  const { db, clock } = deps;

  return async function get(ctx: RequestContext, caseId: string): Promise<UrgentCase> {
    const found = await s.caseFor(ctx, caseId);
    if (!found || !allows(ctx, 'urgent_case.read', found.resource)) {
      await recordAuditAlone(db, ctx, {
        action: 'urgent.read',
        outcome: 'denied',
        targetType: 'urgent_case',
        targetId: caseId,
      });
      throw new NotFound('至急・緊急の連絡');
    }
    const { c, steps, disclosure, resource } = found;
    const actor = actorOf(ctx);
    const now = clock.now();
    const access = resource.view.person;
    // Opened (and so audited as a read of the person) only where the policy lets the reader see who it is.
    const gate: PersonGate | null =
      c.personId && access && allows(ctx, 'person.read', { kind: 'person', access })
        ? await openPerson(deps, ctx, c.personId, 'urgent.read')
        : null;
    const crisisVisible = gate !== null && personCan(ctx, gate, 'item.read', { category: 'crisis' });
    const basis = messageBasis(actor, resource);
    const disclosureActive = resource.view.exceptionActive;

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
    const waitMinutes = await repo.ackMinutesFor(db, c.regionId, c.priority);
    const last = steps.at(-1);
    const { person, crisis, message, doNotTell } = await db.transaction().execute(async (trx) => {
      const identity = gate && c.personId ? await page.personIdentity(trx, c.personId) : undefined;
      const person = c.personId
        ? { id: c.personId, name: identity?.name ?? null, kana: identity?.kanaDisplay ?? null }
        : null;
      const crisis =
        gate && c.personId && crisisVisible
          ? await s.information.forOverview(ctx, gate, c.personId, ['crisis'], 20, trx)
          : null;
      const words = await page.wordsOf(trx, c);
      const message: CaseMessage = {
        body: basis && words && !words.withdrawn ? words.body : null,
        withdrawn: words?.withdrawn ?? false,
        withheld: basis === null && words !== null && !words.withdrawn,
        basis: words ? basis : null,
      };
      const doNotTell = c.personId
        ? await s.exclusions.warningFor(trx, ctx, c.personId, gate !== null)
        : { present: false, contacts: null };
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
      return { person, crisis, message, doNotTell };
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
              allows(ctx, 'urgent_case.break_glass', resource) &&
              access?.emergencyUntil == null &&
              (!crisisVisible || message.withheld),
          }
        : null,
      abilities: {
        acknowledge: open && allows(ctx, 'urgent_case.acknowledge', resource),
        cancel: open && allows(ctx, 'urgent_case.cancel', resource),
      },
    };
  };
}
