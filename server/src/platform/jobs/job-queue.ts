import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { systemContext } from '../context.ts';
import { describeErrorForLog } from '../log-redaction.ts';
import { JobOverdue, JobTimeout, runTimed, within, type JobRun } from './job-run.ts';
import {
  claimJobs,
  insertJobs,
  JOBS_CHANNEL,
  nextDue,
  recordDone,
  recordFailure,
  recordOverdue,
  recoverJobs,
  renewLeases,
  type ClaimKind,
  type Job,
} from './job-statements.ts';

import type { Definition, EnqueueRequest, JobQueueOptions, QueueDefinition, Unit } from './job-types.ts';

export { JOB_ALERT_QUEUE, JOBS_CHANNEL, type Job } from './job-statements.ts';
export type { JobRun } from './job-run.ts';
export type { EnqueueRequest, JobQueueOptions, QueueDefinition, WorkerTiming } from './job-types.ts';

/**
 * Durable jobs in the database, on PGlite and on PostgreSQL alike (decision 0007).
 * - Due time is business time: it comes from the injected clock, so a test can jump a night ahead.
 * - Claims use FOR UPDATE SKIP LOCKED in batches (no "one job per poll interval" trap); a claim
 *   counts an attempt, and a job whose attempts are used up fails instead of running again.
 * - A lease (wall-clock, kept fresh by a heartbeat until the handler settles) marks a job as held;
 *   a job whose holder died is taken back when its lease lapses, or at once when the same worker
 *   restarts. A run has a timeout (its signal aborts); one that outlives it and a grace is marked
 *   overdue and told, but never run again beside itself.
 * - Each job has a key, taken once for ever, so each step is enqueued once; handlers make internal
 *   effects idempotent with their own UNIQUE keys, and external deliveries carry the job key.
 */
export class JobQueue {
  readonly workerId: string;
  readonly #o: Required<Omit<JobQueueOptions, 'onError' | 'workerId'>> & Pick<JobQueueOptions, 'onError'>;
  readonly #queues = new Map<string, Definition>();
  readonly #watched = new Set<string>();
  readonly #running = new Set<string>();
  #pollTimer: NodeJS.Timeout | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #dueTimer: NodeJS.Timeout | null = null;
  #pumping: Promise<void> | null = null;
  #again = false;
  #stopped = true;
  readonly #inFlight = new Set<Promise<void>>();
  /** Queues whose set (or lone retry) is running now, each with the token of that unit. */
  readonly #setsRunning = new Map<string, symbol>();
  /** How to abort each run in progress (when the server stops). */
  readonly #aborts = new Set<(reason: Error) => void>();
  readonly #pendingDone: string[] = [];
  #doneFlush: Promise<void> | null = null;

