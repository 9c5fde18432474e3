import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import {
  createPGlite,
  createPool,
  databaseFromPGlite,
  databaseFromPool,
  type Database,
} from '../server/src/db/database.ts';
import { migrateToLatest } from '../server/src/db/migrate.ts';
import type { Tables } from '../server/src/db/tables.ts';
import { loadConfig } from '../server/src/config.ts';
import { ManualClock, systemClock, type Clock } from '../server/src/platform/clock.ts';
import type { RequestContext } from '../server/src/platform/context.ts';
import { LIVE_CHANNEL, parseLiveNotice } from '../server/src/platform/live/event-bus.ts';
import { createDeps } from '../server/src/platform/runtime.ts';
import { createServices } from '../server/src/services.ts';
import { searchKeys } from '../server/src/platform/text/search-key.ts';
import { adminUrl, benchSecrets, type Engine } from './prepare.ts';
import { result, summarise, type Result } from './stats.ts';

/**
 * Off-hours coverage under load: `cases` urgent cases whose first step falls due at the same
 * instant (a region-wide incident at 21:30), fired by the real worker of a real server's
 * dependencies (durable queue, LISTEN/NOTIFY wake-ups, the due-time timer) on each engine.
 * - fire-to-notify: from the step's due time to its live event reaching a listener (what a
 *   coordinator's open screen would get), per step;
 * - timer lateness: from due time to the step's recorded firing;
 * - queue throughput: no-op jobs all due at one instant, completed per second end to end.
 */
export async function runEscalationCases(
  engine: Engine,
  o: { cases: number; noopJobs: number },
  log: (line: string) => void,
): Promise<Result[]> {
  const { database, dispose } = await freshDatabase(engine);
  try {
    const fixture = await buildFixture(database.db, o.cases);
    const results: Result[] = [];
    results.push(...(await fireSimultaneously(engine, database, fixture, o.cases, log)));
    results.push(await queueThroughput(engine, database, o.noopJobs, log));
    return results;
  } finally {
    await dispose();
  }
}

