import {
  CrisisContentSchema,
  ServiceUseContentSchema,
  StoredMonitoringProgress,
  SupportPlanContentSchema,
  type Monitoring,
  type PlanContent,
  type PlanKind,
  type PlanSummary,
  type PlanVersion,
} from '@tsunagu/contract';
import { Value } from 'typebox/value';
import { nextMonitoringOn } from './plan-rules.ts';
import type * as repo from './plans.repository.ts';

/** How stored rows of plans become what the API answers: no database, no rules. */

export const kindLabel: Record<PlanKind, string> = {
  service_use: 'サービス等利用計画',
  individual_support: '個別支援計画',
  crisis: 'クライシスプラン',
};

export const methodLabel = { written: '書面', oral: '口頭', electronic: '電子' } as const;

/** A version's stored content, checked against its kind's schema (parse, don't assert). */
export function contentOf(kind: PlanKind, raw: unknown): PlanContent {
  if (kind === 'service_use' && Value.Check(ServiceUseContentSchema, raw)) return { kind, serviceUse: raw };
  if (kind === 'individual_support' && Value.Check(SupportPlanContentSchema, raw))
    return { kind, support: raw };
  if (kind === 'crisis' && Value.Check(CrisisContentSchema, raw)) return { kind, crisis: raw };
  throw new Error(`stored content of a ${kind} plan does not match its schema`);
}

export function toVersion(row: repo.VersionRow, latestConfirmed: number | null): PlanVersion {
  return {
    version: row.version,
    status: row.status,
    isSuperseded: row.status === 'confirmed' && latestConfirmed !== null && row.version < latestConfirmed,
    planDate: row.planDate,
    reviewOn: row.reviewOn,
    monitoringMonths: row.monitoringMonths,
    changeNote: row.changeNote,
    createdAt: row.createdAt.toISOString(),
    createdBy: { name: row.createdByName, organisationName: row.createdByOrganisationName },
    agreement:
      row.agreedOn && row.agreementMethod && row.agreementRecordedAt
        ? {
            agreedOn: row.agreedOn,
            method: row.agreementMethod,
            note: row.agreementNote,
            recordedBy: {
              name: row.agreementRecordedByName,
              organisationName: row.agreementRecordedByOrganisationName,
            },
            recordedAt: row.agreementRecordedAt.toISOString(),
          }
        : null,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    confirmedBy: row.confirmedAt
      ? { name: row.confirmedByName, organisationName: row.confirmedByOrganisationName }
      : null,
    noMeetingReason: row.noMeetingReason,
  };
}

export function toSummary(row: repo.PlanRow): PlanSummary {
  return {
    id: row.id,
    personId: row.personId,
    kind: row.kind,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    title: row.title,
    latestVersion: row.latestVersion,
    latestStatus: row.latestStatus,
    currentVersion: row.currentVersion,
    currentPlanDate: row.currentPlanDate,
    monitoringMonths: row.monitoringMonths,
    lastMonitoredOn: row.lastMonitoredOn,
    nextMonitoringOn:
      row.kind === 'crisis'
        ? null
        : nextMonitoringOn(row.monitoringMonths, row.currentPlanDate, row.lastMonitoredOn),
    reviewOn: row.reviewOn,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A goal a monitoring reports on: its words, 優先順位 (for needs) and 達成時期. */
export interface MonitoringTarget {
  goal: string;
  priority: number | null;
  achieveBy: string | null;
}

/** The goals (or needs) a monitoring can report progress on, by id, in the plan's order. */
export function targetsOf(content: PlanContent): Map<string, MonitoringTarget> {
  if (content.kind === 'service_use')
    return new Map(
      content.serviceUse.needs.map((n) => [
        n.id,
        { goal: n.goal, priority: n.priority, achieveBy: n.achieveBy },
      ]),
    );
  if (content.kind === 'individual_support')
    return new Map(
      content.support.goals.map((g) => [g.id, { goal: g.goal, priority: null, achieveBy: g.achieveBy }]),
    );
  return new Map();
}

/** The providers a サービス等利用計画 names (their staff are asked to confirm it). */
export function namedProviders(content: PlanContent): string[] {
  if (content.kind !== 'service_use') return [];
  const ids = content.serviceUse.needs.flatMap((n) =>
    n.services.map((s) => s.providerOrganisationId).filter((id): id is string => Boolean(id)),
  );
  return [...new Set(ids)];
}

/** A stored monitoring as the API shows it, each goal named as the monitored version wrote it. */
export function toMonitoring(
  m: repo.MonitoringRow,
  targets: ReadonlyMap<string, MonitoringTarget>,
): Monitoring {
  const progress = Array.isArray(m.progress) ? (m.progress as unknown[]) : [];
  return {
    id: m.id,
    planVersion: m.planVersion,
    monitoredOn: m.monitoredOn,
    personAccount: m.personAccount,
    overallStatus: m.overallStatus,
    progress: progress.flatMap((p) => {
      if (!Value.Check(StoredMonitoringProgress, p)) return [];
      const target = targets.get(p.targetId);
      return [
        {
          targetId: p.targetId,
          goal: target?.goal ?? '',
          priority: target?.priority ?? null,
          achieveBy: target?.achieveBy ?? null,
          progress: p.progress,
          serviceStatus: p.serviceStatus ?? null,
          personView: p.personView ?? null,
          nextSteps: p.nextSteps ?? null,
          changeServiceType: p.changeServiceType ?? false,
          changeServiceAmount: p.changeServiceAmount ?? false,
          changeWeeklyPlan: p.changeWeeklyPlan ?? false,
          note: p.note ?? null,
        },
      ];
    }),
    needsChange: m.needsChange,
    changeNote: m.changeNote,
    recordedBy: m.recordedByName ?? '',
    recordedByOrganisation: m.recordedByOrganisationName,
    recordedAt: m.recordedAt.toISOString(),
  };
}