  constructor(options: JobQueueOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`;
    this.#o = {
      leaseMs: 10_000,
      heartbeatMs: 3_000,
      pollMs: 1_000,
      batchSize: 50,
      concurrency: 64,
      graceMs: 30_000,
      stopWaitMs: 10_000,
      ...options,
    };
  }

  register(queue: string, definition: QueueDefinition): void {
    this.#queues.set(queue, {
      maxAttempts: 10,
      backoffMs: (n) => Math.min(60 * 60_000, 15_000 * 2 ** (n - 1)),
      timeoutMs: 60_000,
      watched: false,
      ...definition,
    });
    if (definition.watched) this.#watched.add(queue);
    else this.#watched.delete(queue);
  }

  /** Enqueues inside the caller's transaction (the job exists exactly when the change does). */
  async enqueue(executor: Kysely<Tables>, request: EnqueueRequest): Promise<boolean> {
    return (await this.enqueueMany(executor, [request])).size === 1;
  }

  /** Enqueues several jobs in one statement, inside the caller's transaction; returns the keys that were new. */
  async enqueueMany(executor: Kysely<Tables>, requests: readonly EnqueueRequest[]): Promise<Set<string>> {
    if (requests.length === 0) return new Set();
    const now = this.#o.clock.now();
    const rows = requests.map((r) => ({
      queue: r.queue,
      key: r.key,
      payload: r.payload,
      runAt: r.runAt ?? now,
      maxAttempts: r.maxAttempts ?? this.#queues.get(r.queue)?.maxAttempts ?? 10,
    }));
    return insertJobs(executor, rows, now, JOBS_CHANNEL);
  }

  /** Claims and runs everything due at the clock's now; returns how many jobs ran. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const { units, full } = await this.#claimRound(this.#o.batchSize);
      await Promise.all(units.map((unit) => unit.run()));
      total += units.reduce((n, u) => n + u.jobs.length, 0);
      if (!full) return total;
    }
  }

  /**
   * One round of claims: a unit for each queue that takes its jobs together and has none running
   * (one job run before, alone, or else a set of fresh ones), then up to `limit` jobs of the other
   * queues. `full` when a claim took all it asked for (more may be due).
   */
  async #claimRound(limit: number): Promise<{ units: Unit[]; full: boolean }> {
    const units: Unit[] = [];
    let full = false;
    const singles: string[] = [];
    for (const [name, definition] of this.#queues) {
      const together = definition.together;
      if (!together) {
        singles.push(name);
        continue;
      }
      if (this.#setsRunning.has(name)) continue;
      // A job run before runs alone, fewest attempts first: one that kills its process fails alone
      // at its limit, and the rest of its set goes on without it.
      const retry = await this.#claim([name], 1, 'retry');
      const claimed = retry.touched > 0 ? retry : await this.#claim([name], together.size, 'fresh');
      full ||= claimed.touched === (retry.touched > 0 ? 1 : together.size);
      const jobs = claimed.jobs;
      if (jobs.length === 0) continue;
      const token = Symbol(name);
      this.#setsRunning.set(name, token);
      // Freed when the unit settles, or when it becomes overdue: a hung set keeps its jobs' leases,
      // but the queue's other jobs go on.
      const release = () => {
        if (this.#setsRunning.get(name) !== token) return;
        this.#setsRunning.delete(name);
        this.wake();
      };
      const run =
        retry.touched > 0
          ? () => this.#run(jobs[0]!, release)
          : () => this.#runTogether(definition, jobs, release);
      units.push({ jobs, run: () => run().finally(release) });
    }
    const claimed = await this.#claim(singles, limit, 'any');
    full ||= claimed.touched > 0 && claimed.touched === limit;
    for (const job of claimed.jobs) units.push({ jobs: [job], run: () => this.#run(job) });
    return { units, full };
  }

  async #claim(
    names: readonly string[],
    limit: number,
    pick: ClaimKind,
  ): Promise<{ jobs: Job[]; touched: number }> {
    if (names.length === 0 || limit <= 0) return { jobs: [], touched: 0 };
    const rows = await claimJobs(this.#o.db, {
      queues: names,
      limit,
      pick,
      workerId: this.workerId,
      leaseMs: this.#o.leaseMs,
      now: this.#o.clock.now(),
      watched: [...this.#watched],
    });
    const jobs: Job[] = [];
    for (const { status, ...job } of rows) {
      if (status === 'running') {
        jobs.push(job);
        this.#running.add(job.id);
      } else {
        this.#o.onError?.(new Error(`job ${job.id} (${job.queue}) failed: its attempts are used up`), job);
      }
    }
    // A failed job's notice is a job too: run it now.
    if (jobs.length < rows.length) this.wake();
    return { jobs, touched: rows.length };
  }

  /**
   * Runs `work` under the queue's timeout. The handler is awaited however long it takes, so its
   * lease is kept and no retry runs beside it; past the timeout and the grace, its jobs are marked
   * overdue (and told) and `onOverdue` runs.
   */
  #timed(jobs: Job[], definition: Definition, work: (run: JobRun) => Promise<void>, onOverdue?: () => void) {
    const overdue = () => void this.#markOverdue(jobs).finally(() => onOverdue?.());
    const timing = { timeoutMs: definition.timeoutMs, graceMs: this.#o.graceMs };
    // The system runs the job, never a staff member: its context names the queue, its purpose and the key.
    const first = jobs[0]!;
    const key = jobs.length === 1 ? first.key : `${first.key} (+${jobs.length - 1})`;
    const context = systemContext(first.queue, definition.purpose, key);
    return runTimed(this.#o.db, timing, this.#aborts, overdue, (run) => work({ ...run, context }));
  }

  async #markOverdue(jobs: Job[]): Promise<void> {
    try {
      const marked = await recordOverdue(this.#o.db, {
        ids: jobs.map((j) => j.id),
        workerId: this.workerId,
        now: this.#o.clock.now(),
        watched: [...this.#watched],
      });
      if (marked === 0) return;
      this.#o.onError?.(new JobOverdue(`${marked} job(s) of ${jobs[0]!.queue} overdue`), jobs[0]);
      this.wake();
    } catch (error) {
      this.#o.onError?.(error);
    }
  }

  async #runTogether(definition: Definition, jobs: Job[], onOverdue: () => void): Promise<void> {
    const together = definition.together!;
    let done = false;
    try {
      await this.#timed(jobs, definition, (run) => together.handler(jobs, run), onOverdue);
      done = true;
    } catch (error) {
      this.#o.onError?.(error, jobs[0]);
    }
    if (done) {
      try {
        await Promise.all(jobs.map((job) => this.#markDone(job.id)));
      } finally {
        for (const job of jobs) this.#running.delete(job.id);
      }
      return;
    }
    // One at a time, each its own success or failure (and retry).
    for (const job of jobs) await this.#run(job, onOverdue);
  }

  async #run(job: Job, onOverdue?: () => void): Promise<void> {
    const definition = this.#queues.get(job.queue);
    try {
      if (!definition) throw new Error(`no handler for queue ${job.queue}`);
      await this.#timed([job], definition, (run) => definition.handler(job, run), onOverdue);
      await this.#markDone(job.id);
    } catch (error) {
      this.#o.onError?.(error, job);
      const now = this.#o.clock.now();
      const retryAt =
        definition && job.attempts < job.maxAttempts
          ? new Date(now.getTime() + definition.backoffMs(job.attempts))
          : null;
      const failed = await recordFailure(this.#o.db, {
        id: job.id,
        workerId: this.workerId,
        error: describeErrorForLog(error).message,
        retryAt,
        now,
        watched: [...this.#watched],
      });
      if (failed) this.wake();
    } finally {
      this.#running.delete(job.id);
    }
  }

  /**
   * Marks finished jobs done, many in one statement (jobs that finish together share it). A crash
   * before it lands runs the job again, which every handler allows (its effects are keyed).
   */
  #markDone(id: string): Promise<void> {
    this.#pendingDone.push(id);
    this.#doneFlush ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const ids = this.#pendingDone.splice(0);
        this.#doneFlush = null;
        recordDone(this.#o.db, ids, this.workerId, this.#o.clock.now()).then(() => resolve(), reject);
      });
    });
    return this.#doneFlush;
  }

  /**
   * Runs due jobs now, in the background: claims as many as there are free slots, starts each on
   * its own, and claims again as slots free up, so a job that waits on the network never delays
   * the next due one. Concurrent calls coalesce into one more round.
   */
  wake(): void {
    if (this.#stopped) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = (async () => {
      do {
        this.#again = false;
        try {
          await this.#pump();
        } catch (error) {
          this.#o.onError?.(error);
        }
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#pumping = null;
    });
  }

  async #pump(): Promise<void> {
    for (;;) {
      // A set of jobs run together is one transaction: it takes one slot of `concurrency`.
      const { units, full } = await this.#claimRound(
        Math.min(this.#o.batchSize, this.#o.concurrency - this.#inFlight.size),
      );
      for (const unit of units) {
        const running: Promise<void> = unit
          .run()
          .catch((error: unknown) => this.#o.onError?.(error))
          .finally(() => {
            this.#inFlight.delete(running);
            this.wake();
          });
        this.#inFlight.add(running);
      }
      if ((units.length === 0 && !full) || this.#inFlight.size >= this.#o.concurrency) break;
    }
    await this.#armDueTimer();
  }

  /**
   * Sleeps until the next queued job falls due (when sooner than the next poll): a step scheduled
   * ten minutes ahead fires on time to the millisecond, not up to a poll interval late.
   */
  async #armDueTimer(): Promise<void> {
    // A queue whose set is running, or a worker without a free slot, is woken when that work ends.
    const names = [...this.#queues.keys()].filter((name) => !this.#setsRunning.has(name));
    if (this.#stopped || names.length === 0 || this.#inFlight.size >= this.#o.concurrency) return;
    const runAt = await nextDue(this.#o.db, names);
    if (!runAt) return;
    // Already due: it fell due after this round's claim (a timer may fire a little early), or
    // another worker is claiming it right now. Look again in a moment, not at the next poll.
    const wait = Math.max(5, runAt.getTime() - this.#o.clock.now().getTime());
    if (wait >= this.#o.pollMs) return;
    if (this.#dueTimer) clearTimeout(this.#dueTimer);
    this.#dueTimer = setTimeout(() => {
      this.#dueTimer = null;
      this.wake();
    }, wait);
    this.#dueTimer.unref();
  }

  /**
   * Takes back this worker's own jobs from a previous life (crash, SIGKILL, a hung handler): each
   * waits its backoff, or fails at its attempt limit. Then polls and heartbeats.
   */
  async start(): Promise<void> {
    this.#stopped = false;
    const now = this.#o.clock.now();
    await recoverJobs(this.#o.db, {
      workerId: this.workerId,
      now,
      watched: [...this.#watched],
      retryAt: (job) => new Date(now.getTime() + (this.#queues.get(job.queue)?.backoffMs(job.attempts) ?? 0)),
    });
    this.#pollTimer = setInterval(() => this.wake(), this.#o.pollMs);
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), this.#o.heartbeatMs);
    this.#pollTimer.unref();
    this.#heartbeatTimer.unref();
    this.wake();
  }

  async #heartbeat(): Promise<void> {
    if (this.#running.size === 0) return;
    try {
      await renewLeases(this.#o.db, [...this.#running], this.workerId, this.#o.leaseMs);
    } catch (error) {
      this.#o.onError?.(error);
    }
  }

  /**
   * Stops claiming and waits for the running handlers; after `stopWaitMs` it aborts their signals
   * and waits a moment more. A handler that ignores its signal is left behind: its jobs stay
   * running under this worker, and its restart takes them back.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    if (this.#dueTimer) clearTimeout(this.#dueTimer);
    await this.#pumping;
    const settled = Promise.allSettled([...this.#inFlight]);
    if (await within(settled, this.#o.stopWaitMs)) return;
    for (const abort of this.#aborts) abort(new JobTimeout('the server is stopping'));
    await within(settled, Math.min(this.#o.stopWaitMs, 1_000));
  }
}
