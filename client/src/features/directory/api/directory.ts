import type {
  CreateDirectoryEntryBody,
  DirectoryEntry,
  DirectorySearchQuery,
  DirectorySearchResult,
  UpdateDirectoryEntryBody,
} from '@tsunagu/contract';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const DIRECTORY_PAGE_SIZE = 20;

/** A search as the screen keeps it in the address; the server pages it. */
export type DirectoryFilters = Omit<DirectorySearchQuery, 'limit'>;

export const directorySearchQueryOptions = (filters: DirectoryFilters, pageSize = DIRECTORY_PAGE_SIZE) =>
  queryOptions({
    queryKey: ['directory', 'search', filters, pageSize],
    queryFn: ({ signal }) =>
      api.get<DirectorySearchResult>('/api/directory', { ...filters, limit: pageSize }, signal),
    placeholderData: keepPreviousData,
  });

export const directoryEntryQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['directory', 'entry', id],
    queryFn: ({ signal }) => api.get<DirectoryEntry>(`/api/directory/entries/${id}`, undefined, signal),
  });

/** An entry is an organisation: the organisation screens and pickers show the change too. */
function useInvalidateDirectory() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (q) => q.queryKey[0] === 'directory' || q.queryKey[0] === 'organisations',
    });
}

export function useCreateDirectoryEntry() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (body: CreateDirectoryEntryBody) => api.post<DirectoryEntry>('/api/directory/entries', body),
    onSuccess: invalidate,
  });
}

export function useUpdateDirectoryEntry(id: string) {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (body: UpdateDirectoryEntryBody) =>
      api.patch<DirectoryEntry>(`/api/directory/entries/${id}`, body),
    onSuccess: invalidate,
  });
}

/** 「今も正しいと確認した」 */
export function useConfirmDirectoryEntry(id: string) {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: () => api.post<DirectoryEntry>(`/api/directory/entries/${id}/confirm`),
    onSuccess: invalidate,
  });
}
