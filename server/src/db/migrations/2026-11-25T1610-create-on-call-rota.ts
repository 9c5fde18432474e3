import { sql, type Kysely } from 'kysely';

/**
 * 当番表: shifts of a covering organisation (拠点, 基幹, 保健所, a hospital's night duty) with a
 * primary and a backup staff member, the regions they cover and their start and end instants;
 * the history each shift keeps; and swap requests between staff (交代の依頼).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('on_call_shifts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('primary_user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('backup_user_id', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('contact_phone', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('on_call_shifts_order', sql`starts_at < ends_at`)
    .addCheckConstraint(
      'on_call_shifts_backup_differs',
      sql`backup_user_id is null or backup_user_id <> primary_user_id`,
    )
    .execute();
  // Shifts are bounded in length, so "overlaps [from, to)" is a range scan on starts_at.
  await sql`create index on_call_shifts_starts_idx on on_call_shifts (starts_at) where cancelled_at is null`.execute(
    db,
  );
  await db.schema
    .createIndex('on_call_shifts_organisation_idx')
    .on('on_call_shifts')
    .columns(['organisation_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('on_call_shift_regions')
    .addColumn('shift_id', 'uuid', (c) => c.notNull().references('on_call_shifts.id').onDelete('cascade'))
    .addColumn('region_id', 'uuid', (c) => c.notNull().references('regions.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('on_call_shift_regions_pkey', ['shift_id', 'region_id'])
    .execute();
  await db.schema
    .createIndex('on_call_shift_regions_region_idx')
    .on('on_call_shift_regions')
    .column('region_id')
    .execute();

  await db.schema
    .createTable('on_call_shift_history')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shift_id', 'uuid', (c) => c.notNull().references('on_call_shifts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('created', 'updated', 'reassigned', 'swapped', 'cancelled')`),
    )
    .addColumn('actor_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // What changed: { field: [before, after] }.
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('on_call_shift_history_shift_idx')
    .on('on_call_shift_history')
    .columns(['shift_id', 'at'])
    .execute();

  await db.schema
    .createTable('on_call_swap_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shift_id', 'uuid', (c) => c.notNull().references('on_call_shifts.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('primary', 'backup')`))
    .addColumn('from_user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('to_user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('message', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'withdrawn', 'cancelled')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addCheckConstraint('on_call_swap_requests_other_user', sql`from_user_id <> to_user_id`)
    .execute();
  // One open request per slot of a shift.
  await sql`create unique index on_call_swap_requests_pending_key on on_call_swap_requests (shift_id, role) where status = 'pending'`.execute(
    db,
  );
  await sql`create index on_call_swap_requests_to_idx on on_call_swap_requests (to_user_id) where status = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('on_call_swap_requests').execute();
  await db.schema.dropTable('on_call_shift_history').execute();
  await db.schema.dropTable('on_call_shift_regions').execute();
  await db.schema.dropTable('on_call_shifts').execute();
}
