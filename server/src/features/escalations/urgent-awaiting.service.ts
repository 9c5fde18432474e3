import type { UrgentAwaiting } from '@tsunagu/contract';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { awaitingUser } from './awaiting.repository.ts';
import * as repo from './escalations.repository.ts';

/** How far back a case can still be waiting, and how long one at the end of its chain stays in view. */
const SINCE_DAYS = 14;
const EXHAUSTED_HOURS = 24;

/**
 * The "now" signal (README 夜間・休日の対応): the cases waiting for me — reached me, or sent where I
 * am on duty, and nobody has taken them — with when the next step goes and to whom, for the banner
 * on every page and the count on 至急・緊急. It names no person and says nothing of the message, so
 * it is read on every navigation without an audit row.
 */
export function createUrgentAwaitingService(deps: Deps) {
  const { db, clock } = deps;
  return {
    async awaitingMe(ctx: RequestContext): Promise<UrgentAwaiting> {
      const actor = actorOf(ctx);
      const now = clock.now();
      const rows = await awaitingUser(db, {
        userId: actor.userId,
        organisationId: actor.organisationId,
        now,
        since: new Date(now.getTime() - SINCE_DAYS * 86_400_000),
        exhaustedSince: new Date(now.getTime() - EXHAUSTED_HOURS * 3_600_000),
      });
      const waits = new Map<string, number>();
      const cases: UrgentAwaiting['cases'] = [];
      for (const r of rows) {
        const next = r.status === 'open' && r.lastPosition !== null ? r.plan[r.lastPosition + 1] : undefined;
        let nextStepAt: string | null = null;
        // A step that reached no one goes on at once: the next one is already due.
        if (next && r.lastFiredAt && r.lastReached) {
          const key = `${r.regionId}:${r.priority}`;
          if (!waits.has(key)) waits.set(key, await repo.ackMinutesFor(db, r.regionId, r.priority));
          nextStepAt = new Date(r.lastFiredAt.getTime() + waits.get(key)! * 60_000).toISOString();
        }
        cases.push({
          id: r.id,
          priority: r.priority,
          status: r.status,
          openedAt: r.openedAt.toISOString(),
          nextStepAt,
          nextStepLabel: next?.label ?? null,
        });
      }
      return { cases };
    },
  };
}

export type UrgentAwaitingService = ReturnType<typeof createUrgentAwaitingService>;
