import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/**
 * 信頼済みの端末: the browsers an account completed a sign-in in. The browser keeps a random
 * token per account in a long-lived cookie (kept through sign-out and session expiry); the
 * database keeps only its SHA-256, so the cookie proves "this account signed in here before"
 * and a password reset can take that back.
 */
export const DEVICE_LIFETIME_DAYS = 365;
/** Accounts one browser vouches for at once (a shared night-duty PC), the newest first. */
export const DEVICES_PER_BROWSER = 5;

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function validSince(now: Date): Date {
  return new Date(now.getTime() - DEVICE_LIFETIME_DAYS * 86_400_000);
}

/** The unexpired devices among these tokens, whichever accounts they belong to. */
export function findDevices(db: Kysely<Tables>, tokens: string[], now: Date) {
  if (tokens.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('signInDevices')
    .select(['tokenHash', 'userId'])
    .where('tokenHash', 'in', tokens.map(hashDeviceToken))
    .where('createdAt', '>', validSince(now))
    .execute();
}

/**
 * After a completed sign-in: this account's token in this browser is replaced by a new one (its
 * expired ones go too); the tokens of other accounts still valid stay. Returns the cookie's tokens.
 */
export async function replaceDevice(
  db: Kysely<Tables>,
  userId: string,
  cookieTokens: string[],
  now: Date,
): Promise<string[]> {
  const held = await findDevices(db, cookieTokens, now);
  const hashOwner = new Map(held.map((d) => [d.tokenHash, d.userId]));
  const others = cookieTokens.filter((t) => {
    const owner = hashOwner.get(hashDeviceToken(t));
    return owner !== undefined && owner !== userId;
  });
  const replaced = held.filter((d) => d.userId === userId).map((d) => d.tokenHash);
  await db
    .deleteFrom('signInDevices')
    .where('userId', '=', userId)
    .where((eb) => {
      const expired = eb('createdAt', '<=', validSince(now));
      return replaced.length > 0 ? eb.or([expired, eb('tokenHash', 'in', replaced)]) : expired;
    })
    .execute();
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('signInDevices')
    .values({ tokenHash: hashDeviceToken(token), userId, createdAt: now })
    .execute();
  return [token, ...others].slice(0, DEVICES_PER_BROWSER);
}

/** Every browser loses its standing for the account (a password or two-factor reset). */
export async function revokeUserDevices(db: Kysely<Tables>, userId: string): Promise<number> {
  const result = await db.deleteFrom('signInDevices').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
