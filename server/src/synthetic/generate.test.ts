import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { testSecrets } from '../../test/test-app.ts';
import type { Tables } from '../db/tables.ts';
import { generateSyntheticCity } from './generate.ts';
import { scales } from './scales.ts';

const open: TestDatabase[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const key = Buffer.from(testSecrets.TSUNAGU_ENCRYPTION_KEY, 'base64url');
const now = new Date('2026-11-25T09:00:00+09:00');

/** A fingerprint of the generated data, independent of physical order. */
async function fingerprint(db: Kysely<Tables>): Promise<Record<string, string>> {
  const digest = async (query: ReturnType<typeof sql>) =>
    ((await query.execute(db)).rows[0] as { d: string }).d;
  return {
    persons: await digest(
      sql`select md5(string_agg(id::text || name || kana || birth_date::text || responsible_municipality_id::text, ',' order by id)) as d from persons`,
    ),
    items: await digest(
      sql`select md5(string_agg(id::text || person_id::text || category || content || observed_on::text || recorded_by_organisation_id::text, ',' order by id)) as d from information_items`,
    ),
    messages: await digest(
      sql`select md5(string_agg(id::text || person_id::text || category || priority || body || created_at::text, ',' order by id)) as d from messages`,
    ),
    grants: await digest(
      sql`select md5(string_agg(g.id::text || g.organisation_id::text || coalesce(g.expires_on::text, '-') || gc.category, ',' order by g.id, gc.category)) as d from access_grants g join access_grant_categories gc on gc.grant_id = g.id`,
    ),
    acks: await digest(
      sql`select md5(string_agg(message_id::text || recipient_user_id::text || coalesce(acknowledged_at::text, '-'), ',' order by message_id, recipient_user_id)) as d from message_acks`,
    ),
  };
}

describe('the synthetic city generator', () => {
  it('builds the small city with the documented counts, and the same seed gives the same data', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    open.push(a, b);
    const countsA = await generateSyntheticCity(a.db, { scale: 'small', seed: 42, now, encryptionKey: key });
    const countsB = await generateSyntheticCity(b.db, { scale: 'small', seed: 42, now, encryptionKey: key });
    expect(countsA).toEqual(countsB);
    expect(countsA).toMatchObject({
      persons: scales.small.persons,
      organisations: scales.small.organisations,
      staff: scales.small.staff,
      items: scales.small.items,
      messages: scales.small.messages,
    });
    expect(await fingerprint(a.db)).toEqual(await fingerprint(b.db));
    const stored = await sql<{
      persons: number;
      items: number;
      messages: number;
    }>`select (select count(*)::int from persons) as persons,
      (select count(*)::int from information_items) as items, (select count(*)::int from messages) as messages`.execute(
      a.db,
    );
    expect(stored.rows[0]).toEqual({ persons: 200, items: 10_000, messages: 20_000 });
  });

  it('gives a different city for a different seed, with a long tail of histories and a busy staff member', async () => {
    const a = await createTestDatabase();
    open.push(a);
    await generateSyntheticCity(a.db, { scale: 'small', seed: 43, now, encryptionKey: key });
    const top = await sql<{
      n: number;
    }>`select count(*)::int as n from information_items group by person_id order by 1 desc limit 1`.execute(
      a.db,
    );
    expect(top.rows[0]!.n).toBeGreaterThan(5 * (scales.small.items / scales.small.persons));
    const busy = await sql<{
      n: number;
    }>`select count(distinct tm.person_id)::int as n from team_members tm join users u on u.id = tm.user_id
      where u.email = 'staff-00001@synthetic.tsunagu.example'`.execute(a.db);
    expect(busy.rows[0]!.n).toBe(scales.small.busyTeams);
    await expect(
      generateSyntheticCity(a.db, { scale: 'small', seed: 1, now, encryptionKey: key }),
    ).rejects.toThrow(/empty database/);
  });
});
