import type { PersonOverview } from '@tsunagu/contract';
import { informationCategories } from '@tsunagu/contract/enums';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { Disclosure } from '../../components/ui/disclosure.tsx';
import { TextField } from '../../components/ui/field.tsx';
import { LoadError, Loading, Notice } from '../../components/ui/notice.tsx';
import { PageHeader, useDocumentTitle } from '../../components/ui/page.tsx';
import {
  messageQueryOptions,
  messagesQueryOptions,
  type Message,
} from '../../features/messages/api/messages.ts';
import { MessageCard } from '../../features/messages/components/message-card.tsx';
import { MessageComposer } from '../../features/messages/components/message-composer.tsx';
import { MessageTimeline } from '../../features/messages/components/message-timeline.tsx';
import { personOverviewQueryOptions } from '../../features/persons/api/persons.ts';
import { EmergencyBanner } from '../../features/persons/components/person-banners.tsx';
import { PersonTabs } from '../../features/persons/components/person-tabs.tsx';
import { isNotFound } from '../../lib/api-client.ts';
import { useLiveStatus } from '../../lib/live.ts';
import { PHONE_QUERY, useMediaQuery } from '../../lib/use-media-query.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { PersonNotFound } from './person.tsx';

/** 検索: the term lives in the address (?q=), so "back" returns to the results. */
function MessageSearch({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(q.trim());
  };
  return (
    <form role="search" className="message-search" onSubmit={submit} aria-label={t('messages.list.search')}>
      <TextField
        id="message-search"
        type="search"
        label={t('messages.list.search')}
        hint={t('messages.list.searchHint')}
        maxLength={100}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit">{t('messages.list.searchSubmit')}</Button>
        {value ? <Button onClick={() => onSearch('')}>{t('messages.list.clearSearch')}</Button> : null}
      </div>
    </form>
  );
}

/** Says so when live updates have stopped, so nobody waits for a message that will not appear. */
function LiveNotice() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  if (status !== 'down') return null;
  return (
    <Notice tone="warning">
      <p>{t('messages.list.liveOff')}</p>
      <div>
        <Button small onClick={() => window.location.reload()}>
          {t('messages.list.reload')}
        </Button>
      </div>
    </Notice>
  );
}

/** The first message of a thread (its topic and category are the thread's). */
function useThreadRoot(personId: string, threadId: string | null): Message | null {
  const thread = useInfiniteQuery({
    ...messagesQueryOptions(personId, { threadId: threadId ?? undefined }),
    enabled: threadId !== null,
  });
  if (!threadId) return null;
  return thread.data?.pages.flatMap((p) => p.messages).find((m) => m.id === threadId) ?? null;
}

/** One message opened from 確認待ち or お知らせ, however far back it is. */
function FocusedMessage({
  personId,
  id,
  allHref,
  onReply,
}: {
  personId: string;
  id: string;
  allHref: string;
  onReply: ((m: Message) => void) | undefined;
}) {
  const { t } = useTranslation();
  const message = useQuery(messageQueryOptions(personId, id));
  return (
    <section aria-labelledby="focused-title" className="stack">
      <div className="panel__header">
        <h2 id="focused-title">{t('messages.list.focusTitle')}</h2>
        <Link to={allHref}>{t('messages.list.focusClose')}</Link>
      </div>
      {message.isPending ? <Loading /> : null}
      {message.isError ? (
        isNotFound(message.error) ? (
          <p>{t('messages.list.noResults')}</p>
        ) : (
          <LoadError error={message.error} onRetry={() => void message.refetch()} />
        )
      ) : null}
      {message.data ? (
        <MessageCard message={message.data} isNew={!message.data.isRead} isFocused onReply={onReply} />
      ) : null}
    </section>
  );
}

