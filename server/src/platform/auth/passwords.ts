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

/** Text as the password rules compare it: NFKC (a full-width copy is the same), case-insensitive. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Whether the password is or contains the address, or its local part when that has 4 characters or more. */
function containsEmail(password: string, email: string): boolean {
  const folded = fold(password);
  const address = fold(email.trim());
  const at = address.lastIndexOf('@');
  const localPart = at >= 0 ? address.slice(0, at) : address;
  return (
    (address.length > 0 && folded.includes(address)) ||
    ([...localPart].length >= 4 && folded.includes(localPart))
  );
}

/**
 * NIST SP 800-63B: a minimum length and a check against common and easily guessed
 * passwords; no composition or rotation rules. The account's e-mail address is the first
 * thing an attacker tries, so a password holding it (or its local part of 4 characters or
 * more) is refused outright; `related` holds the user's other words (name, kana), which
 * make a password guessable too.
 */
export function checkPasswordPolicy(
  password: string,
  field: string,
  email: string,
  related: string[] = [],
): void {
  const normalised = password.normalize('NFKC');
  if ([...normalised].length < PASSWORD_MIN_LENGTH) {
    throw new Invalid(
      field,
      `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`,
      'PASSWORD_TOO_SHORT',
    );
  }
  if (containsEmail(normalised, email)) {
    throw new Invalid(
      field,
      'パスワードにメールアドレス（または @ より前の部分）を含めることはできません。',
      'PASSWORD_CONTAINS_EMAIL',
    );
  }
  if (commonPasswords.has(normalised.toLowerCase())) {
    throw new Invalid(
      field,
      'よく使われるパスワードのため使用できません。別のパスワードにしてください。',
      'PASSWORD_TOO_COMMON',
    );
  }
  const words = ['tsunagu', 'つなぐ', email.split('@')[0] ?? '', ...related].filter((w) => w.length > 0);
  const result = zxcvbn.check(normalised, words);
  if (result.score < 2) {
    throw new Invalid(
      field,
      '推測されやすいパスワードです。単語をいくつか組み合わせるなど、長く推測しにくいものにしてください。',
      'PASSWORD_TOO_WEAK',
    );
  }
}
