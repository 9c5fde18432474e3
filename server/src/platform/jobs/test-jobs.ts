import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../deps.ts';
import type { Job, WorkerTiming } from './job-queue.ts';

/**
 * Job queues for tests of a real server process (TSUNAGU_TEST_JOBS=1, refused in production by
 * config.ts): their jobs crash the process, hang ignoring their signal, fail, or enqueue keys
 * again, as their payload says. Each run is written to `<data dir>/test-jobs.log` (one JSON line
 * per start and end) for the test to read after the process is gone.
 */
export const TEST_QUEUE = 'test';
export const TEST_SET_QUEUE = 'test.set';

/** What a test job does. */
export type TestJobBehaviour = 'ok' | 'crash' | 'hang-once' | 'fail' | 'enqueue';

/**
 * The worker's timing under test: a lease of 2 s renewed every ½ s (so a test sees a hung run
 * keep its lease well past its length within seconds), a grace of 1 s, and a stop that waits 1 s.
 */
export const TEST_JOB_TIMING: WorkerTiming = {
  leaseMs: 2_000,
  heartbeatMs: 500,
  graceMs: 1_000,
  stopWaitMs: 1_000,
};

/** One line of the log. */
export interface TestJobLine {
  event: 'start' | 'done' | 'enqueued';
  key: string;
  pid: number;
  attempts: number;
  created?: string[];
  present?: string[];
}

export function registerTestJobs(deps: Deps): void {
  const file = path.join(deps.config.dataDir, 'test-jobs.log');
  const note = (event: TestJobLine['event'], job: Job, more: Partial<TestJobLine> = {}) =>
    appendFileSync(
      file,
      `${JSON.stringify({ event, key: job.key, pid: process.pid, attempts: job.attempts, ...more })}\n`,
    );

  async function perform(job: Job): Promise<void> {
    note('start', job);
    switch (job.payload.behaviour) {
      case 'crash':
        process.kill(process.pid, 'SIGKILL');
        return new Promise(() => {});
      case 'hang-once':
        // Its signal is ignored on purpose: the first run never settles.
        if (job.attempts === 1) return new Promise(() => {});
        break;
      case 'fail':
        throw new Error('the test job fails on purpose');
      case 'enqueue': {
        const keys = Array.isArray(job.payload.keys) ? job.payload.keys.map(String) : [];
        const present = await deps.db.selectFrom('jobs').select('key').where('key', 'in', keys).execute();
        const created = await deps.jobs.enqueueMany(
          deps.db,
          keys.map((key) => ({ queue: TEST_QUEUE, key, payload: { behaviour: 'ok' } })),
        );
        note('enqueued', job, { created: [...created].sort(), present: present.map((p) => p.key).sort() });
        break;
      }
    }
    note('done', job);
  }

  const common = {
    purpose: 'tests of the job queue',
    maxAttempts: 2,
    backoffMs: () => 200,
    timeoutMs: 1_000,
    watched: true,
    handler: (job: Job) => perform(job),
  };
  deps.jobs.register(TEST_QUEUE, common);
  deps.jobs.register(TEST_SET_QUEUE, {
    ...common,
    together: {
      size: 10,
      handler: async (jobs: Job[]) => {
        for (const job of jobs) await perform(job);
      },
    },
  });
}
