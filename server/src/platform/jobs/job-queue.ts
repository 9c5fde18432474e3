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
  maxAttempts?: number;
  /** Delay before attempt n+1 after n failures. */
  backoffMs?: (attempts: number) => number;
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
  readonly #queues = new Map<string, Required<QueueDefinition>>();
  readonly #running = new Set<string>();
  #pollTimer: NodeJS.Timeout | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #dueTimer: NodeJS.Timeout | null = null;
  #pumping: Promise<void> | null = null;
  #again = false;
  #stopped = true;
  readonly #inFlight = new Set<Promise<void>>();
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
    const runAt = request.runAt ?? this.#o.clock.now();
    // The NOTIFY (only for a new job) is delivered when the transaction commits: a due job then
    // starts without waiting for a poll. One round trip for both.
    const result = await sql<{ id: string }>`with ins as (
        insert into jobs (queue, key, payload, run_at, status, max_attempts, created_at)
        values (${request.queue}, ${request.key}, ${JSON.stringify(request.payload)}::jsonb, ${runAt}, 'queued',
          ${request.maxAttempts ?? this.#queues.get(request.queue)?.maxAttempts ?? 10}, ${this.#o.clock.now()})
        on conflict (key) do nothing
        returning id)
      select id, pg_notify(${JOBS_CHANNEL}, ${request.queue}) from ins`.execute(executor);
    return result.rows.length === 1;
  }

  /** Claims and runs everything due at the clock's now; returns how many jobs ran. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await this.#claim();
      if (jobs.length === 0) return total;
      await Promise.all(jobs.map((job) => this.#run(job)));
      total += jobs.length;
      if (jobs.length < this.#o.batchSize) return total;
    }
  }

  async #claim(limit = this.#o.batchSize): Promise<Job[]> {
    const names = [...this.#queues.keys()];
    if (names.length === 0 || limit <= 0) return [];
    // Leases are liveness, not business time: they use the database's clock.
    const rows = await sql<Job>`update jobs set status = 'running', locked_by = ${this.workerId},
        lease_expires_at = clock_timestamp() + make_interval(secs => ${this.#o.leaseMs / 1000}), attempts = attempts + 1
      where id in (
        select id from jobs
        where queue = any(${sql.val(names)}::text[])
          and ((status = 'queued' and run_at <= ${this.#o.clock.now()})
            or (status = 'running' and lease_expires_at < clock_timestamp()))
        order by run_at, id
        limit ${limit}
        for update skip locked)
      returning id, queue, key, payload, run_at, attempts, max_attempts`.execute(this.#o.db);
    for (const job of rows.rows) this.#running.add(job.id);
    return rows.rows;
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
      const jobs = await this.#claim(Math.min(this.#o.batchSize, this.#o.concurrency - this.#inFlight.size));
      for (const job of jobs) {
        const running: Promise<void> = this.#run(job).finally(() => {
          this.#inFlight.delete(running);
          this.wake();
        });
        this.#inFlight.add(running);
      }
      if (jobs.length === 0 || this.#inFlight.size >= this.#o.concurrency) break;
    }
    await this.#armDueTimer();
  }

  /**
   * Sleeps until the next queued job falls due (when sooner than the next poll): a step scheduled
   * ten minutes ahead fires on time to the millisecond, not up to a poll interval late.
   */
  async #armDueTimer(): Promise<void> {
    const names = [...this.#queues.keys()];
    if (this.#stopped || names.length === 0) return;
    const next = await sql<{ runAt: Date | null }>`select min(run_at) as run_at from jobs
      where status = 'queued' and queue = any(${sql.val(names)}::text[])`.execute(this.#o.db);
    const runAt = next.rows[0]?.runAt;
    if (!runAt) return;
    const wait = new Date(runAt).getTime() - this.#o.clock.now().getTime();
    if (wait <= 0 || wait >= this.#o.pollMs) return;
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
