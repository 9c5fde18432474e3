import type { ChangePasswordBody, SessionInfo } from '@tsunagu/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { sessionQueryKey, storeSession } from './session.ts';

/** A new password (forced after a temporary one, or chosen); the server renews the session. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.put<SessionInfo>('/api/account/password', body),
    onSuccess: async (info) => {
      storeSession(queryClient, info);
      // Other sessions ended with the change; anything showing them is out of date.
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
    },
  });
}
