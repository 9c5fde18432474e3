import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { Clock } from '../clock.ts';

/** The channel a NOTIFY on enqueue wakes workers on. */
export const JOBS_CHANNEL = 'tsunagu_jobs';

export interface Job {
  id: string;
  queue: string;
  key: string;
  payload: Record<string, unknown>;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
}

export interface QueueDefinition {
  handler: (job: Job) => Promise<void>;
  /**
   * Runs up to `size` due jobs of this queue together (set-based work in one transaction: a burst
   * of due jobs costs a few statements per set, not per job); one set at a time per worker. If
   * `handler` throws, each job of the set runs alone through the single `handler`, so one bad job
   * holds up no other and fails (and retries) on its own.
   */
  together?: { size: number; handler: (jobs: Job[]) => Promise<void> };
  maxAttempts?: number;
  /** Delay before attempt n+1 after n failures. */
  backoffMs?: (attempts: number) => number;
}

type Definition = Required<Omit<QueueDefinition, 'together'>> & Pick<QueueDefinition, 'together'>;

/** Claimed work: one job, or a set of one queue's jobs run together. */
interface Unit {
  jobs: Job[];
  run: () => Promise<void>;
}

export interface JobQueueOptions {
  db: Kysely<Tables>;
  clock: Clock;
  /** Stable across restarts of the same installation/process slot, so a restart recovers its own jobs at once. */
  workerId?: string;
  leaseMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  batchSize?: number;
  /** Jobs in flight at once in the background worker: a slow webhook never holds up a due step. */
  concurrency?: number;
  onError?: (error: unknown, job?: Job) => void;
}

