import type {
  InformationCategory,
  UrgentAwaiting,
  UrgentCase,
  UrgentCaseList,
  UrgentPreview,
} from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { LiveEvent } from '../../../lib/live.ts';

const keys = {
  all: ['urgent-cases'] as const,
  list: ['urgent-cases', 'list'] as const,
  one: (id: string) => ['urgent-cases', id] as const,
  awaiting: ['urgent-cases', 'awaiting-me'] as const,
};

/** The cases waiting for me now (banner and navigation count): no person, no words. */
export const urgentAwaitingQueryOptions = queryOptions({
  queryKey: keys.awaiting,
  queryFn: ({ signal }) => api.get<UrgentAwaiting>('/api/urgent-cases/awaiting-me', undefined, signal),
});

/** Before sending a 至急・緊急: who it reaches now and whether they can read the category. */
export const urgentPreviewQueryOptions = (personId: string, category: InformationCategory) =>
  queryOptions({
    queryKey: ['urgent-preview', personId, category] as const,
    queryFn: ({ signal }) =>
      api.get<UrgentPreview>(`/api/persons/${personId}/urgent-preview`, { category }, signal),
    // Who is on duty changes with the minute; look again each time the composer asks.
    staleTime: 0,
  });

/** 至急・緊急の連絡: those that reached me and those my organisation sent, two weeks back. */
export const urgentCasesQueryOptions = queryOptions({
  queryKey: keys.list,
  queryFn: ({ signal }) => api.get<UrgentCaseList>('/api/urgent-cases', undefined, signal),
});

/** One case: who was reached, who takes it, and the crisis information within consent. */
export const urgentCaseQueryOptions = (id: string) =>
  queryOptions({
    queryKey: keys.one(id),
    queryFn: ({ signal }) => api.get<UrgentCase>(`/api/urgent-cases/${id}`, undefined, signal),
  });

/** The answer of every action is the refreshed case: show it, then refresh the list. */
function useCaseAction<T>(id: string, send: (body: T) => Promise<UrgentCase>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (next) => {
      queryClient.setQueryData(keys.one(id), next);
      void queryClient.invalidateQueries({ queryKey: keys.list });
      void queryClient.invalidateQueries({ queryKey: keys.awaiting });
    },
  });
}

/** 対応します (with an optional note). */
export const useAcknowledgeUrgentCase = (id: string) =>
  useCaseAction(id, (note: string) =>
    api.post<UrgentCase>(`/api/urgent-cases/${id}/acknowledge`, note ? { note } : {}),
  );

/** The asking organisation withdraws its call. */
export const useCancelUrgentCase = (id: string) =>
  useCaseAction(id, (reason: string) => api.post<UrgentCase>(`/api/urgent-cases/${id}/cancel`, { reason }));

/** 緊急時の閲覧 from the case, with the reason recorded. */
export const useBreakGlassForCase = (id: string) =>
  useCaseAction(id, (reason: string) =>
    api.post<UrgentCase>(`/api/urgent-cases/${id}/break-glass`, { reason }),
  );

/** A step fired, someone took the case, or it was withdrawn: the case and the list refresh. */
export function applyUrgentEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (!event.kind.startsWith('urgent.')) return;
  void queryClient.invalidateQueries({ queryKey: keys.list });
  void queryClient.invalidateQueries({ queryKey: keys.awaiting });
  if (event.subjectId) void queryClient.invalidateQueries({ queryKey: keys.one(event.subjectId) });
}

/** After the live stream was interrupted. */
export function refreshUrgentCases(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: keys.all });
}
