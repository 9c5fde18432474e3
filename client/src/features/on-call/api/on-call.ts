import type {
  Coverage,
  CoverageOrganisations,
  CreatedShifts,
  CreateShiftBody,
  CreateSwapRequestBody,
  MyDuty,
  OnCallNow,
  OnCallShiftDetail,
  ShiftList,
  SwapRequest,
  UpdateShiftBody,
} from '@tsunagu/contract';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { tokyoDayStart } from '../../../lib/format.ts';

const keys = {
  all: ['on-call'] as const,
  now: (regionId: string | undefined) => ['on-call', 'now', regionId ?? 'mine'] as const,
  shifts: (filters: ShiftFilters) => ['on-call', 'shifts', filters] as const,
  shift: (id: string) => ['on-call', 'shift', id] as const,
  coverage: (filters: CoverageFilters) => ['on-call', 'coverage', filters] as const,
  swaps: ['on-call', 'swaps'] as const,
  definers: (regionId: string) => ['on-call', 'coverage-organisations', regionId] as const,
  myDuty: ['on-call', 'my-duty'] as const,
};

/** The shifts I am on now (the home card of a staff member on duty). */
export const myDutyQueryOptions = queryOptions({
  queryKey: keys.myDuty,
  queryFn: ({ signal }) => api.get<MyDuty>('/api/on-call/my-duty', undefined, signal),
});

/** Who is on call now for my area (or one region). Refreshed every minute: shifts change on the minute. */
export const onCallNowQueryOptions = (regionId?: string) =>
  queryOptions({
    queryKey: keys.now(regionId),
    queryFn: ({ signal }) => api.get<OnCallNow>('/api/on-call/now', { regionId }, signal),
    refetchInterval: 60_000,
  });

export interface ShiftFilters {
  from: string;
  to: string;
  organisationId?: string | undefined;
  regionId?: string | undefined;
}

export const shiftsQueryOptions = (filters: ShiftFilters) =>
  queryOptions({
    queryKey: keys.shifts(filters),
    queryFn: ({ signal }) => api.get<ShiftList>('/api/on-call/shifts', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });

export const shiftQueryOptions = (id: string) =>
  queryOptions({
    queryKey: keys.shift(id),
    queryFn: ({ signal }) => api.get<OnCallShiftDetail>(`/api/on-call/shifts/${id}`, undefined, signal),
  });

export interface CoverageFilters {
  regionId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const coverageQueryOptions = (filters: CoverageFilters) =>
  queryOptions({
    queryKey: keys.coverage(filters),
    queryFn: ({ signal }) => api.get<Coverage>('/api/on-call/coverage', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });

/** Swap requests to or from me (and my organisation's, for its admin). */
export const swapRequestsQueryOptions = queryOptions({
  queryKey: keys.swaps,
  queryFn: ({ signal }) =>
    api.get<{ swapRequests: SwapRequest[] }>('/api/on-call/swap-requests', undefined, signal),
});

/** Every change to the rota can change the rota, now, coverage and requests: refresh them all. */
function useInvalidateOnCall() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.all });
}

export function useCreateShift() {
  const invalidate = useInvalidateOnCall();
  return useMutation({
    mutationFn: (body: CreateShiftBody) => api.post<CreatedShifts>('/api/on-call/shifts', body),
    onSuccess: invalidate,
  });
}

export function useUpdateShift(id: string) {
  const invalidate = useInvalidateOnCall();
  return useMutation({
    mutationFn: (body: UpdateShiftBody) => api.patch<OnCallShiftDetail>(`/api/on-call/shifts/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useCancelShift(id: string) {
  const invalidate = useInvalidateOnCall();
  return useMutation({
    mutationFn: () => api.delete<OnCallShiftDetail>(`/api/on-call/shifts/${id}`),
    onSuccess: invalidate,
  });
}

export function useRequestSwap(shiftId: string) {
  const invalidate = useInvalidateOnCall();
  return useMutation({
    mutationFn: (body: CreateSwapRequestBody) =>
      api.post<SwapRequest>(`/api/on-call/shifts/${shiftId}/swap-requests`, body),
    onSuccess: invalidate,
  });
}

export type SwapDecision = 'accept' | 'decline' | 'withdraw';

export function useDecideSwap() {
  const invalidate = useInvalidateOnCall();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: SwapDecision }) =>
      api.post<SwapRequest>(`/api/on-call/swap-requests/${id}/${decision}`),
    onSuccess: invalidate,
  });
}

/**
 * Whether the caller may add shifts for an organisation, as the server says with that
 * organisation's shift list (this week's, which the rota usually has loaded already).
 */
export const canAddShiftsQueryOptions = (organisationId: string | null, weekFrom: string, weekTo: string) =>
  queryOptions({
    ...shiftsQueryOptions({ from: weekFrom, to: weekTo, organisationId: organisationId ?? undefined }),
    enabled: organisationId !== null,
    select: (list: ShiftList) => list.abilities.create,
  });

/**
 * My shift now or next (primary or backup, any organisation) from today to a week ahead: the
 * on-call screen warns before it starts when this device cannot receive its pushes. The window
 * runs from the start of today (a key that holds all day); `now` drops what has ended.
 */
export const myNextShiftQueryOptions = (userId: string, today: string, now: Date) =>
  queryOptions({
    ...shiftsQueryOptions({ from: tokyoDayStart(today), to: tokyoDayStart(today, 8) }),
    select: (list: ShiftList) =>
      list.shifts
        .filter(
          (s) =>
            s.cancelledAt === null &&
            Date.parse(s.endsAt) > now.getTime() &&
            (s.primary.userId === userId || s.backup?.userId === userId),
        )
        .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0] ?? null,
  });

/** 当番が必要な時間を決める機関 of a region (its own choice, an area's above, or the default). */
export const coverageOrganisationsQueryOptions = (regionId: string) =>
  queryOptions({
    queryKey: keys.definers(regionId),
    queryFn: ({ signal }) =>
      api.get<CoverageOrganisations>(`/api/regions/${regionId}/coverage-organisations`, undefined, signal),
  });

/** A system administrator's choice for a region (an empty list: back to the default); the coverage check follows. */
export function useChooseCoverageOrganisations(regionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (organisationIds: string[]) =>
      api.put<CoverageOrganisations>(`/api/regions/${regionId}/coverage-organisations`, { organisationIds }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  });
}
