import type { EmergencyAccessBody, EmergencyAccessResult as ResultSchema } from '@tsunagu/contract';
import type { Static } from 'typebox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { personKeys } from '../../../lib/query-keys.ts';

export type EmergencyAccessResult = Static<typeof ResultSchema>;

/** 緊急時の閲覧: records the reason and opens the matching person for a few hours. */
export function useOpenEmergencyAccess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EmergencyAccessBody) => api.post<EmergencyAccessResult>('/api/emergency-access', body),
    // The person now appears in my list, and their page (if seen before) must be read again.
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: personKeys.lists });
      for (const m of result.matches)
        void queryClient.invalidateQueries({ queryKey: personKeys.all(m.personId) });
    },
  });
}
