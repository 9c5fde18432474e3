import type { MyDuty } from '@tsunagu/contract';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { shiftsHeldAt } from './my-duty.repository.ts';

/**
 * 当番中: the live shifts the caller holds at this minute, as primary or backup — for the home card
 * of a staff member on duty (当番（主）, until when, the duty phone). Their own rota only: nothing
 * about any person.
 */
export function createMyDutyService(deps: Deps) {
  const { db, clock } = deps;
  return {
    async myDuty(ctx: RequestContext): Promise<MyDuty> {
      const rows = await shiftsHeldAt(db, actorOf(ctx).userId, clock.now());
      return {
        shifts: rows.map((r) => ({
          ...r,
          startsAt: r.startsAt.toISOString(),
          endsAt: r.endsAt.toISOString(),
        })),
      };
    },
  };
}

export type MyDutyService = ReturnType<typeof createMyDutyService>;
