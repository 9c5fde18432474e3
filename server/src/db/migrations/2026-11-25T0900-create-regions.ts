import { sql, type Kysely } from 'kysely';

/** 圏域: the tree 都道府県 > 障害保健福祉圏域 > 市町村 > 日常生活圏域. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('parent_id', 'uuid', (c) => c.references('regions.id').onDelete('restrict'))
    .addColumn('level', 'text', (c) =>
      c
        .notNull()
        .check(sql`level in ('prefecture', 'health_welfare_area', 'municipality', 'daily_life_area')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kana', 'text')
    .addColumn('code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_id').execute();
  await sql`create unique index regions_sibling_name_key on regions (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('regions').execute();
}
