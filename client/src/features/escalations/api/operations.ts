import type { UrgentCaseOperations, UrgentOperationsList } from '@tsunagu/contract';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** 当番不在の記録: cases of the last two weeks with a step that reached no one, in my oversight. */
export const unreachedCasesQueryOptions = queryOptions({
  queryKey: ['urgent-operations', 'list'] as const,
  queryFn: ({ signal }) => api.get<UrgentOperationsList>('/api/urgent-cases/operations', undefined, signal),
});

/** How one case was routed (times, steps, whom they reached): never the person or the message. */
export const caseOperationsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['urgent-operations', id] as const,
    queryFn: ({ signal }) =>
      api.get<UrgentCaseOperations>(`/api/urgent-cases/${id}/operations`, undefined, signal),
  });
