import { sql, type Kysely } from 'kysely';

/**
 * What an escalation step records about how it was routed, besides whom it reached:
 * - `shift_ids`: the on-call shifts whose staff it reached (a rota organisation's on-duty
 *   primary, the region's on-call primary), so the backup step asks the backup of the shift that
 *   took the case, and the on-duty staff of those organisations may open it;
 * - `notes`: why it reached whom it did, or no one ([{ code, organisationId }]: a closed tier
 *   without a shift skipped, a rota with nobody on duty, …), shown in the case's operational view;
 * - handover entries of kind `step_unreached`: the morning 申し送り says which steps reached no one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('urgent_steps')
    .addColumn('shift_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('notes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await sql`alter table handover_entries drop constraint handover_entries_kind_check`.execute(db);
  await sql`alter table handover_entries add constraint handover_entries_kind_check check (kind in
    ('case_opened', 'step_fired', 'step_unreached', 'case_acknowledged', 'case_exhausted', 'consultation'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from handover_entries where kind = 'step_unreached'`.execute(db);
  await sql`alter table handover_entries drop constraint handover_entries_kind_check`.execute(db);
  await sql`alter table handover_entries add constraint handover_entries_kind_check check (kind in
    ('case_opened', 'step_fired', 'case_acknowledged', 'case_exhausted', 'consultation'))`.execute(db);
  await db.schema.alterTable('urgent_steps').dropColumn('notes').dropColumn('shift_ids').execute();
}
