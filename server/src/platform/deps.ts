import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import type { Clock } from './clock.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { EventBus } from './live/event-bus.ts';
import type { StreamHub } from './live/stream-hub.ts';
import type { Mailer } from './mail/mailer.ts';

/** What features are built from: the database, the clock and the configuration. */
export interface Deps {
  db: Kysely<Tables>;
  database: Database;
  clock: Clock;
  config: Config;
  /** Non-production installations seeded with demo data may reveal demo accounts' codes. */
  demoMode: boolean;
  /** Live events across processes (LISTEN/NOTIFY). */
  bus: EventBus;
  /** Durable background jobs (e-mail, digests; later escalations). */
  jobs: JobQueue;
  mailer: Mailer;
  /** This process's live streams (SSE). */
  hub: StreamHub;
}
