import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { messagesQueryOptions, useMarkRead, type Message, type MessageFilters } from '../api/messages.ts';
import { MessageCard } from './message-card.tsx';

/**
 * Moves my read cursor once the newest message is on screen (scrolled into view, tab visible),
 * and remembers which messages were new, so their mark stays while the user is here.
 */
function useReadCursor(personId: string, shown: readonly Message[], enabled: boolean) {
  const { mutate: markRead } = useMarkRead(personId);
  const [seenNew, setSeenNew] = useState<ReadonlySet<string>>(() => new Set());
  const newestRef = useRef<HTMLLIElement>(null);
  const lastMarked = useRef<bigint>(0n);
  const newest = shown[0];
  const unreadIds = shown.filter((m) => !m.isRead).map((m) => m.id);
  const unreadKey = unreadIds.join(',');

  useEffect(() => {
    const element = newestRef.current;
    if (!enabled || !newest || !unreadKey || !element) return;
    const seq = BigInt(newest.seq);
    let inView = false;
    const advance = () => {
      if (!inView || document.visibilityState !== 'visible' || lastMarked.current >= seq) return;
      lastMarked.current = seq;
      setSeenNew((before) => new Set([...before, ...unreadKey.split(',')]));
      markRead(newest.seq);
    };
    const onVisibility = () => advance();
    document.addEventListener('visibilitychange', onVisibility);
    let observer: IntersectionObserver | null = null;
    if (typeof IntersectionObserver === 'undefined') {
      inView = true;
      advance();
    } else {
      observer = new IntersectionObserver((entries) => {
        inView = entries.some((e) => e.isIntersecting);
        advance();
      });
      observer.observe(element);
    }
    return () => {
      observer?.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [enabled, newest, unreadKey, markRead]);

  return { newestRef, isNew: (m: Message) => !m.isRead || seenNew.has(m.id) };
}

/**
 * チームの連絡: newest first, with 「さらに読み込む」. In the full timeline (not a search or a
 * thread) showing the newest message advances my read cursor.
 */
export function MessageTimeline({
  personId,
  filters,
  onReply,
}: {
  personId: string;
  filters: MessageFilters;
  onReply?: ((message: Message) => void) | undefined;
}) {
  const { t } = useTranslation();
  const messages = useInfiniteQuery(messagesQueryOptions(personId, filters));
  const shown = messages.data?.pages.flatMap((p) => p.messages) ?? [];
  const unread = messages.data?.pages[0]?.unread ?? 0;
  const isFullTimeline = !filters.q && !filters.threadId;
  const { newestRef, isNew } = useReadCursor(personId, shown, isFullTimeline);

  return (
    <div className="results stack" aria-busy={messages.isFetching}>
      {messages.isPending ? <Loading /> : null}
      {messages.isError ? <LoadError error={messages.error} onRetry={() => void messages.refetch()} /> : null}
      {messages.data ? (
        <>
          <p className="results__count" role="status">
            {t('messages.list.showing', { count: shown.length })}
            {isFullTimeline && unread > 0 ? (
              <>
                {t('common.listSeparator')}
                {t('messages.list.unread', { count: unread })}
              </>
            ) : null}
          </p>
          {shown.length ? (
            <ol className="timeline message-timeline">
              {shown.map((m, index) => (
                <li key={m.id} ref={index === 0 ? newestRef : undefined}>
                  <MessageCard message={m} isNew={isNew(m)} onReply={onReply} />
                </li>
              ))}
            </ol>
          ) : (
            <p>{filters.q ? t('messages.list.noResults') : t('messages.list.none')}</p>
          )}
          {messages.hasNextPage ? (
            <div className="load-more">
              <Button
                onClick={() => void messages.fetchNextPage()}
                busy={messages.isFetchingNextPage}
                busyLabel={t('common.loading')}
              >
                {t('messages.list.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