/** A new, migrated database of the engine, dropped by `dispose` (shared by the cases that need their own). */
export async function freshDatabase(
  engine: Engine,
): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = databaseFromPGlite(await createPGlite(undefined));
    await migrateToLatest(database.db);
    return { database, dispose: () => database.close() };
  }
  const name = `tsunagu_bench_esc_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const database = databaseFromPool(createPool(url.toString(), 10));
  await migrateToLatest(database.db);
  return {
    database,
    dispose: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

interface Fixture {
  ctx: RequestContext;
  personIds: string[];
}

/** A region, a group home that asks, a 拠点 on call now (primary and backup), and the persons. */
async function buildFixture(db: Kysely<Tables>, persons: number): Promise<Fixture> {
  const now = new Date();
  const region = async (
    parentId: string | null,
    level: 'prefecture' | 'health_welfare_area' | 'municipality',
  ) =>
    (
      await db
        .insertInto('regions')
        .values({
          parentId,
          level,
          name: `ベンチ${level}`,
          kana: null,
          code: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const municipality = await region(
    await region(await region(null, 'prefecture'), 'health_welfare_area'),
    'municipality',
  );
  const organisation = async (name: string, kind: 'group_home' | 'community_life_support_base') =>
    (
      await db
        .insertInto('organisations')
        .values({
          name,
          kana: 'べんち',
          ...searchKeys(name, 'べんち'),
          sector: 'welfare',
          kind,
          postalCode: null,
          address: null,
          phone: null,
          fax: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const groupHome = await organisation('ベンチ グループホーム', 'group_home');
  const kyoten = await organisation('ベンチ 拠点', 'community_life_support_base');
  const user = async (name: string, organisationId: string) => {
    const { id } = await db
      .insertInto('users')
      .values({
        email: `${randomUUID()}@bench.tsunagu.example`,
        displayName: name,
        kana: 'べんち',
        ...searchKeys(name, 'べんち'),
        passwordHash: 'x',
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        disabledAt: null,
        lastSignInAt: null,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('memberships')
      .values({
        userId: id,
        organisationId,
        profession: 'consultation_specialist',
        role: 'staff',
        createdAt: now,
      })
      .execute();
    return id;
  };
  const asker = await user('世話人 ベンチ', groupHome);
  const primary = await user('拠点 ベンチ主', kyoten);
  const backup = await user('拠点 ベンチ副', kyoten);
  const { id: shiftId } = await db
    .insertInto('onCallShifts')
    .values({
      organisationId: kyoten,
      startsAt: new Date(now.getTime() - 3_600_000),
      endsAt: new Date(now.getTime() + 24 * 3_600_000),
      primaryUserId: primary,
      backupUserId: backup,
      contactPhone: null,
      note: null,
      createdByUserId: null,
      cancelledAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('onCallShiftRegions').values({ shiftId, regionId: municipality }).execute();
  const personIds: string[] = [];
  for (let i = 0; i < persons; i += 500) {
    const rows = Array.from({ length: Math.min(500, persons - i) }, (_, k) => ({
      name: `ベンチ 太郎${i + k}`,
      kana: 'べんちたろう',
      kanaDisplay: 'べんち たろう',
      ...searchKeys(`ベンチ 太郎${i + k}`, 'べんち たろう'),
      birthDate: '1980-01-01',
      phone: null,
      email: null,
      address: null,
      dailyLifeAreaId: null,
      responsibleMunicipalityId: municipality,
      usesWelfareServices: true,
      registeredByOrganisationId: groupHome,
      registeredByUserId: asker,
      createdAt: now,
      updatedAt: now,
    }));
    personIds.push(
      ...(await db.insertInto('persons').values(rows).returning('id').execute()).map((r) => r.id),
    );
  }
  return {
    ctx: {
      kind: 'request' as const,
      actor: {
        userId: asker,
        displayName: '世話人 ベンチ',
        isSystemAdmin: false,
        organisationId: groupHome,
        role: 'staff',
        memberships: [
          {
            organisationId: groupHome,
            organisationName: 'ベンチ グループホーム',
            role: 'staff',
            profession: 'consultation_specialist',
          },
        ],
        sessionIdHash: 'bench',
      },
      ip: null,
      requestId: 'bench',
      userAgent: null,
    },
    personIds,
  };
}

function benchConfig() {
  return loadConfig({
    ...benchSecrets,
    TSUNAGU_DATA_DIR: '/tmp/tsunagu-bench-escalations',
    TSUNAGU_CLIENT_DIR: '',
    NODE_ENV: 'test',
  });
}

function depsOn(database: Database, clock: Clock) {
  return createDeps({ database, clock, config: benchConfig(), demoMode: false });
}

async function fireSimultaneously(
  engine: Engine,
  database: Database,
  fixture: Fixture,
  cases: number,
  log: (line: string) => void,
): Promise<Result[]> {
  // The cases open "at" the due instant a few seconds ahead: their first steps are all due then.
  const dueAt = new Date(Date.now() + 4_000 + cases * (engine === 'pglite' ? 3 : 2));
  const opening = depsOn(database, new ManualClock(dueAt));
  const openingServices = createServices(opening);
  const caseIds: string[] = [];
  for (let i = 0; i < cases; i += 50) {
    await database.db.transaction().execute(async (trx) => {
      for (const personId of fixture.personIds.slice(i, i + 50)) {
        const id = await openingServices.escalations.open(trx, fixture.ctx, {
          sourceKind: 'message',
          sourceId: randomUUID(),
          personId,
          category: 'daily_living',
          priority: 'emergency',
        });
        if (id) caseIds.push(id);
      }
    });
  }
  if (Date.now() >= dueAt.getTime())
    log('  (opening the cases took past their due time: lateness includes it)');

  // The server: the real worker, woken by NOTIFY and by the due-time timer.
  const server = depsOn(database, systemClock);
  createServices(server);
  const notified = new Map<string, number>();
  server.bus.on(LIVE_CHANNEL, (payload) => {
    const e = parseLiveNotice(payload);
    if (typeof e !== 'string' && e.kind === 'urgent.step') {
      const caseId = (e.payload as { caseId?: string }).caseId;
      if (caseId && !notified.has(caseId)) notified.set(caseId, Date.now());
    }
  });
  await server.bus.start();
  await server.jobs.start();
  const deadline = Date.now() + 120_000 + cases * 50;
  while (notified.size < caseIds.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await server.jobs.stop();
  await server.bus.stop();

  const steps = await database.db
    .selectFrom('urgentSteps')
    .select(['caseId', 'dueAt', 'firedAt'])
    .where('position', '=', 0)
    .execute();
  const lateness = steps.map((s) => new Date(s.firedAt).getTime() - new Date(s.dueAt).getTime());
  const fireToNotify = [...notified.values()].map((t) => t - dueAt.getTime());
  const lastNotified = Math.max(...notified.values());
  log(
    `  ${engine}: ${notified.size}/${caseIds.length} cases notified, last ${lastNotified - dueAt.getTime()} ms after due`,
  );
  const fire = summarise(fireToNotify, lastNotified - dueAt.getTime());
  const late = summarise(lateness);
  return [
    result(
      { case: 'escalation.fire_to_notify', engine, scale: `${cases} cases` },
      fire,
      null,
      {
        text: `p99 fire-to-notify < 1 s with ${cases} simultaneous escalations`,
        ratio: fire.p99 / 1000,
        met: fire.p99 < 1000 && notified.size === caseIds.length,
      },
      `${cases} first steps due at one instant; from due time to the step's live event at a listener`,
    ),
    result(
      { case: 'escalation.timer_lateness', engine, scale: `${cases} cases` },
      late,
      null,
      {
        text: 'no step later than 2 s',
        ratio: Math.max(...lateness) / 2000,
        met: Math.max(...lateness) < 2000,
      },
      `max ${Math.round(Math.max(...lateness))} ms; firing time recorded by the step minus its due time`,
    ),
  ];
}

