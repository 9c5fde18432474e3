/**
 * When the user last touched this screen (a key, typing, a tap, a click, the wheel, the browser's
 * back button). Live updates use it to tell a screen someone is looking at from one left
 * unattended, and the API client to tell a person's request from the screen's own background work:
 * only a request made after someone did something keeps the session alive on the server.
 */
let lastActivityAt = Date.now();
/** Whether someone acted since the server last heard of it; opening the page is someone's act. */
let unreported = true;
const listeners = new Set<() => void>();
const EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'popstate'] as const;

function record(): void {
  lastActivityAt = Date.now();
  unreported = true;
  for (const listener of listeners) listener();
}

let installed = false;
function install(): void {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  for (const name of EVENTS) window.addEventListener(name, record, { capture: true, passive: true });
}

/** Milliseconds since the user last did something on this page. */
export function millisSinceActivity(): number {
  install();
  return Date.now() - lastActivityAt;
}

/** Calls `listener` on every user action until the returned function is called. */
export function onActivity(listener: () => void): () => void {
  install();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether someone acted since the server last heard of it (see takeActivity). */
export function hasUnreportedActivity(): boolean {
  install();
  return unreported;
}

/**
 * For a request about to be sent: whether it carries news of someone's activity (true once per
 * burst of activity, so the first request after a tap or a keystroke extends the session and the
 * ones the screen makes by itself afterwards do not). `giveBack` undoes it for a request that
 * never reached the server.
 */
export function takeActivity(): { isActivity: boolean; giveBack: () => void } {
  install();
  const isActivity = unreported;
  unreported = false;
  return {
    isActivity,
    giveBack: () => {
      if (isActivity) unreported = true;
    },
  };
}
