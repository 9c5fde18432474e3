import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 TOTP with 30-second steps and 6 digits, as every authenticator app expects. */
const PERIOD = 30;

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: 'tsunagu',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, account: string): string {
  return totp(secretBase32, account).toString();
}

export function totpCodeAt(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * Accepts a code from the step before, the current step or the step after (±1), and
 * returns the step it matched, or null. The caller refuses a step not newer than the
 * last one used, so each code works once only.
 */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/**
 * Recovery codes carry 80 random bits (16 base32 characters), enough that a fast hash
 * (SHA-256) cannot be reversed by guessing; they are stored hashed and used once.
 */
export function generateRecoveryCodes(count = 10): string[] {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  const normalised = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return createHash('sha256').update(normalised).digest('hex');
}
