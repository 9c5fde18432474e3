import { useCallback, useRef, useState } from 'react';

/**
 * 下書きの保持 (kept drafts): what someone has typed into a form, kept in this page's memory so that
 * a session that ends while they write (idle too long, ended elsewhere) does not cost them the
 * text. Signing in again as the same user brings every form back with what it held; signing in as
 * anyone else, or signing out on this browser, drops it all. Only memory, never localStorage or
 * the service worker's cache: a draft may be about a person, and a reload or a closed tab ends it.
 */
let owner: string | null = null;
const drafts = new Map<string, unknown>();

/**
 * A session of `userId` is known (a sign-in step, the session read at start): drafts typed by
 * anyone else (or before anyone was known) are dropped, the same user's are kept.
 */
export function claimDrafts(userId: string): void {
  if (owner !== userId) drafts.clear();
  owner = userId;
}

/** This browser signed out: nothing typed survives it. */
export function dropDrafts(): void {
  drafts.clear();
  owner = null;
}

/** A form was sent (or abandoned on purpose): its drafts, all keys starting with `prefix`, go. */
export function forgetDrafts(prefix: string): void {
  for (const key of [...drafts.keys()]) if (key.startsWith(prefix)) drafts.delete(key);
}

/**
 * useState for a form field whose value is kept (see above) under `key` — a key naming the form
 * and what it is about, e.g. `message:<personId>:new:body`, fixed for the component's life. Setting
 * the initial value again (after a successful send) forgets the draft.
 */
export function useKeptDraft<T>(key: string, initial: T): [T, (value: T) => void] {
  const first = useRef(initial);
  const [value, setValue] = useState<T>(() => (drafts.has(key) ? (drafts.get(key) as T) : initial));
  const set = useCallback(
    (next: T) => {
      setValue(next);
      if (Object.is(next, first.current)) drafts.delete(key);
      else drafts.set(key, next);
    },
    [key],
  );
  return [value, set];
}
