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
  #draining: Promise<void> | null = null;
  #again = false;
  #stopped = true;

  constructor(options: JobQueueOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`;
    this.#o = { leaseMs: 10_000, heartbeatMs: 3_000, pollMs: 1_000, batchSize: 50, ...options };
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
    const result = await sql`insert into jobs (queue, key, payload, run_at, status, max_attempts, created_at)
      values (${request.queue}, ${request.key}, ${JSON.stringify(request.payload)}::jsonb, ${runAt}, 'queued',
        ${request.maxAttempts ?? this.#queues.get(request.queue)?.maxAttempts ?? 10}, ${this.#o.clock.now()})
      on conflict (key) do nothing`.execute(executor);
    const inserted = Number(result.numAffectedRows ?? 0n) === 1;
    // Delivered when the transaction commits; a due job then starts without waiting for a poll.
    if (inserted) await sql`select pg_notify(${JOBS_CHANNEL}, ${request.queue})`.execute(executor);
    return inserted;
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

  async #claim(): Promise<Job[]> {
    const names = [...this.#queues.keys()];
    if (names.length === 0) return [];
    // Leases are liveness, not business time: they use the database's clock.
    const rows = await sql<Job>`update jobs set status = 'running', locked_by = ${this.workerId},
        lease_expires_at = clock_timestamp() + make_interval(secs => ${this.#o.leaseMs / 1000}), attempts = attempts + 1
      where id in (
        select id from jobs
        where queue = any(${sql.val(names)}::text[])
          and ((status = 'queued' and run_at <= ${this.#o.clock.now()})
            or (status = 'running' and lease_expires_at < clock_timestamp()))
        order by run_at, id
        limit ${this.#o.batchSize}
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
      await sql`update jobs set status = 'done', finished_at = clock_timestamp(), lease_expires_at = null, last_error = null
        where id = ${job.id} and locked_by = ${this.workerId}`.execute(this.#o.db);
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

  /** Runs due jobs now; concurrent calls coalesce into one more round. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = (async () => {
      do {
        this.#again = false;
        try {
          await this.runDue();
        } catch (error) {
          this.#o.onError?.(error);
        }
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#draining = null;
    });
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
    await this.#draining;
  }
}
