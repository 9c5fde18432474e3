import type {
  AwaitingList,
  CorrectMessageBody,
  Item,
  Message,
  MessageHistory,
  MessagePage,
  MessageToItemBody,
  PostMessageBody,
  ReceiptList,
} from '@tsunagu/contract';
import type { Static } from 'typebox';
import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { api, apiRequest } from '../../../lib/api-client.ts';
import type { LiveEvent } from '../../../lib/live.ts';
import { invalidatePerson } from '../../../lib/query-keys.ts';

export type { Message };
export type MessagePageData = Static<typeof MessagePage>;
export type Receipt = Static<typeof ReceiptList>['receipts'][number];
export type MessageVersion = Static<typeof MessageHistory>['versions'][number];
export type AwaitingItem = Static<typeof AwaitingList>['items'][number];

/** What the timeline shows: everything, one topic thread, or a search. */
export interface MessageFilters {
  q?: string | undefined;
  threadId?: string | undefined;
}

const PAGE_SIZE = 30;

/**
 * Query keys. Everything about one person's team timeline hangs under the person's key, so a
 * live event about that person refreshes it all at once (and invalidatePerson covers it too).
 */
export const messageKeys = {
  all: (personId: string) => ['person', personId, 'messages'] as const,
  list: (personId: string, filters: MessageFilters) =>
    ['person', personId, 'messages', 'list', filters] as const,
  unread: (personId: string) => ['person', personId, 'messages', 'unread'] as const,
  one: (personId: string, id: string) => ['person', personId, 'messages', 'one', id] as const,
  receipts: (personId: string, id: string) => ['person', personId, 'messages', 'receipts', id] as const,
  history: (personId: string, id: string) => ['person', personId, 'messages', 'history', id] as const,
  awaiting: ['messages-awaiting'] as const,
  awaitingMe: ['messages-awaiting', 'me'] as const,
  awaitingOthers: ['messages-awaiting', 'others'] as const,
};

/** チームの連絡, newest first; 「さらに読み込む」 asks for what came before the last one shown. */
export const messagesQueryOptions = (personId: string, filters: MessageFilters) =>
  infiniteQueryOptions({
    queryKey: messageKeys.list(personId, filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<MessagePageData>(
        `/api/persons/${personId}/messages`,
        { q: filters.q, threadId: filters.threadId, before: pageParam ?? undefined, limit: PAGE_SIZE },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });

/**
 * How many messages I have not read, for the tab on the person page. The API tells it with a
 * page of messages, so this asks for the smallest page (one message).
 */
export const unreadMessagesQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: messageKeys.unread(personId),
    queryFn: async ({ signal }) =>
      (await api.get<MessagePageData>(`/api/persons/${personId}/messages`, { limit: 1 }, signal)).unread,
  });

/** One message (opened from 確認待ち or お知らせ, however old it is). */
export const messageQueryOptions = (personId: string, id: string) =>
  queryOptions({
    queryKey: messageKeys.one(personId, id),
    queryFn: ({ signal }) => api.get<Message>(`/api/messages/${id}`, undefined, signal),
  });

export const receiptsQueryOptions = (personId: string, id: string) =>
  queryOptions({
    queryKey: messageKeys.receipts(personId, id),
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof ReceiptList>>(`/api/messages/${id}/receipts`, undefined, signal)).receipts,
  });

export const historyQueryOptions = (personId: string, id: string) =>
  queryOptions({
    queryKey: messageKeys.history(personId, id),
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof MessageHistory>>(`/api/messages/${id}/history`, undefined, signal))
        .versions,
  });

/** 確認待ち: acknowledgements asked of me (or my organisation). */
export const awaitingMeQueryOptions = queryOptions({
  queryKey: messageKeys.awaitingMe,
  queryFn: async ({ signal }) =>
    (await api.get<Static<typeof AwaitingList>>('/api/messages/awaiting-me', undefined, signal)).items,
});

