import { sql, type Kysely } from 'kysely';

/** 本人: the person at the centre, their certificates and their family and informal supporters. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await db.schema
    .createTable('persons')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kana', 'text', (c) => c.notNull()) // normalised to hiragana without spaces for search
    .addColumn('kana_display', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('daily_life_area_id', 'uuid', (c) => c.references('regions.id').onDelete('restrict'))
    .addColumn('responsible_municipality_id', 'uuid', (c) => c.references('regions.id').onDelete('restrict'))
    .addColumn('uses_welfare_services', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('registered_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('registered_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index persons_name_trgm on persons using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index persons_kana_trgm on persons using gin (kana gin_trgm_ops)`.execute(db);
  await db.schema.createIndex('persons_birth_date_idx').on('persons').columns(['birth_date']).execute();

  await db.schema
    .createTable('person_certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('support_category', 'text')
    .addColumn('grade', 'smallint', (c) => c.check(sql`grade between 1 and 3`))
    .addColumn('valid_from', 'date')
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('person_certificates_period', sql`valid_from is null or valid_from <= valid_until`)
    .execute();
  await db.schema
    .createIndex('person_certificates_person_idx')
    .on('person_certificates')
    .columns(['person_id', 'valid_until'])
    .execute();

  await db.schema
    .createTable('person_contacts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_excluded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('exclusion_note', 'text')
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('person_contacts_person_idx')
    .on('person_contacts')
    .column('person_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_contacts').execute();
  await db.schema.dropTable('person_certificates').execute();
  await db.schema.dropTable('persons').execute();
}
