import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { Deps } from './deps.ts';
import { registerHousekeeping } from './jobs/housekeeping.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { TEST_JOB_TIMING } from './jobs/test-jobs.ts';
import { EventBus } from './live/event-bus.ts';
import { createMailer } from './mail/mailer.ts';
import { StreamHub } from './live/stream-hub.ts';

/** Builds the dependencies a server process runs on (the same for the server and tests). */
export function createDeps(p: {
  database: Database;
  clock: Clock;
  config: Config;
  demoMode: boolean;
  onError?: (error: unknown) => void;
}): Deps {
  const bus = new EventBus(p.database, p.clock);
  const jobs = new JobQueue({
    db: p.database.db,
    clock: p.clock,
    workerId: p.config.workerId,
    ...(p.config.testJobs ? TEST_JOB_TIMING : {}),
    ...(p.onError ? { onError: p.onError } : {}),
  });
  bus.on('tsunagu_jobs', () => jobs.wake());
  registerHousekeeping(jobs, p.database.db, p.clock);
  return {
    db: p.database.db,
    database: p.database,
    clock: p.clock,
    config: p.config,
    demoMode: p.demoMode,
    bus,
    jobs,
    mailer: createMailer(p.config.smtpUrl, p.config.mailFrom),
    hub: new StreamHub({ db: p.database.db, clock: p.clock, bus, idleMinutes: p.config.sessionIdleMinutes }),
  };
}
