import { type Kysely } from 'kysely';

/**
 * An import that stops with its process (a restart, a crash, a killed command) must not stay
 * 「取り込み中」 for ever: each import records the process that reads it (`worker_id`, the
 * job queue's TSUNAGU_WORKER_ID) and when it last wrote a batch (`progressed_at`). A process
 * marks its own running imports interrupted when it starts; any process marks one interrupted
 * whose last batch is long past.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('directory_imports')
    .addColumn('worker_id', 'text')
    .addColumn('progressed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('directory_imports')
    .dropColumn('worker_id')
    .dropColumn('progressed_at')
    .execute();
}
