import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { Secret } from 'otpauth';
import { readSetting, writeSetting } from '../db/app-settings.ts';
import type { Tables } from '../db/tables.ts';
import * as orgRepo from '../features/organisations/organisations.repository.ts';
import * as regionRepo from '../features/regions/regions.repository.ts';
import * as staffRepo from '../features/staff/staff.repository.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { seal } from '../platform/auth/secret-box.ts';
import { seedDemoDirectory } from './demo-directory.ts';
import { replayDemoHistory } from './demo-history.ts';
import { demoPersons, seedDemoPersons } from './demo-persons.ts';
import { seedDemoPlans } from './demo-plans.ts';
import { seedDemoRota } from './demo-rota.ts';
import { seedDemoChain } from './demo-chain.ts';
import { systemContext } from '../platform/context.ts';
import {
  DEMO_PASSWORD,
  demoBusinessHours,
  demoEmail,
  demoOrganisations,
  demoRegions,
  demoStaff,
} from './demo-data.ts';

const SEEDED_KEY = 'demo_seeded_at';

/** Demo accounts get fixed TOTP secrets so the README and the start banner can name them. */
export function demoTotpSecret(email: string): string {
  const buffer = createHash('sha1').update(`tsunagu-demo:${email}`).digest();
  return new Secret({ buffer: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) })
    .base32;
}

export interface DemoAccount {
  email: string;
  displayName: string;
  organisation: string;
  profession: string;
  totpSecret: string | null;
  isSystemAdmin: boolean;
}

export function demoAccounts(): DemoAccount[] {
  return demoStaff.map((s) => ({
    email: demoEmail(s.local),
    displayName: s.displayName,
    organisation: demoOrganisations.find((o) => o.key === s.organisation)!.name,
    profession: s.profession,
    totpSecret: s.enrolTwoFactor === false ? null : demoTotpSecret(demoEmail(s.local)),
    isSystemAdmin: s.isSystemAdmin ?? false,
  }));
}

export async function isDemoSeeded(db: Kysely<Tables>): Promise<boolean> {
  return (await readSetting(db, SEEDED_KEY)) !== undefined;
}

/** Whether any demo data is present (production refuses to start with it). */
export async function hasDemoData(db: Kysely<Tables>): Promise<boolean> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('isDemo', '=', true)
    .limit(1)
    .executeTakeFirst();
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('isDemo', '=', true)
    .limit(1)
    .executeTakeFirst();
  return org !== undefined || user !== undefined || (await isDemoSeeded(db));
}

/**
 * Seeds the fictional region once (in one transaction), then replays its last few days through
 * the services (demo-history.ts); a second call does nothing and returns false.
 */
export async function seedDemo(database: Database, config: Config, now: Date): Promise<boolean> {
  const { db } = database;
  const encryptionKey = config.encryptionKey;
  if (await isDemoSeeded(db)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const regionIds = new Map<string, string>();
    for (const r of demoRegions) {
      const region = await regionRepo.insertRegion(trx, {
        parentId: r.parent ? regionIds.get(r.parent)! : null,
        level: r.level,
        name: r.name,
        kana: r.kana,
        code: r.code,
        now,
      });
      regionIds.set(r.key, region.id);
    }
    const orgIds = new Map<string, string>();
    for (const o of demoOrganisations) {
      const id = await orgRepo.insertOrganisation(
        trx,
        {
          name: o.name,
          kana: o.kana,
          sector: o.sector,
          kind: o.kind,
          postalCode: '999-0001',
          address: o.address,
          phone: o.phone,
          fax: o.fax,
          isDemo: true,
        },
        now,
      );
      await orgRepo.replaceRegions(
        trx,
        id,
        o.regions.map((k) => regionIds.get(k)!),
      );
      await orgRepo.replaceBusinessHours(trx, id, demoBusinessHours(o.hours));
      orgIds.set(o.key, id);
    }
    const userIds = new Map<string, string>();
    const userOrganisation = new Map<string, string>();
    for (const s of demoStaff) {
      const email = demoEmail(s.local);
      const id = await staffRepo.insertUser(
        trx,
        {
          email,
          displayName: s.displayName,
          kana: s.kana,
          passwordHash,
          mustChangePassword: false,
          isSystemAdmin: s.isSystemAdmin ?? false,
          isDemo: true,
        },
        now,
      );
      if (s.enrolTwoFactor !== false) {
        await trx
          .updateTable('users')
          .set({ totpSecret: seal(encryptionKey, demoTotpSecret(email)) })
          .where('id', '=', id)
          .execute();
      }
      await staffRepo.insertMembership(
        trx,
        { userId: id, organisationId: orgIds.get(s.organisation)!, profession: s.profession, role: s.role },
        now,
      );
      userIds.set(s.local, id);
      userOrganisation.set(s.local, orgIds.get(s.organisation)!);
      if (s.also) {
        await staffRepo.insertMembership(
          trx,
          {
            userId: id,
            organisationId: orgIds.get(s.also.organisation)!,
            profession: s.also.profession,
            role: s.also.role,
          },
          now,
        );
      }
    }
    await seedDemoPersons(
      trx,
      { regions: regionIds, organisations: orgIds, users: userIds, userOrganisation },
      now,
    );
    await seedDemoRota(trx, { regions: regionIds, organisations: orgIds, users: userIds }, now);
    await seedDemoChain(trx, { regions: regionIds, organisations: orgIds });
    await seedDemoPlans(trx, { organisations: orgIds, users: userIds }, now);
    const directoryEntries = await seedDemoDirectory(
      trx,
      { regions: regionIds, adminUserId: userIds.get('admin')! },
      now,
    );
    await writeSetting(trx, SEEDED_KEY, now.toISOString(), now);
    await recordAudit(trx, systemContext('seed:demo', 'デモデータの投入'), {
      action: 'demo.seed',
      details: {
        regions: demoRegions.length,
        organisations: demoOrganisations.length,
        directoryEntries,
        staff: demoStaff.length,
        persons: demoPersons.length,
      },
    });
  });
  await replayDemoHistory(database, config, now);
  return true;
}
