import type { DueList, DueScope } from '@tsunagu/contract';
import { personScope } from '../../platform/access/person-access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { collectDueEntries } from './due-items.ts';
import { registerDueReminders } from './due-reminders.ts';

export { EXPIRY_WINDOW_DAYS, PLAN_WINDOW_DAYS } from './due-items.ts';

/**
 * 期限: monitoring, plan reviews, certificate and consent expiries — per staff member or
 * organisation, and told to the staff responsible as each comes into a band (due-reminders.ts).
 */
export function createDueService(deps: Deps, { notifications }: { notifications: NotificationsService }) {
  const { db, clock } = deps;
  registerDueReminders(deps, notifications);

  return {
    async list(ctx: RequestContext, which: DueScope): Promise<DueList> {
      const actor = actorOf(ctx);
      const scope = personScope(actor, clock.now());
      if (!actor.organisationId) return { scope: which, today: scope.today, items: [] };
      return db.transaction().execute(async (trx) => {
        const items = (await collectDueEntries(trx, scope, which)).map((e) => e.item);
        await recordAudit(trx, ctx, {
          action: 'due.list',
          details: {
            scope: which,
            returned: items.length,
            persons: [...new Set(items.map((i) => i.personId))],
          },
        });
        return { scope: which, today: scope.today, items };
      });
    },
  };
}

export type DueService = ReturnType<typeof createDueService>;
