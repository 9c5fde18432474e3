import type {
  AgreementBody,
  ConfirmBody,
  ConfirmResult,
  CrisisPlanBody,
  CrisisPlanView,
  DeliveryBody,
  DueList,
  DueScope,
  MeetingBody,
  MonitoringBody,
  Plan,
  PlanDiff,
  PlanKind,
  PlanList,
  ServiceUsePlanBody,
  SupportPlanBody,
} from '@tsunagu/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { personKeys } from '../../../lib/query-keys.ts';

/**
 * Query keys. A person's plans hang under the person's key, so any change to the person's record
 * (and invalidatePerson) refreshes them; one plan hangs under its own key.
 */
export const planKeys = {
  list: (personId: string) => [...personKeys.all(personId), 'plans'] as const,
  crisis: (personId: string) => [...personKeys.all(personId), 'crisis-plan'] as const,
  one: (planId: string) => ['plan', planId] as const,
  diff: (planId: string, from: number, to: number) => ['plan', planId, 'diff', from, to] as const,
  due: (scope: DueScope) => ['due', scope] as const,
  allDue: ['due'] as const,
};

/** The person's plans the caller may see (consent for 福祉サービス, or クライシス). */
export const planListQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: planKeys.list(personId),
    queryFn: ({ signal }) => api.get<PlanList>(`/api/persons/${personId}/plans`, undefined, signal),
  });

/** クライシスプラン: the version in force, or why there is none. */
export const crisisPlanQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: planKeys.crisis(personId),
    queryFn: ({ signal }) =>
      api.get<CrisisPlanView>(`/api/persons/${personId}/crisis-plan`, undefined, signal),
  });

/** One plan: latest and current versions, history, monitorings, linked goals and abilities. */
export const planQueryOptions = (planId: string) =>
  queryOptions({
    queryKey: planKeys.one(planId),
    queryFn: ({ signal }) => api.get<Plan>(`/api/plans/${planId}`, undefined, signal),
  });

/** What changed between two versions. */
export const planDiffQueryOptions = (planId: string, from: number, to: number) =>
  queryOptions({
    queryKey: planKeys.diff(planId, from, to),
    queryFn: ({ signal }) => api.get<PlanDiff>(`/api/plans/${planId}/diff`, { from, to }, signal),
  });

/** 期限: mine (persons I am named for) or my organisation's. */
export const dueQueryOptions = (scope: DueScope) =>
  queryOptions({
    queryKey: planKeys.due(scope),
    queryFn: ({ signal }) => api.get<DueList>('/api/due', { scope }, signal),
  });

/** The A4 PDF of a plan (the version in force unless another is named); sent as a download. */
export function planPdfUrl(planId: string, version?: number): string {
  return version ? `/api/plans/${planId}/pdf?version=${version}` : `/api/plans/${planId}/pdf`;
}

/** The body each kind of plan is saved with. */
export interface PlanBodies {
  service_use: ServiceUsePlanBody;
  individual_support: SupportPlanBody;
  crisis: CrisisPlanBody;
}

const kindPath: Record<PlanKind, string> = {
  service_use: 'service-use',
  individual_support: 'individual-support',
  crisis: 'crisis',
};

/** After a change: the plan, the person's list and crisis plan, and the due dashboard. */
function useRefreshPlans() {
  const queryClient = useQueryClient();
  return (personId: string, plan?: Plan) => {
    if (plan) queryClient.setQueryData(planKeys.one(plan.summary.id), plan);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: planKeys.list(personId) }),
      queryClient.invalidateQueries({ queryKey: planKeys.crisis(personId) }),
      queryClient.invalidateQueries({ queryKey: planKeys.allDue }),
      plan ? null : queryClient.invalidateQueries({ queryKey: ['plan'] }),
    ]);
  };
}

/** Creates a plan (no `planId`) or saves a new version of it; both answer a 計画案. */
export function useSavePlan<K extends PlanKind>(kind: K, personId: string, planId: string | null) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: PlanBodies[K]) =>
      planId
        ? api.post<{ id: string; version: number }>(`/api/plans/${planId}/versions/${kindPath[kind]}`, body)
        : api.post<{ id: string; version: number }>(`/api/persons/${personId}/plans/${kindPath[kind]}`, body),
    onSuccess: () => refresh(personId),
  });
}

/** 本人同意: the date and form of the person's agreement to the latest 計画案. */
export function useRecordAgreement(personId: string, planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: AgreementBody) => api.post<Plan>(`/api/plans/${planId}/agreement`, body),
    onSuccess: (plan) => refresh(personId, plan),
  });
}

/** 確定: only a version the person agreed to; after the 支給決定, with a meeting or the reason there was none. */
export function useConfirmPlan(personId: string, planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: ConfirmBody) => api.post<ConfirmResult>(`/api/plans/${planId}/confirm`, body),
    onSuccess: (result) => refresh(personId, result.plan),
  });
}

/** サービス担当者会議 on a version of the plan. */
export function useRecordMeeting(personId: string, planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: MeetingBody) => api.post<Plan>(`/api/plans/${planId}/meetings`, body),
    onSuccess: (plan) => refresh(personId, plan),
  });
}

/** 交付: to whom a version the person agreed to was handed. */
export function useRecordDelivery(personId: string, planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: DeliveryBody) => api.post<Plan>(`/api/plans/${planId}/deliveries`, body),
    onSuccess: (plan) => refresh(personId, plan),
  });
}

/** The モニタリング報告書 of one monitoring as a PDF (a download). */
export function monitoringPdfUrl(planId: string, monitoringId: string): string {
  return `/api/plans/${planId}/monitorings/${monitoringId}/pdf`;
}

/** モニタリング of the version in force. */
export function useRecordMonitoring(personId: string, planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: MonitoringBody) => api.post<Plan>(`/api/plans/${planId}/monitoring`, body),
    onSuccess: (plan) => refresh(personId, plan),
  });
}

/**
 * The needs of the person's サービス等利用計画 (the version in force, else the latest), to link
 * and name the goals of a 個別支援計画; empty while loading or when there is no such plan.
 */
export function useServiceUseNeeds(personId: string, enabled: boolean): { id: string; need: string }[] {
  const list = useQuery({ ...planListQueryOptions(personId), enabled });
  const planId = list.data?.plans.find((p) => p.kind === 'service_use')?.id;
  const plan = useQuery({ ...planQueryOptions(planId ?? ''), enabled: enabled && planId !== undefined });
  const version = plan.data ? (plan.data.current ?? plan.data.latest) : null;
  return version?.content.kind === 'service_use'
    ? version.content.serviceUse.needs.map((n) => ({ id: n.id, need: n.need }))
    : [];
}
