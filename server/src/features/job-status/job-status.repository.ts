import { sql, type Kysely } from 'kysely';
import type { JobState } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';

/** A running job past its timeout and grace counts as overdue. */
const stateOf = sql<JobState>`case when status = 'running' and overdue_at is not null then 'overdue' else status end`;

/** How many jobs of each queue are in each state (the table holds a few days of finished ones). */
export function countsByQueueAndState(db: Kysely<Tables>) {
  return db
    .selectFrom('jobs')
    .select(['queue', stateOf.as('state'), (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['queue', 'state'])
    .orderBy('queue')
    .orderBy('state')
    .execute();
}

/** The failed jobs and the overdue runs, latest first. */
export function troubledJobs(db: Kysely<Tables>, limit: number) {
  return db
    .selectFrom('jobs')
    .select([
      'id',
      'queue',
      'key',
      stateOf.as('state'),
      'attempts',
      'maxAttempts',
      'lastError',
      'createdAt',
      'runAt',
      'startedAt',
      'finishedAt',
      'overdueAt',
    ])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'running'), eb('overdueAt', 'is not', null)]),
      ]),
    )
    .orderBy(sql`coalesce(finished_at, overdue_at)`, 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findJob(db: Kysely<Tables>, id: string) {
  return db.selectFrom('jobs').select(['id', 'queue']).where('id', '=', id).executeTakeFirst();
}

/** The system administrators whose accounts are enabled. */
export async function activeSystemAdmins(db: Kysely<Tables>): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('isSystemAdmin', '=', true)
    .where('disabledAt', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Whether the admins were told of this job already (a notice job that ran again after a crash). */
export async function alreadyNotified(db: Kysely<Tables>, kind: string, jobId: string): Promise<boolean> {
  const row = await db
    .selectFrom('notifications')
    .select('id')
    .where('kind', '=', kind)
    .where(sql<string>`payload->>'jobId'`, '=', jobId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
