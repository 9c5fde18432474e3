import type { Kysely } from 'kysely';
import type { DueItem, DueScope } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { PersonScope } from '../../platform/access/person-access.ts';
import { daysBetween, dueBand, nextMonitoringOn } from '../plans/plan-rules.ts';
import * as repo from './due.repository.ts';

/** Expiries are reminded from 90 days ahead (90 / 60 / 30); monitoring and reviews from 30. */
export const EXPIRY_WINDOW_DAYS = 90;
export const PLAN_WINDOW_DAYS = 30;

/**
 * A due item with what the reminders need beside it: a key naming what is due and when (a new due
 * date is a new item), and the organisation whose plan it is (null for certificates and consents).
 */
export interface DueEntry {
  item: DueItem;
  itemKey: string;
  planOrganisationId: string | null;
}

type Base = Omit<DueItem, 'kind' | 'dueOn' | 'daysLeft' | 'band'>;
const none = {
  planId: null,
  planKind: null,
  certificateKind: null,
  grantId: null,
  organisationName: null,
  changeNeeded: false,
};

/**
 * 期限 as the scope sees them (mine: persons the caller is named for; organisation: the whole
 * team membership), each filtered by consent in SQL: monitoring and plan reviews within 30 days,
 * certificates and consents within 90, and whatever is past due; soonest first.
 */
export async function collectDueEntries(
  executor: Kysely<Tables>,
  scope: PersonScope,
  which: DueScope,
): Promise<DueEntry[]> {
  const entries: DueEntry[] = [];
  const push = (
    kind: DueItem['kind'],
    dueOn: string,
    base: Base,
    window: number,
    key: string,
    planOrganisationId: string | null = null,
  ) => {
    const daysLeft = daysBetween(scope.today, dueOn);
    const band = dueBand(daysLeft);
    if (band && daysLeft <= window)
      entries.push({ item: { ...base, kind, dueOn, daysLeft, band }, itemKey: key, planOrganisationId });
  };
  for (const p of await repo.plansInForce(executor, scope, which)) {
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
    if (monitoring)
      push(
        'monitoring',
        monitoring,
        base,
        PLAN_WINDOW_DAYS,
        `monitoring:${p.planId}:${monitoring}`,
        p.organisationId,
      );
    // A monitoring that found the plan must change makes the review due now (told once per finding).
    const review = p.changeNeeded ? scope.today : p.reviewOn;
    if (review)
      push(
        'plan_review',
        review,
        { ...base, changeNeeded: p.changeNeeded },
        PLAN_WINDOW_DAYS,
        p.changeNeeded
          ? `plan_review:${p.planId}:change:${p.version}:${p.lastMonitoredOn ?? ''}`
          : `plan_review:${p.planId}:${review}`,
        p.organisationId,
      );
  }
  for (const c of await repo.expiringCertificates(executor, scope, which, EXPIRY_WINDOW_DAYS))
    push(
      'certificate',
      c.validUntil,
      { ...none, personId: c.personId, personName: c.personName, certificateKind: c.kind },
      EXPIRY_WINDOW_DAYS,
      `certificate:${c.certificateId}:${c.validUntil}`,
    );
  for (const g of await repo.expiringGrants(executor, scope, which, EXPIRY_WINDOW_DAYS))
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
      `consent:${g.grantId}:${g.expiresOn}`,
    );
  return entries.sort(
    (a, b) =>
      a.item.dueOn.localeCompare(b.item.dueOn) || a.item.personName.localeCompare(b.item.personName, 'ja'),
  );
}
