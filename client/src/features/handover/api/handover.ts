import type { Handover, HandoverList } from '@tsunagu/contract';
import type { Static } from 'typebox';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

const keys = {
  all: ['handovers'] as const,
  one: (id: string) => ['handovers', id] as const,
};

/** 申し送り addressed to my organisation, unconfirmed first. */
export const handoversQueryOptions = queryOptions({
  queryKey: keys.all,
  queryFn: ({ signal }) => api.get<Static<typeof HandoverList>>('/api/handovers', undefined, signal),
});

export const handoverQueryOptions = (id: string) =>
  queryOptions({
    queryKey: keys.one(id),
    queryFn: ({ signal }) => api.get<Handover>(`/api/handovers/${id}`, undefined, signal),
  });

/** 確認しました: the handover leaves the unconfirmed list. */
export function useConfirmHandover(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Handover>(`/api/handovers/${id}/confirm`),
    onSuccess: (next) => {
      queryClient.setQueryData(keys.one(id), next);
      void queryClient.invalidateQueries({ queryKey: keys.all, exact: true });
    },
  });
}