export interface EnqueueRequest {
  queue: string;
  /** Idempotency: a second enqueue with the same key does nothing. */
  key: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Durable jobs in the database, on PGlite and on PostgreSQL alike.
 * - Due time is business time: it comes from the injected clock, so a test can jump a night ahead.
 * - Claims use FOR UPDATE SKIP LOCKED in batches (no "one job per poll interval" trap).
 * - A lease (wall-clock, kept fresh by a heartbeat) marks a job as held; a job whose holder died
 *   is taken back when its lease lapses, or at once when the same worker restarts.
 * - Each job has a UNIQUE key, so each step is enqueued once; handlers make internal effects
 *   idempotent with their own UNIQUE keys, and external deliveries carry the job key.
 */
export class JobQueue {
  readonly workerId: string;
  readonly #o: Required<Omit<JobQueueOptions, 'onError' | 'workerId'>> & Pick<JobQueueOptions, 'onError'>;
  readonly #queues = new Map<string, Definition>();
  readonly #running = new Set<string>();
  #pollTimer: NodeJS.Timeout | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #dueTimer: NodeJS.Timeout | null = null;
  #pumping: Promise<void> | null = null;
  #again = false;
  #stopped = true;
  readonly #inFlight = new Set<Promise<void>>();
  /** Queues whose set of jobs is running now (one set at a time per queue). */
  readonly #setsRunning = new Set<string>();
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
      ...options,
    };
  }

  register(queue: string, definition: QueueDefinition): void {
    this.#queues.set(queue, {
      maxAttempts: 10,
      backoffMs: (n) => Math.min(60 * 60_000, 15_000 * 2 ** (n - 1)),
      ...definition,
    });
  }

  /** Enqueues inside the caller's transaction (the job exists exactly when the change does). */
  async enqueue(executor: Kysely<Tables>, request: EnqueueRequest): Promise<boolean> {
    return (await this.enqueueMany(executor, [request])).size === 1;
  }

  /** Enqueues several jobs in one statement, inside the caller's transaction; returns the keys that were new. */
  async enqueueMany(executor: Kysely<Tables>, requests: readonly EnqueueRequest[]): Promise<Set<string>> {
    if (requests.length === 0) return new Set();
    const now = this.#o.clock.now();
    const rows = requests.map(
      (r) =>
        sql`(${r.queue}, ${r.key}, ${JSON.stringify(r.payload)}::jsonb, ${r.runAt ?? now}::timestamptz, 'queued',
          ${r.maxAttempts ?? this.#queues.get(r.queue)?.maxAttempts ?? 10}::int, ${now}::timestamptz)`,
    );
    // The NOTIFY (only for new jobs; PostgreSQL sends one per queue and transaction) is delivered
    // when the transaction commits: a due job then starts without waiting for a poll. One round trip.
    const result = await sql<{ key: string }>`with ins as (
        insert into jobs (queue, key, payload, run_at, status, max_attempts, created_at)
        values ${sql.join(rows)}
        on conflict (key) do nothing
        returning key, queue)
      select key, pg_notify(${JOBS_CHANNEL}, queue) from ins`.execute(executor);
    return new Set(result.rows.map((r) => r.key));
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
   * One round of claims: a set for each queue that takes its jobs together and has none running,
   * then up to `limit` jobs of the other queues. `full` when a claim got all it asked for (more may
   * be due).
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
      const jobs = await this.#claim([name], together.size);
      if (jobs.length === 0) continue;
      full ||= jobs.length === together.size;
      this.#setsRunning.add(name);
      units.push({
        jobs,
        run: () => this.#runTogether(together.handler, jobs).finally(() => this.#setsRunning.delete(name)),
      });
    }
    const jobs = await this.#claim(singles, limit);
    full ||= jobs.length > 0 && jobs.length === limit;
    for (const job of jobs) units.push({ jobs: [job], run: () => this.#run(job) });
    return { units, full };
  }

  async #claim(names: readonly string[], limit: number): Promise<Job[]> {
    if (names.length === 0 || limit <= 0) return [];
    // Leases are liveness, not business time: they use the database's clock.
    const rows = await sql<Job>`update jobs set status = 'running', locked_by = ${this.workerId},
        lease_expires_at = clock_timestamp() + make_interval(secs => ${this.#o.leaseMs / 1000}), attempts = attempts + 1
      where id in (
        select id from jobs
        where queue = any(${sql.val([...names])}::text[])
          and ((status = 'queued' and run_at <= ${this.#o.clock.now()})
            or (status = 'running' and lease_expires_at < clock_timestamp()))
        order by run_at, id
        limit ${limit}
        for update skip locked)
      returning id, queue, key, payload, run_at, attempts, max_attempts`.execute(this.#o.db);
    for (const job of rows.rows) this.#running.add(job.id);
    return rows.rows;
  }

  async #runTogether(handler: (jobs: Job[]) => Promise<void>, jobs: Job[]): Promise<void> {
    let done = false;
    try {
      await handler(jobs);
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
    for (const job of jobs) await this.#run(job);
  }

  async #run(job: Job): Promise<void> {
    const definition = this.#queues.get(job.queue);
    try {
      if (!definition) throw new Error(`no handler for queue ${job.queue}`);
      await definition.handler(job);
      await this.#markDone(job.id);
    } catch (error) {
      this.#o.onError?.(error, job);
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      const retry = job.attempts < job.maxAttempts && definition !== undefined;
      const next = new Date(this.#o.clock.now().getTime() + (definition?.backoffMs(job.attempts) ?? 0));
      await sql`update jobs set status = ${retry ? 'queued' : 'failed'}, run_at = ${next}, last_error = ${message},
          lease_expires_at = null, finished_at = ${retry ? null : sql`clock_timestamp()`}
        where id = ${job.id} and locked_by = ${this.workerId}`.execute(this.#o.db);
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
        sql`update jobs set status = 'done', finished_at = clock_timestamp(), lease_expires_at = null, last_error = null
          where id = any(${sql.val(ids)}::bigint[]) and locked_by = ${this.workerId}`
          .execute(this.#o.db)
          .then(() => resolve(), reject);
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
      const { units } = await this.#claimRound(
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
      if (units.length === 0 || this.#inFlight.size >= this.#o.concurrency) break;
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
    const next = await sql<{ runAt: Date | null }>`select min(run_at) as run_at from jobs
      where status = 'queued' and queue = any(${sql.val(names)}::text[])`.execute(this.#o.db);
    const runAt = next.rows[0]?.runAt;
    if (!runAt) return;
    // Already due: it fell due after this round's claim (a timer may fire a little early), or
    // another worker is claiming it right now. Look again in a moment, not at the next poll.
    const wait = Math.max(5, new Date(runAt).getTime() - this.#o.clock.now().getTime());
    if (wait >= this.#o.pollMs) return;
    if (this.#dueTimer) clearTimeout(this.#dueTimer);
    this.#dueTimer = setTimeout(() => {
      this.#dueTimer = null;
      this.wake();
    }, wait);
    this.#dueTimer.unref();
  }

  /** Takes back this worker's own jobs from a previous life (crash, SIGKILL), then polls and heartbeats. */
  async start(): Promise<void> {
    this.#stopped = false;
    await sql`update jobs set status = 'queued', locked_by = null, lease_expires_at = null
      where status = 'running' and locked_by = ${this.workerId}`.execute(this.#o.db);
    this.#pollTimer = setInterval(() => this.wake(), this.#o.pollMs);
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), this.#o.heartbeatMs);
    this.#pollTimer.unref();
    this.#heartbeatTimer.unref();
    this.wake();
  }

  async #heartbeat(): Promise<void> {
    if (this.#running.size === 0) return;
    try {
      await sql`update jobs set lease_expires_at = clock_timestamp() + make_interval(secs => ${this.#o.leaseMs / 1000})
        where status = 'running' and locked_by = ${this.workerId} and id = any(${sql.val([...this.#running])}::bigint[])`.execute(
        this.#o.db,
      );
    } catch (error) {
      this.#o.onError?.(error);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    if (this.#dueTimer) clearTimeout(this.#dueTimer);
    await this.#pumping;
    await Promise.allSettled([...this.#inFlight]);
  }
}
