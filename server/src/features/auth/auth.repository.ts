import { sql, type Kysely } from 'kysely';
import type { SignInFailureScope, Tables } from '../../db/tables.ts';

/** SQL of the sign-in steps: the account by e-mail, the failure counters, two-factor state, recovery codes. */

export function findAccountByEmail(db: Kysely<Tables>, email: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'displayName',
      'passwordHash',
      'totpSecret',
      'totpLastStep',
      'disabledAt',
      'isDemo',
    ])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findAccountById(db: Kysely<Tables>, userId: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'displayName',
      'kana',
      'passwordHash',
      'totpSecret',
      'totpPendingSecret',
      'totpLastStep',
      'disabledAt',
      'isDemo',
      'passwordChangedAt',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** One sign-in failure counter: what it counts and whose (see sign-in-throttle.ts). */
export interface FailureKey {
  scope: SignInFailureScope;
  subject: string;
}

export function readFailures(db: Kysely<Tables>, keys: FailureKey[]) {
  return db
    .selectFrom('signInFailures')
    .select(['scope', 'subject', 'failures', 'lastFailureAt'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('subject', '=', k.subject)]))))
    .execute();
}

/**
 * Counts one failure and returns the count: atomic, so concurrent failures all count. A counter
 * whose last failure is older than `forgetBefore` starts again from one.
 */
export async function countFailure(
  db: Kysely<Tables>,
  key: FailureKey,
  now: Date,
  forgetBefore: Date,
): Promise<number> {
  const row = await db
    .insertInto('signInFailures')
    .values({ ...key, failures: 1, lastFailureAt: now })
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        failures: sql<number>`case when sign_in_failures.last_failure_at > ${forgetBefore}
          then sign_in_failures.failures + 1 else 1 end`,
        lastFailureAt: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function forgetFailures(db: Kysely<Tables>, keys: FailureKey[]): Promise<void> {
  await db
    .deleteFrom('signInFailures')
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('subject', '=', k.subject)]))))
    .execute();
}

/** Marks a TOTP step used; false when that step (or a later one) was used already: a replay. */
export async function consumeTotpStep(db: Kysely<Tables>, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totpLastStep: String(step) })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', String(step))]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function consumeRecoveryCode(
  db: Kysely<Tables>,
  userId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function countUnusedRecoveryCodes(db: Kysely<Tables>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recoveryCodes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function replaceRecoveryCodes(
  db: Kysely<Tables>,
  userId: string,
  hashes: string[],
  now: Date,
): Promise<void> {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  await db
    .insertInto('recoveryCodes')
    .values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })))
    .execute();
}

export async function setPendingTotpSecret(
  db: Kysely<Tables>,
  userId: string,
  sealed: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ totpPendingSecret: sealed, updatedAt: now })
    .where('id', '=', userId)
    .execute();
}

export async function activateTotpSecret(
  db: Kysely<Tables>,
  userId: string,
  sealed: string,
  step: number,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ totpSecret: sealed, totpPendingSecret: null, totpLastStep: String(step), updatedAt: now })
    .where('id', '=', userId)
    .execute();
}

export async function recordSignIn(db: Kysely<Tables>, userId: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ lastSignInAt: now }).where('id', '=', userId).execute();
}

export async function setPassword(
  db: Kysely<Tables>,
  userId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
    .where('id', '=', userId)
    .execute();
}

export function listUserSessions(db: Kysely<Tables>, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['idHash', 'createdAt', 'lastSeenAt', 'ip', 'userAgent'])
    .where('userId', '=', userId)
    .where('stage', '=', 'complete')
    .orderBy('lastSeenAt', 'desc')
    .execute();
}
