import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { seal } from '../../platform/auth/secret-box.ts';

/**
 * What a 連携シート carries to find its way back: the reply code read out on the phone or written
 * on a FAX, and the guest link's token and PIN. The token is kept as a hash (to look it up) and
 * sealed (to print it again); the PIN only sealed.
 */

/** Reply codes avoid letters and digits a voice on the phone or a FAX blurs (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh reply code, 'KX7-P2M'; the caller draws again on the rare collision. */
export function newReplyCode(): string {
  const c = () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!;
  return `${c()}${c()}${c()}-${c()}${c()}${c()}`;
}

/** 'kx7p2m', 'KX7-P2M' → 'KX7-P2M'. */
export function normaliseReplyCode(code: string): string {
  const s = code.replace(/-/g, '').toUpperCase();
  return `${s.slice(0, 3)}-${s.slice(3)}`;
}

/** How a guest link's token is looked up (the token itself is never stored in clear). */
export const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new guest link: its token and six-digit PIN, with what the sheet row stores of them. */
export function newLink(key: Buffer) {
  const token = randomBytes(16).toString('base64url');
  const pin = String(randomInt(1_000_000)).padStart(6, '0');
  return {
    token,
    pin,
    tokenHash: tokenHashOf(token),
    tokenSealed: seal(key, token),
    pinSealed: seal(key, pin),
  };
}

/** Compares PINs in constant time. */
export function samePin(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
