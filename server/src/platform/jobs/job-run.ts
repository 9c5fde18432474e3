import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { SystemContext } from '../context.ts';

/** The reason a run's signal carries when its queue's timeout has passed. */
export class JobTimeout extends Error {
  override name = 'JobTimeout';
}

/**
 * What a handler gets beside its job (or set of jobs): the signal that its time is up, a
 * transaction that keeps to that time, and the system's context for the services it calls. A
 * handler passes `signal` to every outbound call (webhook, push) and does its database work in
 * `transaction`, or checks the signal between statements.
 */
export interface JobRun extends TimedRun {
  /** The queue and its purpose, the job's key as request id: what the services and audit rows see. */
  readonly context: SystemContext;
}

/** A run's time limit: its signal and the transaction that keeps to it. */
export interface TimedRun {
  /** Aborts (with a JobTimeout) when the queue's timeout has passed. */
  readonly signal: AbortSignal;
  /**
   * Runs `work` in a transaction whose statements end at the run's deadline (PostgreSQL's
   * `SET LOCAL statement_timeout`; PGlite ignores it), which starts no statement once the signal
   * has fired, and which rolls back rather than commit after it: a retry then does the work
   * once, never on top of a late commit.
   */
  transaction<T>(work: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
}

/** A Kysely plugin that refuses to start a statement once the signal has fired. */
function stopWhenAborted(signal: AbortSignal): KyselyPlugin {
  return {
    transformQuery(args) {
      signal.throwIfAborted();
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
}

/** What the log says of a run that outlived its timeout and grace (its job is marked overdue). */
export class JobOverdue extends Error {
  override name = 'JobOverdue';
}

/**
 * A run of `timeoutMs`: its signal fires at the deadline (or at `abort`, e.g. when the server
 * stops); `end()` clears the timer.
 */
export function startJobRun(
  db: Kysely<Tables>,
  timeoutMs: number,
): { run: TimedRun; end: () => void; abort: (reason: Error) => void } {
  const controller = new AbortController();
  const deadline = Date.now() + timeoutMs;
  const timer = setTimeout(
    () => controller.abort(new JobTimeout(`the job did not finish within ${timeoutMs} ms`)),
    timeoutMs,
  );
  timer.unref();
  const { signal } = controller;
  const run: TimedRun = {
    signal,
    transaction(work) {
      signal.throwIfAborted();
      return db.transaction().execute(async (trx) => {
        // Whole milliseconds left, at least one: `0` would switch the timeout off.
        const left = Math.max(1, Math.ceil(deadline - Date.now()));
        await sql`select set_config('statement_timeout', ${String(left)}, true)`.execute(trx);
        const result = await work(trx.withPlugin(stopWhenAborted(signal)));
        signal.throwIfAborted();
        return result;
      });
    },
  };
  return { run, end: () => clearTimeout(timer), abort: (reason) => controller.abort(reason) };
}

/**
 * Runs `work` under a timeout. The handler is awaited however long it takes, so its job's lease is
 * kept and no retry runs beside it; past the timeout and the grace, `onOverdue` runs. `aborts`
 * holds the abort of every run in progress (a stopping server aborts them).
 */
export async function runTimed(
  db: Kysely<Tables>,
  timing: { timeoutMs: number; graceMs: number },
  aborts: Set<(reason: Error) => void>,
  onOverdue: () => void,
  work: (run: TimedRun) => Promise<void>,
): Promise<void> {
  const { run, end, abort } = startJobRun(db, timing.timeoutMs);
  aborts.add(abort);
  const overdue = setTimeout(onOverdue, timing.timeoutMs + timing.graceMs);
  overdue.unref();
  try {
    await work(run);
  } finally {
    clearTimeout(overdue);
    end();
    aborts.delete(abort);
  }
}

/** Whether `promise` settles within `ms`. */
export function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}
