import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import type { Clock } from './clock.ts';

/** What features are built from: the database, the clock and the configuration. */
export interface Deps {
  db: Kysely<Tables>;
  database: Database;
  clock: Clock;
  config: Config;
  /** Non-production installations seeded with demo data may reveal demo accounts' codes. */
  demoMode: boolean;
}
