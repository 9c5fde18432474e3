import type {
  CreateOrganisationBody,
  Organisation,
  OrganisationKind,
  Sector,
  UpdateOrganisationBody,
} from '@tsunagu/contract';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** Filters of the organisation list, as kept in the URL. */
export interface OrganisationFilters {
  q?: string | undefined;
  sector?: Sector | undefined;
  kind?: OrganisationKind | undefined;
  regionId?: string | undefined;
  offset?: number | undefined;
}

export const ORGANISATION_PAGE_SIZE = 30;

export const organisationsQueryOptions = (filters: OrganisationFilters) =>
  queryOptions({
    queryKey: ['organisations', 'list', filters],
    queryFn: ({ signal }) =>
      api.get<{ organisations: Organisation[]; total: number }>(
        '/api/organisations',
        { ...filters, limit: ORGANISATION_PAGE_SIZE },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

/**
 * Every organisation the caller can see (the server's maximum page), for pickers: the staff
 * form's "所属機関" and the audit filter. Each carries the caller's abilities on it.
 */
export const allOrganisationsQueryOptions = queryOptions({
  queryKey: ['organisations', 'all'],
  queryFn: async ({ signal }) =>
    (
      await api.get<{ organisations: Organisation[]; total: number }>(
        '/api/organisations',
        { limit: 500 },
        signal,
      )
    ).organisations,
  staleTime: 60_000,
});

/**
 * The organisations on tsunagu (with accounts), for pickers whose choice only means something
 * for an organisation with staff (a rota, an escalation chain): imported directory entries, tens
 * of thousands of them, would otherwise fill the page of 500 before them.
 */
export const tsunaguOrganisationsQueryOptions = queryOptions({
  queryKey: ['organisations', 'on-tsunagu'],
  queryFn: async ({ signal }) =>
    (
      await api.get<{ organisations: Organisation[]; total: number }>(
        '/api/organisations',
        { limit: 500, onTsunagu: true },
        signal,
      )
    ).organisations,
  staleTime: 60_000,
});

export const organisationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['organisations', 'detail', id],
    queryFn: ({ signal }) => api.get<Organisation>(`/api/organisations/${id}`, undefined, signal),
  });

function useInvalidateOrganisations() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['organisations'] });
}

export function useCreateOrganisation() {
  const invalidate = useInvalidateOrganisations();
  return useMutation({
    mutationFn: (body: CreateOrganisationBody) => api.post<Organisation>('/api/organisations', body),
    onSuccess: invalidate,
  });
}

export function useUpdateOrganisation(id: string) {
  const invalidate = useInvalidateOrganisations();
  return useMutation({
    mutationFn: (body: UpdateOrganisationBody) => api.patch<Organisation>(`/api/organisations/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(`/api/organisations/${id}`),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: ['organisations', 'detail', id] });
      return queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
}
