import type { Kysely } from 'kysely';

/** 当番の履歴: an insertion order, so two changes in the same instant (one clock tick) keep their order. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('on_call_shift_history')
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('on_call_shift_history').dropColumn('seq').execute();
}
