import type {
  CertificateBody,
  DoNotTellWarning,
  ExclusionCheck,
  ExclusionCheckBody,
  ContactBody,
  PersonList,
  PersonOverview,
  RegisterPersonBody,
  UpdatePersonBody,
} from '@tsunagu/contract';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { invalidatePerson, personKeys } from '../../../lib/query-keys.ts';

export const PERSON_PAGE_SIZE = 50;

/** 「私の担当」 (no search) or the persons whose name or reading contains `q`. */
export const personListQueryOptions = (q: string) =>
  queryOptions({
    queryKey: personKeys.list(q),
    queryFn: ({ signal }) =>
      api.get<PersonList>('/api/persons', { q: q || undefined, limit: PERSON_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

/** The person page. Every read is audited by the server, so it is not refetched on focus. */
export const personOverviewQueryOptions = (id: string) =>
  queryOptions({
    queryKey: personKeys.overview(id),
    queryFn: ({ signal }) => api.get<PersonOverview>(`/api/persons/${id}`, undefined, signal),
  });

/** The answer of every change to the record is the refreshed page: show it, then refresh the rest. */
function useStoreOverview() {
  const queryClient = useQueryClient();
  return (overview: PersonOverview) => {
    queryClient.setQueryData(personKeys.overview(overview.id), overview);
    void queryClient.invalidateQueries({ queryKey: personKeys.lists });
  };
}

export function useRegisterPerson() {
  const store = useStoreOverview();
  return useMutation({
    mutationFn: (body: RegisterPersonBody) => api.post<PersonOverview>('/api/persons', body),
    onSuccess: store,
  });
}

export function useUpdatePerson(id: string) {
  const store = useStoreOverview();
  return useMutation({
    mutationFn: (body: UpdatePersonBody) => api.patch<PersonOverview>(`/api/persons/${id}`, body),
    onSuccess: store,
  });
}

/** Adds (no id) or changes a certificate. */
export function useSaveCertificate(personId: string) {
  const store = useStoreOverview();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: CertificateBody }) =>
      id
        ? api.put<PersonOverview>(`/api/persons/${personId}/certificates/${id}`, body)
        : api.post<PersonOverview>(`/api/persons/${personId}/certificates`, body),
    onSuccess: store,
  });
}

export function useDeleteCertificate(personId: string) {
  const store = useStoreOverview();
  return useMutation({
    mutationFn: (id: string) => api.delete<PersonOverview>(`/api/persons/${personId}/certificates/${id}`),
    onSuccess: store,
  });
}

/** Adds (no id) or changes a family member or other contact. */
export function useSaveContact(personId: string) {
  const store = useStoreOverview();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: ContactBody }) =>
      id
        ? api.put<PersonOverview>(`/api/persons/${personId}/contacts/${id}`, body)
        : api.post<PersonOverview>(`/api/persons/${personId}/contacts`, body),
    onSuccess: store,
  });
}

export function useDeleteContact(personId: string) {
  const store = useStoreOverview();
  return useMutation({
    mutationFn: (id: string) => api.delete<PersonOverview>(`/api/persons/${personId}/contacts/${id}`),
    onSuccess: store,
  });
}

/** Refreshes everything shown about a person (after a change made elsewhere on the page). */
export function useRefreshPerson() {
  const queryClient = useQueryClient();
  return (personId: string) => invalidatePerson(queryClient, personId);
}

/**
 * 一切伝えてはいけない人 for a screen that shows a person without the person page (the crisis plan,
 * the consultation form, liaison-sheet creation). Audited by the server; kept with the person.
 */
export const doNotTellQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: [...personKeys.all(personId), 'do-not-tell'] as const,
    queryFn: ({ signal }) =>
      api.get<DoNotTellWarning>(`/api/persons/${personId}/do-not-tell`, undefined, signal),
  });

/** Whether someone about to be recorded or written to may be an excluded contact (before saving). */
export function useExclusionCheck(personId: string | null) {
  return useMutation({
    mutationFn: (who: ExclusionCheckBody) =>
      api.post<ExclusionCheck>(`/api/persons/${personId ?? ''}/exclusion-check`, who),
  });
}
