import type { InformationCategory } from '@tsunagu/contract';
import { audienceOf, tokyoDateOf } from '../../platform/access/person-access.ts';
import { openPerson, requirePersonAbility } from '../../platform/access/person-guard.ts';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import * as repo from './liaison.repository.ts';

/**
 * Who may see a 連携シート and pass it on, and whether the person's consent lets its recipient
 * receive what it carries — asked again at each send, since consent can end in between.
 */
export function createSheetAccess(deps: Deps) {
  const { db, clock } = deps;

  /** Whether the person's consent lets `organisationId` receive `category` now (team + live grant). */
  async function recipientCovered(personId: string, organisationId: string, category: InformationCategory) {
    const now = clock.now();
    const who = await audienceOf(
      db,
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

  /** A sheet the caller may see (its person and its category), or 404 — audited either way. */
  async function openSheet(ctx: RequestContext, id: string, attempted: string) {
    const facts = await repo.findSheetFacts(db, { id });
    if (!facts) throw new NotFound('連携シート');
    const gate = await openPerson(deps, ctx, facts.personId, attempted, { type: 'liaison_sheet', id });
    const row = await repo.findVisibleSheet(db, gate.scope, id);
    if (!row) {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'liaison_sheet',
        targetId: id,
        personId: facts.personId,
      });
      throw new NotFound('連携シート');
    }
    return { gate, row, facts };
  }

  /** A sheet the caller may pass on (send, print, reissue): visible, and the policy's liaison.send (403 audited). */
  async function openSheetToSend(ctx: RequestContext, id: string, attempted: string) {
    const opened = await openSheet(ctx, id, attempted);
    const { gate, row } = opened;
    await requirePersonAbility(
      deps,
      ctx,
      gate,
      'liaison.send',
      { category: row.category, recordedByUs: row.senderOrganisationId === actorOf(ctx).organisationId },
      { type: 'liaison_sheet', id },
    );
    return opened;
  }

  return { recipientCovered, requireRecipientConsent, openSheet, openSheetToSend };
}

export type SheetAccess = ReturnType<typeof createSheetAccess>;
