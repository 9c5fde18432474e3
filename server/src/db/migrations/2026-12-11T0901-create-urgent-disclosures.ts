import { sql, type Kysely } from 'kysely';

/**
 * 緊急時の例外による提供: the sender of a 緊急 message confirmed both conditions of the emergency
 * exception (needed to protect the person's life or body; the person's consent is difficult to
 * obtain) and gave a reason, so the message is shared with the case's responders whose consent
 * does not reach its category — recorded with the article it rests on (個人情報保護法 第27条第1項第2号
 * for a private sender, 第69条第2項 for a public body), the reason, and when the sharing ends. Each
 * responder shown the message on that basis is recorded once (who was told).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('urgent_disclosures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) =>
      c.notNull().unique().references('urgent_cases.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('sender_kind', 'text', (c) => c.notNull().check(sql`sender_kind in ('private', 'public')`))
    // Both conditions are part of the record, and neither may be missing.
    .addColumn('protects_life_or_body', 'boolean', (c) => c.notNull().check(sql`protects_life_or_body`))
    .addColumn('consent_difficult', 'boolean', (c) => c.notNull().check(sql`consent_difficult`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_by_organisation_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addCheckConstraint('urgent_disclosures_ends_after_start', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('urgent_disclosures_person_idx')
    .on('urgent_disclosures')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('urgent_disclosure_recipients')
    .addColumn('disclosure_id', 'uuid', (c) =>
      c.notNull().references('urgent_disclosures.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('first_shown_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('urgent_disclosure_recipients_pkey', ['disclosure_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('urgent_disclosure_recipients').execute();
  await db.schema.dropTable('urgent_disclosures').execute();
}
