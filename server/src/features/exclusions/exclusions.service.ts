import type { Kysely } from 'kysely';
import type { DoNotTellWarning, ExclusionCheck, ExclusionCheckBody } from '@tsunagu/contract';
import { EXCLUDED_CONTACT_MATCH } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { openPerson } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Context, RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict } from '../../platform/errors.ts';
import { personMatch, type PersonDescription } from '../../platform/matching/person-match.ts';
import * as repo from './exclusions.repository.ts';

/**
 * 一切伝えてはいけない人: the warning every reader of a person sees where night staff look (the
 * person page, the urgent case, the crisis plan, the consultation form, liaison-sheet creation) —
 * names and relationships only where the reader may see the person's identity — and the check,
 * before a save, that a caller or a recipient is not one of them (本人照合, the one rule). Nothing
 * here is ever printed on what leaves the team.
 */
export function createExclusionsService(deps: Deps) {
  const { db } = deps;

  /** The warning for a reader whose access to the person is already decided. */
  async function warningFor(
    executor: Kysely<Tables>,
    _ctx: Context,
    personId: string,
    identityVisible: boolean,
  ): Promise<DoNotTellWarning> {
    const rows = await repo.excludedContacts(executor, personId);
    return {
      present: rows.length > 0,
      contacts: identityVisible
        ? rows.map((r) => ({ name: r.name, relationship: r.relationship, note: r.note }))
        : null,
    };
  }

  /**
   * The excluded contacts `who` may be. Names and phone numbers are compared by personMatch; a
   * phone number an excluded contact uses is flagged even without a name (personMatch alone calls
   * that `none`: a number proves nothing about identity, but calling it back is the danger).
   */
  async function matchesFor(
    executor: Kysely<Tables>,
    _ctx: Context,
    personId: string,
    who: PersonDescription,
    identityVisible: boolean,
  ): Promise<ExclusionCheck['matches']> {
    const rows = await repo.excludedContacts(executor, personId);
    return rows.flatMap((r) => {
      const verdict = personMatch(who, { name: r.name, phone: r.phone });
      const match =
        verdict.match === 'same' || verdict.match === 'possible'
          ? verdict.match
          : verdict.on.includes('phone')
            ? 'possible'
            : null;
      if (!match) return [];
      return [
        {
          match,
          on: verdict.on,
          contact: identityVisible ? { name: r.name, relationship: r.relationship, note: r.note } : null,
        },
      ];
    });
  }

  return {
    warningFor,
    matchesFor,

    /** The warning of one person, for a reader who may see them (the screens that ask for it). */
    async warning(ctx: RequestContext, personId: string): Promise<DoNotTellWarning> {
      const gate = await openPerson(deps, ctx, personId, 'person.do_not_tell');
      return db.transaction().execute(async (trx) => {
        const warning = await warningFor(trx, ctx, personId, gate.access.identityVisible);
        await recordAudit(trx, ctx, {
          action: 'person.do_not_tell',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { present: warning.present },
        });
        return warning;
      });
    },

    /** Whether someone about to be recorded or written to may be an excluded contact (before saving). */
    async check(ctx: RequestContext, personId: string, body: ExclusionCheckBody): Promise<ExclusionCheck> {
      const gate = await openPerson(deps, ctx, personId, 'person.exclusion_check');
      return db.transaction().execute(async (trx) => {
        const matches = await matchesFor(trx, ctx, personId, body, gate.access.identityVisible);
        await recordAudit(trx, ctx, {
          action: 'person.exclusion_check',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { matches: matches.length },
        });
        return { matches };
      });
    },

    /**
     * For a save naming someone about the person (a caller, a recipient, a counterpart; each with
     * the field it came from): refuses (409 EXCLUDED_CONTACT_MATCH, naming the first field that
     * matched) while any may be an excluded contact and the one saving has not confirmed they saw
     * it; answers whether one matched, for the record to carry the flag.
     */
    async guard(
      executor: Kysely<Tables>,
      ctx: RequestContext,
      personId: string,
      candidates: readonly { who: PersonDescription; field: string }[],
      confirmed: boolean,
    ): Promise<boolean> {
      for (const { who, field } of candidates) {
        if ((await matchesFor(executor, ctx, personId, who, false)).length === 0) continue;
        if (!confirmed)
          throw new Conflict(
            EXCLUDED_CONTACT_MATCH,
            'この相手は、本人が「一切伝えてはいけない人」と一致する可能性があります。本人のことを伝えないでください。確認のうえ、もう一度保存してください。',
            field,
          );
        return true;
      }
      return false;
    },
  };
}

export type ExclusionsService = ReturnType<typeof createExclusionsService>;
