import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** SQL of the sign-in steps: the account by e-mail, the throttle, two-factor state, recovery codes. */

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

export async function lockedUntil(db: Kysely<Tables>, email: string): Promise<Date | null> {
  const row = await db
    .selectFrom('signInThrottle')
    .select('lockedUntil')
    .where('email', '=', email)
    .executeTakeFirst();
  return row?.lockedUntil ?? null;
}

/**
 * Counts one failure for an address inside a sliding window and locks it when the count
 * reaches the limit. Times come from the injected clock as parameters.
 */
export async function registerFailure(
  db: Kysely<Tables>,
  email: string,
  p: { now: Date; windowStart: Date; lockUntil: Date; maxFailures: number },
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const inWindow = sql`sign_in_throttle.window_started_at > ${p.windowStart}`;
  const next = sql`case when ${inWindow} then sign_in_throttle.failures + 1 else 1 end`;
  const result = await sql<{ failures: number; lockedUntil: Date | null }>`
    insert into sign_in_throttle (email, failures, window_started_at, locked_until)
    values (${email}, 1, ${p.now}, case when 1 >= ${p.maxFailures} then ${p.lockUntil}::timestamptz end)
    on conflict (email) do update set
      failures = ${next},
      window_started_at = case when ${inWindow} then sign_in_throttle.window_started_at else ${p.now}::timestamptz end,
      locked_until = case when ${next} >= ${p.maxFailures} then ${p.lockUntil}::timestamptz else sign_in_throttle.locked_until end
    returning failures, locked_until`.execute(db);
  return result.rows[0]!;
}

export async function clearFailures(db: Kysely<Tables>, email: string): Promise<void> {
  await db.deleteFrom('signInThrottle').where('email', '=', email).execute();
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
