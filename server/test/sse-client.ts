/** A Server-Sent Events client over fetch, for tests: collects events and waits for one. */
export interface StreamEvent {
  id: string;
  event: string;
  data: {
    id: string;
    kind: string;
    personId: string | null;
    subjectId: string | null;
    category: string | null;
    payload: Record<string, unknown>;
  };
}

export interface TestStream {
  events: StreamEvent[];
  raw: () => string;
  waitFor(predicate: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  ready: Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openStream(url: string, cookie: string, lastEventId?: string): TestStream {
  const controller = new AbortController();
  const events: StreamEvent[] = [];
  const waiters: { predicate: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
  let raw = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  let markEnded: () => void = () => {};
  const ended = new Promise<void>((r) => (markEnded = r));
  void (async () => {
    const response = await fetch(url, {
      headers: { cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        markEnded();
        return;
      }
      const chunk = decoder.decode(value, { stream: true });
      raw += chunk;
      buffer += chunk;
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => l && !l.startsWith(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        );
        if (fields.event === 'ready') markReady();
        if (!fields.id || !fields.data) continue;
        const event: StreamEvent = {
          id: fields.id,
          event: fields.event ?? 'message',
          data: JSON.parse(fields.data) as StreamEvent['data'],
        };
        events.push(event);
        for (const w of waiters.splice(0)) {
          if (w.predicate(event)) w.resolve(event);
          else waiters.push(w);
        }
      }
    }
  })().catch(() => {});
  return {
    events,
    raw: () => raw,
    ready,
    ended,
    waitFor(predicate, timeoutMs = 5000) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.data.kind))}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ predicate, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close: () => controller.abort(),
  };
}
