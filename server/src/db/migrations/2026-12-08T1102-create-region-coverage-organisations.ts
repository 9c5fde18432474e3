import { type Kysely } from 'kysely';

/**
 * The organisations whose hours define a region's day for the on-call coverage check, chosen by a
 * system administrator: a minute needs someone on call whenever any of them is closed. A region
 * without rows takes the nearest ancestor's choice, else the default (its municipality's office
 * and the 基幹相談支援センター serving it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('region_coverage_organisations')
    .addColumn('region_id', 'uuid', (c) => c.notNull().references('regions.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('region_coverage_organisations_pkey', ['region_id', 'organisation_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('region_coverage_organisations').execute();
}
