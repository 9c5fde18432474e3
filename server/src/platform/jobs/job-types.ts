import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { Clock } from '../clock.ts';
import type { JobRun } from './job-run.ts';
import type { Job } from './job-statements.ts';

/** What a queue is: why it runs, its handler(s), its attempts and backoff, its timeout, whether it is watched. */
export interface QueueDefinition {
  /** Why its jobs run, in a few words: the system's context carries it into every audit row they write. */
  purpose: string;
  handler: (job: Job, run: JobRun) => Promise<void>;
  /**
   * Runs up to `size` due jobs of this queue together (set-based work in one transaction: a burst
   * of due jobs costs a few statements per set, not per job); one set at a time per worker. If
   * `handler` throws, each job of the set runs alone through the single `handler`, so one bad job
   * holds up no other and fails (and retries) on its own. A job run before (its set failed, or its
   * process ended during the run) always runs alone.
   */
  together?: { size: number; handler: (jobs: Job[], run: JobRun) => Promise<void> };
  maxAttempts?: number;
  /** Delay before attempt n+1 after n failures. */
  backoffMs?: (attempts: number) => number;
  /** How long one run (of a job or a set) may take before its signal aborts it. */
  timeoutMs?: number;
  /** A job of this queue that fails for good, or a run that becomes overdue, is told to the system admins. */
  watched?: boolean;
}

export type Definition = Required<Omit<QueueDefinition, 'together'>> & Pick<QueueDefinition, 'together'>;

/** Claimed work: one job, or a set of one queue's jobs run together. */
export interface Unit {
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
  /** After a run's timeout, how long its handler may still take before its job is marked overdue. */
  graceMs?: number;
  /** How long `stop` waits for running handlers before it aborts their signals. */
  stopWaitMs?: number;
  onError?: (error: unknown, job?: Job) => void;
}

/** The worker's timing (tests of a real server shorten it: platform/jobs/test-jobs.ts). */
export type WorkerTiming = Pick<JobQueueOptions, 'leaseMs' | 'heartbeatMs' | 'graceMs' | 'stopWaitMs'>;

export interface EnqueueRequest {
  queue: string;
  /** Idempotency: a second enqueue with the same key does nothing, ever (job_keys outlives pruning). */
  key: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
}
