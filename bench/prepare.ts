import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../server/src/config.ts';
import { readSetting } from '../server/src/db/app-settings.ts';
import type { Database } from '../server/src/db/database.ts';
import { openMigratedDatabase } from '../server/src/db/prepare.ts';
import { BUSY_STAFF_EMAIL, generateSyntheticCity } from '../server/src/synthetic/generate.ts';
import { searchKeys } from '../server/src/platform/text/search-key.ts';
import type { ScaleName } from '../server/src/synthetic/scales.ts';
import { tokyoDate } from '../server/src/platform/tokyo-time.ts';

export type Engine = 'pglite' | 'postgres';

/** Fixed secrets for benchmark installations only, so a prepared city can be reused across runs. */
export const benchSecrets = {
  TSUNAGU_SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmnop',
  TSUNAGU_AUDIT_KEY: Buffer.alloc(32, 5).toString('base64url'),
  TSUNAGU_ENCRYPTION_KEY: Buffer.alloc(32, 6).toString('base64url'),
};

const root = path.resolve(import.meta.dirname, '..');
export const adminUrl = (database = 'postgres') => {
  const u = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  u.pathname = `/${database}`;
  return u.toString();
};

export interface Prepared {
  engine: Engine;
  scale: ScaleName;
  seed: number;
  /** Environment for a server process on this city. */
  env: Record<string, string>;
  config: Config;
  open(): Promise<Database>;
  fixtures: Fixtures;
}

export interface Fixtures {
  busyEmail: string;
  /** A staff member of a non-lead organisation with partial consent, and the person with the longest history they may see. */
  viewerEmail: string;
  viewerPersonId: string;
  /** A person of typical (median) history the same viewer may see: the person page's usual case. */
  typicalPersonId: string;
  /** A person whose team has ten named members with consent, and its lead's e-mail. */
  teamPersonId: string;
  teamLeadEmail: string;
  teamMemberEmails: string[];
  itemIds: string[];
}