/** 確認待ち: my messages still waiting for someone's acknowledgement. */
export const awaitingOthersQueryOptions = queryOptions({
  queryKey: messageKeys.awaitingOthers,
  queryFn: async ({ signal }) =>
    (await api.get<Static<typeof AwaitingList>>('/api/messages/awaiting-others', undefined, signal)).items,
});

/** The download address of an attachment (sent as an attachment, never shown inline). */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${id}`;
}

/** After a change to a message: its person's timeline (and receipts, history) and the 確認待ち lists. */
function refreshAfter(queryClient: QueryClient, personId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: messageKeys.all(personId) }),
    queryClient.invalidateQueries({ queryKey: messageKeys.awaiting }),
  ]);
}

/** A message to send, with the files to attach. */
export interface Outgoing {
  body: PostMessageBody;
  files: readonly File[];
}

/** 送信: JSON, or multipart (field `message` with the JSON, `files` the attachments). */
export function usePostMessage(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, files }: Outgoing) => {
      const path = `/api/persons/${personId}/messages`;
      if (files.length === 0) return api.post<Message>(path, body);
      const form = new FormData();
      form.append('message', JSON.stringify(body));
      for (const file of files) form.append('files', file, file.name);
      return apiRequest<Message>('POST', path, { form });
    },
    onSuccess: () => refreshAfter(queryClient, personId),
  });
}

/** 確認しました, with an optional reply. */
export function useAcknowledge(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reply }: { id: string; reply: string | null }) =>
      api.post<Message>(`/api/messages/${id}/acknowledge`, reply ? { reply } : {}),
    onSuccess: () => refreshAfter(queryClient, personId),
  });
}

/** 訂正 (author only); the earlier text stays in the history. */
export function useCorrectMessage(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CorrectMessageBody }) =>
      api.patch<Message>(`/api/messages/${id}`, body),
    onSuccess: () => refreshAfter(queryClient, personId),
  });
}

/** 取り下げ (author only), with its reason; the history stays readable. */
export function useWithdrawMessage(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<Message>(`/api/messages/${id}/withdraw`, { reason }),
    onSuccess: () => refreshAfter(queryClient, personId),
  });
}

/** 情報として記録: the message becomes a quality-tagged item on the person's timeline. */
export function useMessageToItem(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Static<typeof MessageToItemBody> }) =>
      api.post<Item>(`/api/messages/${id}/item`, body),
    onSuccess: () => invalidatePerson(queryClient, personId),
  });
}

/**
 * 既読: moves my read cursor up to `upToSeq`. The pages already shown keep their marks (so the
 * user still sees what was new); only the unread counts change.
 */
export function useMarkRead(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upToSeq: string) =>
      api.post<{ unread: number }>(`/api/persons/${personId}/messages/read`, { upToSeq }),
    onSuccess: ({ unread }) => {
      queryClient.setQueryData(messageKeys.unread(personId), unread);
      queryClient.setQueriesData<InfiniteData<MessagePageData>>(
        { queryKey: [...messageKeys.all(personId), 'list'] },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((p, i) => (i === 0 ? { ...p, unread } : p)),
          },
      );
    },
  });
}

/** Refreshes what a live event says has changed (events carry ids only, never content). */
export function applyMessageEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (!event.kind.startsWith('message.') && event.kind !== 'receipt.read') return;
  if (event.personId) void queryClient.invalidateQueries({ queryKey: messageKeys.all(event.personId) });
  // A new, changed or acknowledged message can add to or settle a 確認待ち; a read cannot.
  if (event.kind !== 'receipt.read') void queryClient.invalidateQueries({ queryKey: messageKeys.awaiting });
}

/** After the live stream was interrupted: everything about messages may have changed. */
export function refreshAllMessages(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({
    predicate: (q) => q.queryKey[0] === 'person' && q.queryKey[2] === 'messages',
  });
  void queryClient.invalidateQueries({ queryKey: messageKeys.awaiting });
}
