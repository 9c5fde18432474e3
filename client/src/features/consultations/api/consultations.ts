import type {
  Consultation,
  ConsultationList,
  ConsultationListQuery,
  RecordConsultationBody,
} from '@tsunagu/contract';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { personKeys } from '../../../lib/query-keys.ts';

const keys = {
  all: ['consultations'] as const,
  list: (query: ConsultationListQuery) => ['consultations', 'list', query] as const,
  one: (id: string) => ['consultations', id] as const,
  ofPerson: (personId: string) => [...personKeys.all(personId), 'consultations'] as const,
};

/** My organisation's log (and what was passed to it for follow-up); the server defaults to 30 days. */
export const consultationsQueryOptions = (query: ConsultationListQuery) =>
  queryOptions({
    queryKey: keys.list(query),
    queryFn: ({ signal }) =>
      api.get<ConsultationList>(
        '/api/consultations',
        { from: query.from, to: query.to, followUp: query.followUp || undefined },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

export const consultationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: keys.one(id),
    queryFn: ({ signal }) => api.get<Consultation>(`/api/consultations/${id}`, undefined, signal),
  });

/** Consultations about one person (クライシス consent), for the person page. */
export const personConsultationsQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: keys.ofPerson(personId),
    queryFn: ({ signal }) =>
      api.get<ConsultationList>(`/api/persons/${personId}/consultations`, undefined, signal),
  });

/** 相談対応を記録する: the answer is the saved record. */
export function useRecordConsultation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordConsultationBody) => api.post<Consultation>('/api/consultations', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.one(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: keys.all });
      if (saved.person) void queryClient.invalidateQueries({ queryKey: keys.ofPerson(saved.person.id) });
    },
  });
}
