import type {
  Closure,
  CreateClosureBody,
  DaySchedule,
  OrganisationCalendar,
  PutSpecialDayBody,
  SpecialDay,
  UpdateHolidayPolicyBody,
} from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

const base = (organisationId: string) => `/api/organisations/${organisationId}/calendar`;

/** An organisation's calendar and where it stands now (open/closed, next opening, coming closures). */
export const calendarQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: ['calendars', organisationId],
    queryFn: ({ signal }) => api.get<OrganisationCalendar>(base(organisationId), undefined, signal),
    // "Open now" goes stale by itself: look again every few minutes while the page is open.
    refetchInterval: 5 * 60_000,
  });

/** The calendar day by day between two dates (YYYY-MM-DD). */
export const calendarDaysQueryOptions = (organisationId: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['calendars', organisationId, 'days', from, to],
    queryFn: ({ signal }) =>
      api.get<{ days: DaySchedule[] }>(`${base(organisationId)}/days`, { from, to }, signal),
  });

function useInvalidateCalendar(organisationId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['calendars', organisationId] });
}

export function useUpdateHolidayPolicy(organisationId: string) {
  const invalidate = useInvalidateCalendar(organisationId);
  return useMutation({
    mutationFn: (body: UpdateHolidayPolicyBody) =>
      api.patch<OrganisationCalendar>(base(organisationId), body),
    onSuccess: invalidate,
  });
}

export function useAddClosure(organisationId: string) {
  const invalidate = useInvalidateCalendar(organisationId);
  return useMutation({
    mutationFn: (body: CreateClosureBody) => api.post<Closure>(`${base(organisationId)}/closures`, body),
    onSuccess: invalidate,
  });
}

export function useRemoveClosure(organisationId: string) {
  const invalidate = useInvalidateCalendar(organisationId);
  return useMutation({
    mutationFn: (closureId: string) =>
      api.delete<{ ok: true }>(`${base(organisationId)}/closures/${closureId}`),
    onSuccess: invalidate,
  });
}

export function usePutSpecialDay(organisationId: string) {
  const invalidate = useInvalidateCalendar(organisationId);
  return useMutation({
    mutationFn: ({ date, ...body }: PutSpecialDayBody & { date: string }) =>
      api.put<SpecialDay>(`${base(organisationId)}/special-days/${date}`, body),
    onSuccess: invalidate,
  });
}

export function useRemoveSpecialDay(organisationId: string) {
  const invalidate = useInvalidateCalendar(organisationId);
  return useMutation({
    mutationFn: (date: string) => api.delete<{ ok: true }>(`${base(organisationId)}/special-days/${date}`),
    onSuccess: invalidate,
  });
}
