/**
 * When the user last touched this screen (a key, a tap, a click, the wheel). Live updates use
 * it to tell a screen someone is looking at from one left unattended: only the first should keep
 * asking the server for fresh data, since every request keeps the session alive.
 */
let lastActivityAt = Date.now();
const listeners = new Set<() => void>();
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

function record(): void {
  lastActivityAt = Date.now();
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
