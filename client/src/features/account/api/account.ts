import type { AccountOverview, RecoveryCodes } from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** My account: profile, remaining recovery codes, where I am signed in. */
export const accountQueryOptions = queryOptions({
  queryKey: ['account'],
  queryFn: ({ signal }) => api.get<AccountOverview>('/api/account', undefined, signal),
});

/** New recovery codes (the old ones stop working), proven with a current authenticator code. */
export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<RecoveryCodes>('/api/account/recovery-codes', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountQueryOptions.queryKey }),
  });
}
