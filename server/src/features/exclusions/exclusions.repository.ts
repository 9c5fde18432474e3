import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** A person's excluded contacts (一切伝えてはいけない人), oldest first, with what matching needs. */
export function excludedContacts(db: Kysely<Tables>, personId: string) {
  return db
    .selectFrom('personContacts')
    .select(['name', 'relationship', 'phone', 'exclusionNote as note'])
    .where('personId', '=', personId)
    .where('isExcluded', '=', true)
    .orderBy('createdAt')
    .execute();
}