function PersonMessagesPage({ person }: { person: PersonOverview }) {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const isPhone = useMediaQuery(PHONE_QUERY);
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const threadId = params.get('thread');
  const focusId = params.get('message');
  const root = useThreadRoot(person.id, threadId);
  const [composing, setComposing] = useState(false);
  // The message whose 返信 was pressed: shown as what is answered (the thread's first message otherwise).
  const [answering, setAnswering] = useState<Message | null>(null);
  const replyTo = answering && (answering.threadId ?? answering.id) === threadId ? answering : root;
  const focusComposer = useRef(false);
  useDocumentTitle(`${t('messages.title')}: ${person.identity.name}`);
  const canPost = person.access.onTeam;
  const hidden = informationCategories.filter((c) => !person.visibleCategories.includes(c));
  const base = `/persons/${person.id}/messages`;

  // After 返信, the composer (now in reply mode) takes focus.
  useEffect(() => {
    if (!focusComposer.current) return;
    focusComposer.current = false;
    document.getElementById('message-composer-body')?.focus();
  }, [threadId, composing]);

  const reply = (m: Message) => {
    focusComposer.current = true;
    setComposing(true);
    setAnswering(m);
    setParams({ thread: m.threadId ?? m.id }, { preventScrollReset: true });
  };
  const search = (next: string) => setParams(next ? { q: next } : {}, { replace: true });

  const composerTitle = threadId
    ? root?.topic
      ? t('messages.composer.replyTitle', { topic: root.topic })
      : t('messages.composer.replyTitleNoTopic')
    : t('messages.composer.title');
  const composer = canPost ? (
    <section aria-labelledby="composer-title" className="panel stack composer-panel">
      <h2 id="composer-title" className="panel__title">
        {composerTitle}
      </h2>
      <MessageComposer
        key={`${threadId ?? 'new'}:${replyTo?.id ?? ''}`}
        personId={person.id}
        categories={person.visibleCategories}
        team={person.team}
        myUserId={session.user.id}
        threadId={threadId}
        replyTo={replyTo}
        onCancelReply={() => setParams({})}
      />
    </section>
  ) : (
    <Notice tone="info" live={false}>
      <p>{t('messages.composer.cannotPost')}</p>
    </Notice>
  );

  let listTitle = t('messages.title');
  if (q) listTitle = t('messages.list.searchResults', { q });
  else if (threadId)
    listTitle = root?.topic
      ? t('messages.list.threadTitle', { topic: root.topic })
      : t('messages.list.threadTitleNoTopic');

  return (
    <>
      <PageHeader
        eyebrow={t('persons.eyebrow')}
        title={person.identity.name}
        lead={<p className="person-kana">{person.identity.kana}</p>}
      />
      <div className="stack stack--large">
        {/* Here the unread count is in the timeline's own status line. */}
        <PersonTabs personId={person.id} active="messages" unread={undefined} />
        {person.access.emergencyUntil ? <EmergencyBanner until={person.access.emergencyUntil} /> : null}
        <LiveNotice />
        <div className="messages-layout">
          <div className="messages-layout__composer">
            {isPhone && canPost && !threadId ? (
              <Disclosure
                open={composing}
                onToggle={setComposing}
                label={t('messages.composer.title')}
                variant="primary"
              >
                {composer}
              </Disclosure>
            ) : (
              composer
            )}
          </div>
          <div className="messages-layout__list stack">
            {focusId ? (
              <FocusedMessage
                personId={person.id}
                id={focusId}
                allHref={base}
                onReply={canPost ? reply : undefined}
              />
            ) : (
              <section aria-labelledby="messages-title" className="stack">
                <div className="panel__header">
                  <h2 id="messages-title">{listTitle}</h2>
                  {threadId || q ? <Link to={base}>{t('messages.list.backToAll')}</Link> : null}
                </div>
                {threadId ? null : (
                  <>
                    <p className="muted">{t('messages.lead')}</p>
                    {hidden.length ? (
                      <Notice tone="info" live={false}>
                        <p>
                          {t('messages.list.hiddenCategories', {
                            categories: hidden
                              .map((c) => t(`enums.category.${c}`))
                              .join(t('common.listSeparator')),
                          })}
                        </p>
                      </Notice>
                    ) : null}
                    <MessageSearch key={q} value={q} onSearch={search} />
                  </>
                )}
                <MessageTimeline
                  personId={person.id}
                  filters={{ q: q || undefined, threadId: threadId ?? undefined }}
                  onReply={canPost ? reply : undefined}
                />
              </section>
            )}
          </div>
        </div>
      </div>
    </>
  );
}

/** チームの連絡 of one person: the composer, the timeline, a thread, a search, or one message. */
export function PersonMessagesRoute() {
  const { id = '' } = useParams();
  const overview = useQuery(personOverviewQueryOptions(id));
  if (overview.isPending) return <Loading />;
  if (overview.isError) {
    if (isNotFound(overview.error)) return <PersonNotFound />;
    return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  return <PersonMessagesPage person={overview.data} />;
}
