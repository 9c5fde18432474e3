import { sql, type Kysely } from 'kysely';

/** 日常的な支援チーム: organisations (and optionally a staff member) on a person's team, with leads. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('team_members')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('is_lead', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('started_on', 'date', (c) => c.notNull())
    // The first day the member is no longer on the team (exclusive), so ending "today" takes effect at once.
    .addColumn('ended_on', 'date')
    .addColumn('added_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('team_members_period', sql`ended_on is null or started_on <= ended_on`)
    .execute();
  await db.schema
    .createIndex('team_members_person_idx')
    .on('team_members')
    .columns(['person_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('team_members_organisation_idx')
    .on('team_members')
    .columns(['organisation_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('team_members').execute();
}
