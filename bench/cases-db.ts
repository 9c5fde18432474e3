import { sql } from 'kysely';
import type { Database } from '../server/src/db/database.ts';
import {
  freshnessCountsByPerson,
  listVisibleItems,
} from '../server/src/features/information/information.repository.ts';
import { listVisiblePersons } from '../server/src/features/persons/persons.repository.ts';
import { tokyoDateOf, type PersonScope } from '../server/src/platform/access/person-access.ts';
import type { Prepared } from './prepare.ts';
import { result, summarise, timeCalls, type Result } from './stats.ts';

async function scopeOf(database: Database, email: string): Promise<PersonScope> {
  const row = await database.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.userId', 'u.id')
    .select(['u.id', 'm.organisationId'])
    .where('u.email', '=', email)
    .orderBy('m.organisationId')
    .executeTakeFirstOrThrow();
  const now = new Date();
  return { userId: row.id, organisationId: row.organisationId, today: tokyoDateOf(now), now };
}

/**
 * Query-level cases, each beside a baseline measured in the same process and minute:
 * the consent-filtered timeline against a primary-key SELECT and against the same list without
 * the consent join; "my persons" against the bare SELECT of those persons.
 */
export async function runDatabaseCases(
  p: Prepared,
  database: Database,
  iterations: number,
): Promise<Result[]> {
  const db = database.db;
  const base = { engine: p.engine, scale: p.scale } as const;
  const viewer = await scopeOf(database, p.fixtures.viewerEmail);
  const personId = p.fixtures.viewerPersonId;
  const ids = p.fixtures.itemIds;

  const pk = await timeCalls(iterations, (i) =>
    db
      .selectFrom('informationItems')
      .selectAll()
      .where('id', '=', ids[i % ids.length]!)
      .executeTakeFirst(),
  );
  const timeline = await timeCalls(iterations, () => listVisibleItems(db, viewer, personId, {}, 50));
  // The same 50-row list, same columns and freshness, without the consent condition.
  const bare = await timeCalls(iterations, () =>
    sql`select i.id, i.lineage_id, i.category, i.content, i.source, i.kind, i.observed_on, i.recorded_at, ru.display_name, ro.name
      from information_items i left join users ru on ru.id = i.recorded_by_user_id left join organisations ro on ro.id = i.recorded_by_organisation_id
      where i.person_id = ${personId}::uuid and i.is_current order by i.recorded_at desc, i.id desc limit 50`.execute(
      db,
    ),
  );
  const pkS = summarise(pk.samples, pk.elapsed);
  const tlS = summarise(timeline.samples, timeline.elapsed);
  const bareS = summarise(bare.samples, bare.elapsed);
  const visibleCount = (await listVisibleItems(db, viewer, personId, {}, 50)).length;

  const results: Result[] = [
    result(
      { ...base, case: 'db.primary_key_select' },
      pkS,
      null,
      null,
      'baseline: one information item by id',
    ),
    result(
      { ...base, case: 'db.timeline_query' },
      tlS,
      { name: 'db.primary_key_select', summary: pkS },
      { text: 'p99 ≤ 3× primary-key SELECT p99', ratio: tlS.p99 / pkS.p99, met: tlS.p99 <= 3 * pkS.p99 },
      `50 newest items a staff member may see (got ${visibleCount})`,
    ),
    result(
      { ...base, case: 'db.timeline_query_vs_no_consent' },
      tlS,
      { name: 'db.timeline_without_consent_join', summary: bareS },
      {
        text: 'p50 ≤ 1.5× the same list without the consent join',
        ratio: tlS.p50 / bareS.p50,
        met: tlS.p50 <= 1.5 * bareS.p50,
      },
    ),
  ];

  const busy = await scopeOf(database, p.fixtures.busyEmail);
  const listed = await listVisiblePersons(db, busy, { limit: 200 });
  const personIds = listed.rows.map((r) => r.id);
  const myPersons = await timeCalls(Math.max(5, Math.floor(iterations / 10)), async () => {
    const { rows } = await listVisiblePersons(db, busy, { limit: 200 });
    await freshnessCountsByPerson(
      db,
      busy,
      rows.map((r) => r.id),
    );
  });
  const bareList = await timeCalls(Math.max(5, Math.floor(iterations / 10)), () =>
    db.selectFrom('persons').selectAll().where('id', 'in', personIds).execute(),
  );
  const mpS = summarise(myPersons.samples, myPersons.elapsed);
  const blS = summarise(bareList.samples, bareList.elapsed);
  results.push(
    result(
      { ...base, case: 'db.my_persons' },
      mpS,
      { name: 'db.bare_select_of_those_persons', summary: blS },
      null,
      `${personIds.length} persons with stale and expiring counts (ratio p50 ${(mpS.p50 / blS.p50).toFixed(1)}×)`,
    ),
  );
  return results;
}
