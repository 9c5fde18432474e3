import { sql, type Kysely } from 'kysely';

/**
 * Team communication around a person: messages (with versions, mentions, attachments), read
 * cursors per reader and timeline (not rows per message), and acknowledgements per message
 * only where one is required (要確認・至急・緊急).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('thread_id', 'uuid', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('topic', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) =>
      c.notNull().check(sql`priority in ('normal', 'urgent', 'emergency')`),
    )
    .addColumn('requires_ack', 'boolean', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('posted', 'corrected', 'withdrawn')`),
    )
    .addColumn('author_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_timeline_idx').on('messages').columns(['person_id', 'seq']).execute();

  // Written only when a message is corrected or withdrawn (the first change also keeps the
  // original), so the common case costs no second row per message.
  await db.schema
    .createTable('message_versions')
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) =>
      c.notNull().check(sql`change in ('posted', 'corrected', 'withdrawn')`),
    )
    .addColumn('reason', 'text')
    .addColumn('changed_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_versions_pkey', ['message_id', 'version'])
    .execute();

  await db.schema
    .createTable('message_mentions')
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addCheckConstraint('message_mentions_one', sql`(user_id is null) <> (organisation_id is null)`)
    .execute();
  await db.schema
    .createIndex('message_mentions_message_idx')
    .on('message_mentions')
    .column('message_id')
    .execute();

  await db.schema
    .createTable('message_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_attachments_message_idx')
    .on('message_attachments')
    .column('message_id')
    .execute();

  // One row per reader and timeline: what has reached them (delivered) and what they have read.
  await db.schema
    .createTable('timeline_cursors')
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('delivered_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('read_at', 'timestamptz')
    .addPrimaryKeyConstraint('timeline_cursors_pkey', ['person_id', 'user_id'])
    .execute();
  await db.schema.createIndex('timeline_cursors_user_idx').on('timeline_cursors').column('user_id').execute();

  // Each advance of a read cursor, so "read when" can be answered per message without a row per message.
  await db.schema
    .createTable('timeline_read_marks')
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('read_seq', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('timeline_read_marks_idx')
    .on('timeline_read_marks')
    .columns(['person_id', 'user_id', 'read_seq'])
    .execute();

  await db.schema
    .createTable('message_acks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('recipient_user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('recipient_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('cascade'),
    )
    .addColumn('acknowledged_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('reply', 'text')
    .addCheckConstraint(
      'message_acks_one',
      sql`(recipient_user_id is null) <> (recipient_organisation_id is null)`,
    )
    .execute();
  await sql`create unique index message_acks_user_key on message_acks (message_id, recipient_user_id) where recipient_user_id is not null`.execute(
    db,
  );
  await sql`create unique index message_acks_org_key on message_acks (message_id, recipient_organisation_id) where recipient_organisation_id is not null`.execute(
    db,
  );
  await sql`create index message_acks_pending_user_idx on message_acks (recipient_user_id) where acknowledged_at is null`.execute(
    db,
  );
  await sql`create index message_acks_pending_org_idx on message_acks (recipient_organisation_id) where acknowledged_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'message_acks',
    'timeline_read_marks',
    'timeline_cursors',
    'message_attachments',
    'message_mentions',
    'message_versions',
    'messages',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
