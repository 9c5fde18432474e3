import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '@tsunagu/contract';
import { Invalid } from '../errors.ts';

/** argon2id at (at least) the OWASP parameters: 19 MiB, 2 iterations, 1 lane. */
const argon2Options = {
  algorithm: 2 /* Argon2id */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFKC'));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Verifies against a throwaway hash so an unknown account takes as long as a known one. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('tsunagu-timing-equaliser-' + Math.random());
  await verifyPassword(await dummyHash, password);
}

const commonPasswords = new Set(common.dictionary['passwords-common'].map((p) => p.toLowerCase()));
const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

/**
 * NIST SP 800-63B: a minimum length and a check against common and easily guessed
 * passwords; no composition or rotation rules. `related` holds the user's own words
 * (e-mail, name), which make a password guessable too.
 */
export function checkPasswordPolicy(password: string, field: string, related: string[] = []): void {
  const normalised = password.normalize('NFKC');
  if ([...normalised].length < PASSWORD_MIN_LENGTH) {
    throw new Invalid(
      field,
      `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`,
      'PASSWORD_TOO_SHORT',
    );
  }
  if (commonPasswords.has(normalised.toLowerCase())) {
    throw new Invalid(
      field,
      'よく使われるパスワードのため使用できません。別のパスワードにしてください。',
      'PASSWORD_TOO_COMMON',
    );
  }
  const result = zxcvbn.check(normalised, ['tsunagu', 'つなぐ', ...related.filter((r) => r.length > 0)]);
  if (result.score < 2) {
    throw new Invalid(
      field,
      '推測されやすいパスワードです。単語をいくつか組み合わせるなど、長く推測しにくいものにしてください。',
      'PASSWORD_TOO_WEAK',
    );
  }
}