async function queueThroughput(
  engine: Engine,
  database: Database,
  jobs: number,
  log: (line: string) => void,
): Promise<Result> {
  const server = depsOn(database, systemClock);
  const done: number[] = [];
  server.jobs.register('bench-noop', { purpose: 'bench', handler: async () => void done.push(Date.now()) });
  const dueAt = new Date(Date.now() + 3_000);
  for (let i = 0; i < jobs; i += 500) {
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into jobs (queue, key, payload, run_at, status, max_attempts, created_at)
        select 'bench-noop', 'noop:' || g, '{}'::jsonb, ${dueAt}, 'queued', 3, now()
        from generate_series(${i}::int, ${Math.min(jobs, i + 500) - 1}::int) g`.execute(trx);
    });
  }
  await server.bus.start();
  await server.jobs.start();
  const deadline = Date.now() + 120_000;
  while (done.length < jobs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await server.jobs.stop();
  await server.bus.stop();
  const first = Math.max(dueAt.getTime(), Math.min(...done));
  const elapsed = Math.max(...done) - dueAt.getTime();
  const throughput = (done.length / Math.max(1, elapsed)) * 1000;
  log(
    `  ${engine}: ${done.length}/${jobs} no-op jobs in ${elapsed} ms from due (first at +${first - dueAt.getTime()} ms)`,
  );
  return result(
    { case: 'jobs.throughput', engine, scale: `${jobs} jobs` },
    // The percentiles are each job's wait from its due time to its end (all were due at once).
    { ...summarise(done.map((t) => t - dueAt.getTime())), throughput, samples: done.length },
    null,
    {
      text: 'queue throughput ≥ 500 jobs/s end to end',
      ratio: throughput / 500,
      met: throughput >= 500 && done.length === jobs,
    },
    `${jobs} no-op jobs due at one instant; claimed in batches, run 64 at a time; throughput from due time to the last done, percentiles each job's due-to-done`,
  );
}
