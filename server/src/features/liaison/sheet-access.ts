import type { Kysely } from 'kysely';
import type { InformationCategory, LiaisonSheetStatus } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import type { LiaisonSheetResource } from '../../platform/access/liaison-policy.ts';
import { audienceOf, tokyoDateOf, type PersonAccess } from '../../platform/access/person-access.ts';
import { openPerson } from '../../platform/access/person-guard.ts';
import { allows } from '../../platform/access/policy.ts';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import * as repo from './liaison.repository.ts';

/** A sheet as the policy sees it, for one who asks (their access to its person; none for the system). */
export function sheetResource(
  sheet: {
    senderOrganisationId: string;
    category: InformationCategory;
    status: LiaisonSheetStatus;
    recipientCovered: boolean;
  },
  person: PersonAccess | null,
): LiaisonSheetResource {
  return {
    kind: 'liaison_sheet',
    senderOrganisationId: sheet.senderOrganisationId,
    category: sheet.category,
    status: sheet.status,
    recipientCovered: sheet.recipientCovered,
    person,
  };
}

/**
 * Opening a 連携シート for the one who asks (the policy decides who may see it and pass it on), and whether the person's consent lets its recipient
 * receive what it carries — asked again at each send, since consent can end in between.
 */
export function createSheetAccess(deps: Deps) {
  const { db, clock } = deps;

  /** Whether the person's consent lets `organisationId` receive `category` now (team + live grant). */
  async function recipientCovered(
    personId: string,
    organisationId: string,
    category: InformationCategory,
    executor: Kysely<Tables> = db,
  ) {
    const now = clock.now();
    const who = await audienceOf(
      executor,
      { personId, category, recordedByOrganisationId: null },
      { today: tokyoDateOf(now), now },
    );
    return who.organisationIds.has(organisationId);
  }

  /** 400 naming the recipient when the person's consent does not cover `category` for it. */
  async function requireRecipientConsent(
    personId: string,
    organisationId: string,
    category: InformationCategory,
  ) {
    if (!(await recipientCovered(personId, organisationId, category)))
      throw new Invalid(
        'recipientOrganisationId',
        'ご本人の同意が、この機関にこの区分の情報を伝えることを含んでいません。',
        'NO_CONSENT_FOR_RECIPIENT',
      );
  }

  /**
   * A sheet the caller may see (its person, and its category or its sender), or 404 — audited
   * either way. The row is read through the scope's SQL filter and the policy's liaison_sheet.read.
   */
  async function openSheet(ctx: RequestContext, id: string, attempted: string) {
    const facts = await repo.findSheetFacts(db, { id }, tokyoDateOf(clock.now()));
    if (!facts) throw new NotFound('連携シート');
    const gate = await openPerson(deps, ctx, facts.personId, attempted, { type: 'liaison_sheet', id });
    const row = await repo.findVisibleSheet(db, gate.scope, id);
    const resource = row ? sheetResource(row, gate.access) : null;
    if (!row || !resource || !allows(ctx, 'liaison_sheet.read', resource)) {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'liaison_sheet',
        targetId: id,
        personId: facts.personId,
      });
      throw new NotFound('連携シート');
    }
    return { gate, row, facts, resource };
  }

  /** A sheet the caller may pass on (send, print, reissue): visible, and the policy's liaison_sheet.send (403 audited). */
  async function openSheetToSend(ctx: RequestContext, id: string, attempted: string) {
    const opened = await openSheet(ctx, id, attempted);
    await requireAbility(db, ctx, 'liaison_sheet.send', opened.resource, { type: 'liaison_sheet', id });
    return opened;
  }

  return { recipientCovered, requireRecipientConsent, openSheet, openSheetToSend };
}

export type SheetAccess = ReturnType<typeof createSheetAccess>;
