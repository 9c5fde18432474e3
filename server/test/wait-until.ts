/** Resolves once `done` holds, checking every 20 ms; rejects after `timeoutMs` saying what was awaited. */
export async function waitUntil(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits `ms` of real time: for what must NOT happen within a while (a second run beside a hung one). */
export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