async function adminQuery(text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Opens (or builds, once) the synthetic city a benchmark runs on. */
export async function prepare(
  engine: Engine,
  scale: ScaleName,
  seed: number,
  log: (line: string) => void,
): Promise<Prepared> {
  const name = `tsunagu_bench_${scale}_s${seed}`;
  const dataDir = path.join(
    root,
    '.tmp',
    'bench',
    engine === 'pglite' ? `${scale}-s${seed}` : `pg-${scale}-s${seed}`,
  );
  mkdirSync(dataDir, { recursive: true });
  const env: Record<string, string> = {
    ...benchSecrets,
    TSUNAGU_DATA_DIR: dataDir,
    TSUNAGU_CLIENT_DIR: '',
    TSUNAGU_BENCH_ROUTES: '1',
    NODE_ENV: 'test',
  };
  if (engine === 'postgres') {
    const exists = (await adminQuery(`select 1 from pg_database where datname = '${name}'`)).length > 0;
    if (!exists) await adminQuery(`create database ${name}`);
    env.DATABASE_URL = adminUrl(name);
  }
  const config = loadConfig(env);
  const open = async () => (await openMigratedDatabase(config)).database;
  const database = await open();
  try {
    const made = (await readSetting(database.db, 'synthetic')) as { scale: string; seed: number } | undefined;
    if (!made || made.scale !== scale || made.seed !== seed) {
      if (made)
        throw new Error(
          `${engine} database ${name} holds another city (${JSON.stringify(made)}); remove it first`,
        );
      log(`  building the ${scale} city (seed ${seed}) on ${engine}…`);
      const started = Date.now();
      const counts = await generateSyntheticCity(database.db, {
        scale,
        seed,
        now: new Date(),
        encryptionKey: config.encryptionKey,
      });
      log(`  built in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)}`);
    }
    const fixtures = await findFixtures(database, seed);
    return { engine, scale, seed, env, config, open, fixtures };
  } finally {
    await database.close();
  }
}

async function findFixtures(database: Database, seed: number): Promise<Fixtures> {
  const db = database.db;
  const today = tokyoDate(new Date());
  const viewer = await sql<{ personId: string; email: string }>`
    with history as (select person_id, count(*) as n from information_items where is_current group by person_id order by n desc limit 50)
    select tm.person_id, u.email from history h
    join team_members tm on tm.person_id = h.person_id and not tm.is_lead and tm.user_id is not null
    join users u on u.id = tm.user_id
    where exists (select 1 from access_grants g where g.person_id = tm.person_id and g.organisation_id = tm.organisation_id
      and g.withdrawn_at is null and (g.expires_on is null or g.expires_on >= ${today}::date))
    order by h.n desc, u.email limit 1`.execute(db);
  const v = viewer.rows[0];
  if (!v) throw new Error('no suitable timeline viewer in the synthetic city');

  const typical = await sql<{ personId: string }>`
    with viewer as (select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = ${v.email} limit 1),
    counts as (select person_id, count(*) as n from information_items where is_current group by person_id),
    median as (select percentile_disc(0.5) within group (order by n) as n from counts)
    select c.person_id from counts c, median m, viewer w
    where exists (select 1 from team_members tm where tm.person_id = c.person_id and tm.organisation_id = w.organisation_id
        and tm.ended_on is null)
      and exists (select 1 from access_grants g join access_grant_categories gc on gc.grant_id = g.id and gc.category = 'identity'
        where g.person_id = c.person_id and g.organisation_id = w.organisation_id
        and g.withdrawn_at is null and (g.expires_on is null or g.expires_on >= ${today}::date))
    order by abs(c.n - m.n), c.person_id limit 1`.execute(db);
  const typicalPersonId = typical.rows[0]?.personId;
  if (!typicalPersonId) throw new Error('no person of typical history for the viewer in the synthetic city');

  // A person with a ten-member team (all named, all consenting), made once per city.
  const teamPersonId = `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}`;
  const members = await sql<{ userId: string; organisationId: string; email: string }>`
    select distinct on (m.organisation_id) m.user_id, m.organisation_id, u.email from memberships m join users u on u.id = m.user_id
    order by m.organisation_id, u.email limit 10`.execute(db);
  const lead = members.rows[0]!;
  const exists = await db
    .selectFrom('persons')
    .select('id')
    .where('id', '=', teamPersonId)
    .executeTakeFirst();
  if (!exists) {
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      await trx
        .insertInto('persons')
        .values({
          id: teamPersonId,
          name: 'ベンチ 太郎',
          kana: 'べんちたろう',
          kanaDisplay: 'べんち たろう',
          ...searchKeys('ベンチ 太郎', 'べんち たろう'),
          birthDate: '1980-01-01',
          phone: null,
          email: null,
          address: null,
          dailyLifeAreaId: null,
          responsibleMunicipalityId: null,
          usesWelfareServices: true,
          registeredByOrganisationId: lead.organisationId,
          registeredByUserId: lead.userId,
          isDemo: true,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      for (const [i, m] of members.rows.entries()) {
        await trx
          .insertInto('teamMembers')
          .values({
            personId: teamPersonId,
            organisationId: m.organisationId,
            userId: m.userId,
            role: 'other',
            isLead: i === 0,
            startedOn: '2020-01-01',
            endedOn: null,
            addedByUserId: lead.userId,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        const grant = await trx
          .insertInto('accessGrants')
          .values({
            personId: teamPersonId,
            organisationId: m.organisationId,
            basis: 'consent',
            method: 'written',
            statute: null,
            obtainedOn: '2020-01-01',
            obtainedByUserId: lead.userId,
            obtainedByOrganisationId: lead.organisationId,
            expiresOn: null,
            createdAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('accessGrantCategories')
          .values(
            ['identity', 'daily_living', 'medical'].map((category) => ({
              grantId: grant.id,
              category: category as 'identity',
            })),
          )
          .execute();
      }
    });
  }
  const itemIds = (
    await db
      .selectFrom('informationItems')
      .select('id')
      .where('personId', '=', v.personId)
      .limit(500)
      .execute()
  ).map((r) => r.id);
  return {
    busyEmail: BUSY_STAFF_EMAIL,
    viewerEmail: v.email,
    viewerPersonId: v.personId,
    typicalPersonId,
    teamPersonId,
    teamLeadEmail: lead.email,
    teamMemberEmails: members.rows.slice(1).map((m) => m.email),
    itemIds,
  };
}

export function pgliteDataExists(scale: ScaleName, seed: number): boolean {
  return existsSync(path.join(root, '.tmp', 'bench', `${scale}-s${seed}`, 'pgdata'));
}
