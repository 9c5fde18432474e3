import type { AuditEvent, AuditOutcome, AuditVerifyReport } from '@tsunagu/contract';
import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';

/** The audit filters as the API takes them (times already converted to ISO instants). */
export interface AuditFilters {
  from?: string | undefined;
  to?: string | undefined;
  actorUserId?: string | undefined;
  organisationId?: string | undefined;
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  targetId?: string | undefined;
}

const PAGE_SIZE = 100;

/** Newest first; each "さらに読み込む" asks for the events before the last one shown. */
export const auditEventsQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ events: AuditEvent[]; nextBeforeSeq: string | null }>(
        '/api/audit-events',
        { ...filters, limit: PAGE_SIZE, beforeSeq: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBeforeSeq,
  });

/** The CSV export is a plain download: the browser saves the file the server names. */
export function auditCsvUrl(filters: AuditFilters): string {
  return withQuery('/api/audit-events.csv', { ...filters });
}

export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => api.post<AuditVerifyReport>('/api/audit/verify'),
  });
}
