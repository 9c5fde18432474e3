import type { Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/** Small installation-wide facts (e.g. when the demo was seeded). */
export async function readSetting(db: Kysely<Tables>, key: string): Promise<unknown> {
  const row = await db.selectFrom('appSettings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(
  db: Kysely<Tables>,
  key: string,
  value: unknown,
  now: Date,
): Promise<void> {
  await db
    .insertInto('appSettings')
    .values({ key, value: JSON.stringify(value), updatedAt: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedAt: now }))
    .execute();
}
