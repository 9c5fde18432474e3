import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { personCandidates } from '../../platform/matching/person-match.ts';

/**
 * The one read of persons that does not go through the consent scope: the candidates of 本人照合
 * (name or reading by search key, and birth date), used only after a reason has been recorded
 * (break-glass); the service keeps those personMatch calls the same person.
 */
export async function findCandidates(
  db: Kysely<Tables>,
  d: { name: string | null; kana: string | null; birthDate: string },
) {
  const candidates = personCandidates('p', d);
  if (!candidates) return [];
  const result = await sql<{ personId: string; name: string; kana: string; birthDate: string }>`
    select p.id as person_id, p.name, p.kana_display as kana, p.birth_date from persons p
    where ${candidates} order by p.id limit 5`.execute(db);
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
