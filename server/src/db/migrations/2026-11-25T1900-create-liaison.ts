import { sql, type Kysely } from 'kysely';

/**
 * 連携シート and 連絡記録: reaching organisations that work by phone and FAX. An organisation's
 * liaison settings say whether it uses tsunagu and how to reach it; a sheet is one item sent to
 * such an organisation, with a reply code, a guest link (random token, sealed PIN, expiry,
 * lockout) and its reply; deliveries record every download, FAX-gateway e-mail and PIN SMS; a
 * contact log entry adds how and with whom to an information item (phone, FAX, visit, meeting).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisation_liaison_settings')
    .addColumn('organisation_id', 'uuid', (c) =>
      c.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('uses_tsunagu', 'boolean', (c) => c.notNull())
    .addColumn('preferred_channel', 'text', (c) =>
      c.notNull().check(sql`preferred_channel in ('fax', 'phone', 'post', 'email')`),
    )
    .addColumn('fax_number', 'text')
    .addColumn('fax_gateway_email', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('liaison_sheets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) =>
      c.notNull().check(sql`source_kind in ('message', 'request', 'plan')`),
    )
    .addColumn('message_id', 'uuid', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('plan_id', 'uuid', (c) => c.references('plans.id').onDelete('set null'))
    .addColumn('recipient_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('sender_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sender_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reply_by', 'date', (c) => c.notNull())
    .addColumn('reply_code', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_sealed', 'text', (c) => c.notNull())
    .addColumn('pin_sealed', 'text', (c) => c.notNull())
    // false: the PIN went by SMS and the sheet says so instead of printing it.
    .addColumn('pin_on_sheet', 'boolean', (c) => c.notNull())
    .addColumn('link_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('pin_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', 'timestamptz')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('awaiting', 'replied', 'cancelled')`),
    )
    .addColumn('replied_at', 'timestamptz')
    .addColumn('reply_channel', 'text', (c) =>
      c.check(sql`reply_channel in ('link', 'phone', 'fax', 'visit', 'other')`),
    )
    .addColumn('reply_text', 'text')
    .addColumn('reply_respondent', 'text')
    .addColumn('reply_recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reply_file_name', 'text')
    .addColumn('reply_file_type', 'text')
    .addColumn('reply_file_data', 'bytea')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'liaison_sheets_replied',
      sql`(status = 'replied') = (replied_at is not null and reply_channel is not null)`,
    )
    .execute();
  // Outstanding replies of an organisation, oldest due first; a person's sheets.
  await sql`create index liaison_sheets_outstanding_idx on liaison_sheets (sender_organisation_id, reply_by)
    where status = 'awaiting'`.execute(db);
  await sql`create index liaison_sheets_person_idx on liaison_sheets (person_id, created_at desc)`.execute(
    db,
  );

  await db.schema
    .createTable('liaison_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('liaison_sheets.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('download', 'fax_gateway', 'sms_pin')`),
    )
    .addColumn('to_address', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('requested_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index liaison_deliveries_sheet_idx on liaison_deliveries (sheet_id, created_at)`.execute(
    db,
  );

  await db.schema
    .createTable('contact_log_entries')
    // The information item's lineage: the entry says how the exchange happened, the item what was said.
    .addColumn('item_lineage_id', 'uuid', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) =>
      c.notNull().check(sql`mode in ('phone', 'fax', 'visit', 'meeting', 'mail', 'other')`),
    )
    .addColumn('direction', 'text', (c) => c.check(sql`direction in ('incoming', 'outgoing')`))
    .addColumn('counterpart', 'text', (c) => c.notNull())
    .addColumn('counterpart_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sheet_id', 'uuid', (c) => c.references('liaison_sheets.id').onDelete('set null'))
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index contact_log_person_idx on contact_log_entries (person_id, occurred_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_log_entries').execute();
  await db.schema.dropTable('liaison_deliveries').execute();
  await db.schema.dropTable('liaison_sheets').execute();
  await db.schema.dropTable('organisation_liaison_settings').execute();
}
