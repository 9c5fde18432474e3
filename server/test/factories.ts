import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MembershipRole, OrganisationKind, Profession, RegionLevel, Sector } from '@tsunagu/contract';
import type { Tables } from '../src/db/tables.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { seal } from '../src/platform/auth/secret-box.ts';
import { generateTotpSecret, totpCodeAt } from '../src/platform/auth/totp.ts';
import type { Clock } from '../src/platform/clock.ts';
import { searchKeys } from '../src/platform/text/search-key.ts';
import type { App } from '../src/platform/http/typed-app.ts';
import { Agent } from './agent.ts';
import { testSecrets } from './test-app.ts';

/** Factories write straight to the database (they set up a world; the tests exercise the API). */

const unique = () => randomBytes(4).toString('hex');
const encryptionKey = Buffer.from(testSecrets.TSUNAGU_ENCRYPTION_KEY, 'base64url');
/** One argon2 hash shared by test accounts: hashing is deliberately slow. */
export const TEST_PASSWORD = 'correct-horse-battery-staple';
let sharedHash: Promise<string> | null = null;

export async function createRegionTree(db: Kysely<Tables>, now = new Date()) {
  const insert = async (parentId: string | null, level: RegionLevel, name: string) =>
    (
      await db
        .insertInto('regions')
        .values({
          parentId,
          level,
          name: `${name}${unique()}`,
          kana: null,
          code: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const prefecture = await insert(null, 'prefecture', 'テスト県');
  const area = await insert(prefecture, 'health_welfare_area', 'テスト圏域');
  const municipality = await insert(area, 'municipality', 'テスト市');
  const daily = await insert(municipality, 'daily_life_area', 'テスト地区');
  return { prefecture, area, municipality, daily };
}

export async function createOrganisation(
  db: Kysely<Tables>,
  o: Partial<{ name: string; kana: string; sector: Sector; kind: OrganisationKind; phone: string }> = {},
): Promise<string> {
  const now = new Date();
  const name = o.name ?? `テスト事業所${unique()}`;
  const kana = o.kana ?? 'てすとじぎょうしょ';
  const row = await db
    .insertInto('organisations')
    .values({
      name,
      kana,
      ...searchKeys(name, kana),
      sector: o.sector ?? 'welfare',
      kind: o.kind ?? 'designated_specific_consultation_office',
      postalCode: null,
      address: null,
      phone: o.phone ?? null,
      fax: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

export async function createUser(
  db: Kysely<Tables>,
  u: Partial<{
    organisationId: string | null;
    role: MembershipRole;
    profession: Profession;
    isSystemAdmin: boolean;
    withTotp: boolean;
    mustChangePassword: boolean;
    email: string;
    displayName: string;
  }> = {},
): Promise<TestUser> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const now = new Date();
  const email = u.email ?? `user-${unique()}@test.tsunagu.example`;
  const totpSecret = u.withTotp === false ? null : generateTotpSecret();
  const displayName = u.displayName ?? `職員 ${unique()}`;
  const user = await db
    .insertInto('users')
    .values({
      email,
      displayName,
      kana: 'しょくいん',
      ...searchKeys(displayName, 'しょくいん'),
      passwordHash: await sharedHash,
      mustChangePassword: u.mustChangePassword ?? false,
      totpSecret: totpSecret ? seal(encryptionKey, totpSecret) : null,
      isSystemAdmin: u.isSystemAdmin ?? false,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (u.organisationId) {
    await db
      .insertInto('memberships')
      .values({
        userId: user.id,
        organisationId: u.organisationId,
        profession: u.profession ?? 'consultation_specialist',
        role: u.role ?? 'staff',
        createdAt: now,
      })
      .execute();
  }
  return { id: user.id, email, password: TEST_PASSWORD, totpSecret };
}

const lastStepUsed = new Map<string, number>();

/** The next TOTP code for a user that the server will accept once (each code works once only). */
export function nextTotpCode(user: TestUser, clock: Clock): string {
  if (!user.totpSecret) throw new Error('user has no TOTP secret');
  const step = Math.floor(clock.now().getTime() / 30_000);
  const used = lastStepUsed.get(user.id) ?? -Infinity;
  // ±1 step is accepted, so a second sign-in in the same 30 s uses the next step's code.
  const useStep = step > used ? step : used + 1;
  if (useStep > step + 1) throw new Error('signed in too often within 30 s: advance the clock');
  lastStepUsed.set(user.id, useStep);
  return totpCodeAt(user.totpSecret, new Date(useStep * 30_000));
}

/** Signs in through the real API (password, then TOTP) and returns the browser-like agent. */
export async function signIn(app: App, user: TestUser, clock: Clock, ip?: string): Promise<Agent> {
  return signInWith(new Agent(app, ip), user, clock);
}

/** Signs in with an agent set up by the caller (e.g. one that comes through a TLS proxy). */
export async function signInWith(agent: Agent, user: TestUser, clock: Clock): Promise<Agent> {
  const first = await agent.post('/api/auth/sign-in', { email: user.email, password: user.password });
  if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.statusCode} ${first.body}`);
  const second = await agent.post('/api/auth/totp', { code: nextTotpCode(user, clock) });
  if (second.statusCode !== 200) throw new Error(`two-factor failed: ${second.statusCode} ${second.body}`);
  return agent;
}

/** Audit rows of an action, newest last. */
export function auditRows(db: Kysely<Tables>, action: string) {
  return db.selectFrom('auditEvents').selectAll().where('action', '=', action).orderBy('seq').execute();
}
