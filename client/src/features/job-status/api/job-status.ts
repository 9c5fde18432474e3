import type { JobStatusReport } from '@tsunagu/contract';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * バックグラウンド処理の状況 (system administrators). Not refetched on a timer: a page left open
 * must not keep its session alive; the page offers a reload, and a failure notice links here.
 */
export const jobStatusQueryOptions = queryOptions({
  queryKey: ['job-status'] as const,
  queryFn: ({ signal }) => api.get<JobStatusReport>('/api/admin/jobs/status', undefined, signal),
});
