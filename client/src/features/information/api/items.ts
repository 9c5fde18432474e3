import type {
  CorrectItemBody,
  FreshnessState,
  InformationCategory,
  Item,
  ItemKind,
  ItemSource,
  RecordItemBody,
  FreshnessRules,
  SetFreshnessRuleBody,
} from '@tsunagu/contract';
import type { Static } from 'typebox';
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { invalidatePerson, personKeys } from '../../../lib/query-keys.ts';

/** The timeline's filters, as the API takes them. */
export interface ItemFilters {
  category?: InformationCategory | undefined;
  source?: ItemSource | undefined;
  kind?: ItemKind | undefined;
  freshness?: FreshnessState | undefined;
}

const PAGE_SIZE = 30;

/** Newest first; 「さらに読み込む」 asks for what was recorded before the last one shown. */
export const itemsQueryOptions = (personId: string, filters: ItemFilters, pageSize = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: personKeys.items(personId, { ...filters, pageSize }),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: Item[]; nextBefore: string | null }>(
        `/api/persons/${personId}/items`,
        { ...filters, limit: pageSize, before: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const itemVersionsQueryOptions = (itemId: string) =>
  queryOptions({
    queryKey: ['item-versions', itemId],
    queryFn: async ({ signal }) =>
      (await api.get<{ versions: Item[] }>(`/api/items/${itemId}/versions`, undefined, signal)).versions,
  });

function useInvalidate() {
  const queryClient = useQueryClient();
  return (item: Item) => {
    void queryClient.invalidateQueries({ queryKey: ['item-versions', item.id] });
    return invalidatePerson(queryClient, item.personId);
  };
}

export function useRecordItem(personId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: RecordItemBody) => api.post<Item>(`/api/persons/${personId}/items`, body),
    onSuccess: invalidate,
  });
}

/** 最新確認: "I checked, it is still true". */
export function useConfirmItem() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (itemId: string) => api.post<Item>(`/api/items/${itemId}/confirm`),
    onSuccess: invalidate,
  });
}

/** 訂正: a new version; the old one stays in the history. */
export function useCorrectItem() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: string; body: CorrectItemBody }) =>
      api.post<Item>(`/api/items/${itemId}/corrections`, body),
    onSuccess: invalidate,
  });
}

/** Review intervals per category; `regionId` null for the defaults everywhere. */
export const freshnessRulesQueryOptions = (regionId: string | null) =>
  queryOptions({
    queryKey: ['freshness-rules', regionId],
    queryFn: ({ signal }) =>
      api.get<Static<typeof FreshnessRules>>(
        '/api/freshness-rules',
        { regionId: regionId ?? undefined },
        signal,
      ),
  });

export function useSetFreshnessRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetFreshnessRuleBody) => api.put<unknown>('/api/freshness-rules', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['freshness-rules'] }),
  });
}
