import type {
  ColumnMapping,
  DirectoryImport,
  ImportFormat,
  ImportRejection,
  SavedColumnMapping,
} from '@tsunagu/contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, uploadWithProgress } from '../../../lib/api-client.ts';

export const REJECTION_PAGE_SIZE = 100;

export const importsQueryOptions = queryOptions({
  queryKey: ['directory', 'imports'],
  queryFn: async ({ signal }) =>
    (await api.get<{ imports: DirectoryImport[] }>('/api/directory/imports', undefined, signal)).imports,
});

/** One import; while it runs, polled every second so the progress bar moves. */
export const importQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['directory', 'imports', id],
    queryFn: ({ signal }) => api.get<DirectoryImport>(`/api/directory/imports/${id}`, undefined, signal),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });

export const rejectionsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['directory', 'imports', id, 'rejections'],
    queryFn: ({ signal }) =>
      api.get<{ rejections: ImportRejection[]; total: number }>(
        `/api/directory/imports/${id}/rejections`,
        { limit: REJECTION_PAGE_SIZE },
        signal,
      ),
  });

/** The rejected rows as CSV (a download link: the browser sends the session cookie). */
export const rejectionsCsvUrl = (id: string) => `/api/directory/imports/${id}/rejections.csv`;

export const mappingsQueryOptions = queryOptions({
  queryKey: ['directory', 'import-mappings'],
  queryFn: async ({ signal }) =>
    (await api.get<{ mappings: SavedColumnMapping[] }>('/api/directory/import-mappings', undefined, signal))
      .mappings,
});

export interface ImportUpload {
  file: File;
  format: ImportFormat;
  importAllRegions: boolean;
  mappingId?: string | undefined;
  onProgress: (sent: number) => void;
}

/** Sends a file to import; the answer is the import, already reading its rows. */
export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, format, importAllRegions, mappingId, onProgress }: ImportUpload) => {
      // The options come before the file: the server reads them first, then streams the file.
      const form = new FormData();
      form.append('format', format);
      form.append('importAllRegions', String(importAllRegions));
      if (mappingId) form.append('mappingId', mappingId);
      form.append('file', file, file.name);
      return uploadWithProgress<DirectoryImport>('/api/directory/imports', form, onProgress);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['directory', 'imports'], exact: true }),
  });
}

export function useSaveMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ColumnMapping) => api.post<SavedColumnMapping>('/api/directory/import-mappings', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['directory', 'import-mappings'] }),
  });
}
