import { useSyncExternalStore } from 'react';

/** What changed and where; never the content (the content is an audited read). */
export interface LiveEvent {
  id: string;
  kind: LiveEventKind;
  personId: string | null;
  /** The message an event is about. */
  subjectId: string | null;
  category: string | null;
  payload: Record<string, unknown>;
}

/** The events of GET /api/stream (the SSE event name is the kind). */
export const liveEventKinds = [
  'message.created',
  'message.updated',
  'message.acknowledged',
  'receipt.read',
  'notification.created',
  'urgent.step',
  'urgent.acknowledged',
  'urgent.cancelled',
  'urgent.exhausted',
  'liaison.replied',
] as const;
export type LiveEventKind = (typeof liveEventKinds)[number];

/**
 * 'open': updates arrive; 'connecting': (re)connecting, as after a short network drop; 'down':
 * not connected for a while, so the screen should say so; 'off': no stream (signed out).
 */
export type LiveStatus = 'open' | 'connecting' | 'down' | 'off';

/** How long (re)connecting may take before the screen says updates have stopped. */
const DOWN_AFTER_MS = 15_000;

let status: LiveStatus = 'off';
let downTimer: number | undefined;
const statusListeners = new Set<() => void>();
function setStatus(next: LiveStatus): void {
  // Each retry reports 'connecting' again; the time counts from the first.
  if (next === status || (next === 'connecting' && status === 'down')) return;
  window.clearTimeout(downTimer);
  if (next === 'connecting') downTimer = window.setTimeout(() => setStatus('down'), DOWN_AFTER_MS);
  status = next;
  for (const listener of statusListeners) listener();
}

/** Whether live updates are arriving now (re-renders when that changes). */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (onChange) => {
      statusListeners.add(onChange);
      return () => statusListeners.delete(onChange);
    },
    () => status,
    () => 'off',
  );
}

function parse(event: MessageEvent<string>): LiveEvent | null {
  try {
    const data = JSON.parse(event.data) as Partial<LiveEvent>;
    if (typeof data.kind !== 'string' || !(liveEventKinds as readonly string[]).includes(data.kind))
      return null;
    return {
      id: String(data.id ?? event.lastEventId),
      kind: data.kind,
      personId: typeof data.personId === 'string' ? data.personId : null,
      subjectId: typeof data.subjectId === 'string' ? data.subjectId : null,
      category: typeof data.category === 'string' ? data.category : null,
      payload: typeof data.payload === 'object' && data.payload !== null ? data.payload : {},
    };
  } catch {
    return null;
  }
}

const MAX_RETRY_MS = 5 * 60_000;

/**
 * Opens the one live stream of the app (Server-Sent Events, same-origin cookies). The browser
 * reconnects by itself after a dropped connection and sends Last-Event-ID, so nothing is
 * missed; when the server refuses a reconnection (a restart behind a proxy), the stream is
 * reopened here with the last id it saw, waiting longer each time. `onResync` runs after a
 * reconnection, for what a replay cannot cover; `onReset` when the server says the events since
 * the last id are gone (pruned after days away, or too many to replay): everything must be
 * fetched again. Returns the function that closes it.
 */
export function openLiveStream(handlers: {
  onEvent: (event: LiveEvent) => void;
  onResync: () => void;
  onReset: () => void;
}): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  let lastEventId: string | null = null;
  let source: EventSource | null = null;
  let retryTimer: number | undefined;
  let retryMs = 5_000;
  let wasOpen = false;
  let closed = false;

  const connect = () => {
    setStatus('connecting');
    const url = lastEventId ? `/api/stream?lastEventId=${encodeURIComponent(lastEventId)}` : '/api/stream';
    const es = new EventSource(url);
    source = es;
    es.addEventListener('open', () => {
      setStatus('open');
      retryMs = 5_000;
      if (wasOpen) handlers.onResync();
      wasOpen = true;
    });
    es.addEventListener('error', () => {
      if (closed) return;
      if (es.readyState === EventSource.CLOSED) {
        setStatus('down');
        retryTimer = window.setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      } else {
        setStatus('connecting');
      }
    });
    // The reset carries the newest id: the next reconnection resumes from there.
    es.addEventListener('reset', (e: MessageEvent<string>) => {
      if (e.lastEventId) lastEventId = e.lastEventId;
      handlers.onReset();
    });
    for (const kind of liveEventKinds) {
      es.addEventListener(kind, (e: MessageEvent<string>) => {
        if (e.lastEventId) lastEventId = e.lastEventId;
        const event = parse(e);
        if (event) handlers.onEvent(event);
      });
    }
  };
  connect();

  return () => {
    closed = true;
    window.clearTimeout(retryTimer);
    source?.close();
    setStatus('off');
  };
}
