import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPool, databaseFromPool, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createOrganisation, createRegionTree, createUser, signIn, type TestUser } from './factories.ts';
import { createShift } from './on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from './person-factories.ts';
import { createTestApp } from './test-app.ts';
import {
  createDatabaseFromTemplate,
  dropDatabase,
  serverUrl,
  testEngine,
  type TestDatabase,
} from './test-database.ts';

export interface NightChain {
  /** Environment for child servers on this database. */
  env: Record<string, string>;
  groupHomeUser: TestUser;
  primary: TestUser;
  backup: TestUser;
  kikanUser: TestUser;
  personId: string;
  /** Drops the PostgreSQL database (PGlite directories are left to the OS's temp cleanup). */
  dispose(): Promise<void>;
}

/**
 * A database for child servers, prepared in this process and then let go: every office of the
 * person's team closed, a 拠点 on call now (primary and backup), a chain ending at the 基幹
 * centre (closed, with its own staff member on duty), waits of `ackSeconds` (the API takes whole minutes; the table holds fractions so a
 * real-time test runs a whole chain in seconds) and the SMS gateway's webhook at `webhookUrl`.
 */
export async function prepareNightChain(o: { ackSeconds: number; webhookUrl: string }): Promise<NightChain> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-chain-'));
  let database: TestDatabase;
  let pgName: string | null = null;
  if (testEngine === 'postgres') {
    pgName = `tsunagu_c_${randomBytes(6).toString('hex')}`;
    await createDatabaseFromTemplate(pgName, inject('pgTemplate'));
    const url = serverUrl(pgName);
    database = { ...databaseFromPool(createPool(url, 4)), url };
  } else {
    const opened = await openDatabase({ databaseUrl: null, dataDir });
    await migrateToLatest(opened.db);
    database = { ...opened, url: null };
  }
  const clock = new ManualClock(new Date());
  const t = await createTestApp({ database, clock });
  const db = t.database.db;
  try {
    const regions = await createRegionTree(db);
    const office = await createOrganisation(db, {
      name: '相談支援事業所こもれび',
      kind: 'designated_specific_consultation_office',
    });
    const groupHome = await createOrganisation(db, { name: 'グループホームほしぞら', kind: 'group_home' });
    const kyoten = await createOrganisation(db, {
      name: '地域生活支援拠点あかり',
      kind: 'community_life_support_base',
    });
    const kikan = await createOrganisation(db, {
      name: '基幹相談支援センターみなと',
      kind: 'core_consultation_center',
    });
    const lead = await createUser(db, { organisationId: office, displayName: '相談 こずえ' });
    const groupHomeUser = await createUser(db, { organisationId: groupHome, displayName: '世話人 ほしこ' });
    const primary = await createUser(db, { organisationId: kyoten, displayName: '拠点 あかね' });
    const backup = await createUser(db, { organisationId: kyoten, displayName: '拠点 いぶき' });
    const kikanUser = await createUser(db, { organisationId: kikan, displayName: '基幹 うしお' });
    const admin = await createUser(db, { organisationId: null, isSystemAdmin: true });

    const leadAgent = await signIn(t.app, lead, clock);
    const personId = (
      await registerPerson(leadAgent, {
        name: '星野 ゆうき',
        kana: 'ほしの ゆうき',
        dailyLifeAreaId: regions.daily,
        responsibleMunicipalityId: regions.municipality,
      })
    ).id;
    await addToTeam(leadAgent, personId, groupHome, 'service_provider', { userId: groupHomeUser.id });
    await grantConsent(leadAgent, personId, groupHome, ['identity', 'daily_living']);
    const now = Date.now();
    await createShift(db, {
      organisationId: kyoten,
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 6 * 3_600_000).toISOString(),
      primaryUserId: primary.id,
      backupUserId: backup.id,
      regionIds: [regions.municipality],
      contactPhone: '090-0000-0101',
    });
    // The 基幹 keeps its own night rota over the wider area: a closed tier without one would be skipped.
    await createShift(db, {
      organisationId: kikan,
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 6 * 3_600_000).toISOString(),
      primaryUserId: kikanUser.id,
      regionIds: [regions.area],
    });
    const adminAgent = await signIn(t.app, admin, clock);
    const chain = await adminAgent.put('/api/escalation-chain', {
      regionId: null,
      emergencyAckMinutes: 1,
      urgentAckMinutes: 1,
      tiers: [{ organisationId: kikan, label: '基幹相談支援センター' }],
    });
    if (chain.statusCode !== 200) throw new Error(`chain: ${chain.body}`);
    await db
      .updateTable('escalationSettings')
      .set({ emergencyAckMinutes: o.ackSeconds / 60, urgentAckMinutes: o.ackSeconds / 60 })
      .execute();
    const hook = await adminAgent.post('/api/webhooks', {
      url: o.webhookUrl,
      secret: 'crash-test-webhook-secret-0123456789abcdef',
      description: 'SMS ゲートウェイ',
    });
    if (hook.statusCode !== 201) throw new Error(`webhook: ${hook.body}`);
    return {
      env: { TSUNAGU_DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) },
      groupHomeUser,
      primary,
      backup,
      kikanUser,
      personId,
      dispose: async () => {
        if (pgName) await dropDatabase(pgName);
      },
    };
  } finally {
    await t.close();
  }
}
