import type { DueItem, DueList, DueScope } from '@tsunagu/contract';
import { personScope } from '../../platform/access/person-access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { daysBetween, dueBand, nextMonitoringOn } from '../plans/plan-rules.ts';
import * as repo from './due.repository.ts';

/** Expiries are reminded from 90 days ahead (90 / 60 / 30); monitoring and reviews from 30. */
export const EXPIRY_WINDOW_DAYS = 90;
export const PLAN_WINDOW_DAYS = 30;

type Base = Omit<DueItem, 'kind' | 'dueOn' | 'daysLeft' | 'band'>;
const none = {
  planId: null,
  planKind: null,
  certificateKind: null,
  grantId: null,
  organisationName: null,
  changeNeeded: false,
};

/** 期限: monitoring, plan reviews, certificate and consent expiries — per staff member or organisation. */
export function createDueService(deps: Deps) {
  const { db, clock } = deps;

  return {
    async list(ctx: RequestContext, which: DueScope): Promise<DueList> {
      const actor = actorOf(ctx);
      const scope = personScope(actor, clock.now());
      if (!actor.organisationId) return { scope: which, today: scope.today, items: [] };
      const items: DueItem[] = [];
      const push = (kind: DueItem['kind'], dueOn: string, base: Base, window: number) => {
        const daysLeft = daysBetween(scope.today, dueOn);
        const band = dueBand(daysLeft);
        if (band && daysLeft <= window) items.push({ ...base, kind, dueOn, daysLeft, band });
      };
      return db.transaction().execute(async (trx) => {
        for (const p of await repo.plansInForce(trx, scope, which)) {
          const base: Base = {
            ...none,
            personId: p.personId,
            personName: p.personName,
            planId: p.planId,
            planKind: p.kind,
            organisationName: p.organisationName,
          };
          const monitoring =
            p.kind === 'crisis' ? null : nextMonitoringOn(p.monitoringMonths, p.planDate, p.lastMonitoredOn);
          if (monitoring) push('monitoring', monitoring, base, PLAN_WINDOW_DAYS);
          // A monitoring that found the plan must change makes the review due now.
          const review = p.changeNeeded ? scope.today : p.reviewOn;
          if (review)
            push('plan_review', review, { ...base, changeNeeded: p.changeNeeded }, PLAN_WINDOW_DAYS);
        }
        for (const c of await repo.expiringCertificates(trx, scope, which, EXPIRY_WINDOW_DAYS))
          push(
            'certificate',
            c.validUntil,
            { ...none, personId: c.personId, personName: c.personName, certificateKind: c.kind },
            EXPIRY_WINDOW_DAYS,
          );
        for (const g of await repo.expiringGrants(trx, scope, which, EXPIRY_WINDOW_DAYS))
          push(
            'consent',
            g.expiresOn,
            {
              ...none,
              personId: g.personId,
              personName: g.personName,
              grantId: g.grantId,
              organisationName: g.organisationName,
            },
            EXPIRY_WINDOW_DAYS,
          );
        items.sort(
          (a, b) => a.dueOn.localeCompare(b.dueOn) || a.personName.localeCompare(b.personName, 'ja'),
        );
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
