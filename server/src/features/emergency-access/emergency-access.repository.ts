import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/**
 * The one read of persons that does not go through the consent scope: an exact match of full
 * name (or reading) and birth date, used only after a reason has been recorded (break-glass).
 */
export async function findExactMatches(
  db: Kysely<Tables>,
  m: { name: string | null; kana: string | null; birthDate: string },
) {
  const byName = m.name ? sql`regexp_replace(p.name, ${'[\\s\u3000]'}, '', 'g') = ${m.name}` : sql`false`;
  const byKana = m.kana ? sql`p.kana = ${m.kana}` : sql`false`;
  const result = await sql<{ personId: string; name: string; kana: string; birthDate: string }>`
    select p.id as person_id, p.name, p.kana_display as kana, p.birth_date from persons p
    where p.birth_date = ${m.birthDate}::date and (${byName} or ${byKana})
    order by p.id limit 5`.execute(db);
  return result.rows;
}

export async function insertEmergencyAccess(
  db: Kysely<Tables>,
  e: {
    personId: string;
    userId: string;
    organisationId: string | null;
    reason: string;
    startedAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db.insertInto('emergencyAccesses').values(e).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
