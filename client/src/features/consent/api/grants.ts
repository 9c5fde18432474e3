import type { Grant, RecordGrantBody, Renewal as RenewalSchema, WithdrawGrantBody } from '@tsunagu/contract';
import type { Static } from 'typebox';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { invalidatePerson, personKeys } from '../../../lib/query-keys.ts';

/** One consent that needs renewing (the contract exports only its schema). */
export type Renewal = Static<typeof RenewalSchema>;

/** 同意の更新: expired or expiring within 30 days, on teams my organisation leads. */
export const renewalsQueryOptions = queryOptions({
  queryKey: personKeys.renewals,
  queryFn: async ({ signal }) =>
    (await api.get<{ renewals: Renewal[] }>('/api/grants/renewals', undefined, signal)).renewals,
});

/** Where the scanned consent form is downloaded (a plain link; the session cookie goes with it). */
export function grantDocumentUrl(grantId: string): string {
  return `/api/grants/${grantId}/document`;
}

export function useRecordGrant(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordGrantBody) => api.post<Grant>(`/api/persons/${personId}/grants`, body),
    onSuccess: () => invalidatePerson(queryClient, personId),
  });
}

/** 撤回: takes effect at once. */
export function useWithdrawGrant(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ grantId, body }: { grantId: string; body: WithdrawGrantBody }) =>
      api.post<Grant>(`/api/grants/${grantId}/withdraw`, body),
    onSuccess: () => invalidatePerson(queryClient, personId),
  });
}

/** Attaches (or replaces) the scanned consent form: PDF, JPEG, PNG or WebP up to 10 MB. */
export function useUploadGrantDocument(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ grantId, file }: { grantId: string; file: File }) =>
      api.upload<Grant>('PUT', `/api/grants/${grantId}/document`, file),
    onSuccess: () => invalidatePerson(queryClient, personId),
  });
}
