import { type Kysely } from 'kysely';

/**
 * 全体の状況 of a モニタリング報告書. The report's columns per goal (サービス提供状況, 本人の感想・満足度,
 * 今後の課題・解決方法, 計画変更の必要性) live in each goal's entry of `progress`, beside its 達成度.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_monitorings').addColumn('overall_status', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_monitorings').dropColumn('overall_status').execute();
}
