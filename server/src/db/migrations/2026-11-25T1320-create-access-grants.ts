import { sql, type Kysely } from 'kysely';

/**
 * 同意と開示の根拠: which organisation may see which categories of a person's information,
 * on what legal basis; and 緊急時の閲覧 (break-glass) grants to one staff member for a few hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('basis', 'text', (c) =>
      c.notNull().check(sql`basis in ('consent', 'support_meeting', 'other_statute')`),
    )
    .addColumn('method', 'text')
    .addColumn('statute', 'text')
    .addColumn('obtained_on', 'date', (c) => c.notNull())
    .addColumn('obtained_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('obtained_by_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('expires_on', 'date') // the last day it is valid
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('withdrawn_by_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('withdrawal_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_grants_lookup_idx')
    .on('access_grants')
    .columns(['person_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('access_grants_organisation_idx')
    .on('access_grants')
    .columns(['organisation_id', 'expires_on'])
    .execute();

  await db.schema
    .createTable('access_grant_categories')
    .addColumn('grant_id', 'uuid', (c) => c.notNull().references('access_grants.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_grant_categories_pkey', ['grant_id', 'category'])
    .execute();

  await db.schema
    .createTable('grant_documents')
    .addColumn('grant_id', 'uuid', (c) => c.primaryKey().references('access_grants.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('emergency_accesses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('emergency_accesses_user_idx')
    .on('emergency_accesses')
    .columns(['user_id', 'person_id', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['emergency_accesses', 'grant_documents', 'access_grant_categories', 'access_grants'])
    await db.schema.dropTable(t).execute();
}
