import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-database.ts';
import { assertTrigramLocale, trigramLocaleProblem } from './trigram-locale.ts';

describe('the LC_CTYPE check of the directory migration', () => {
  it('refuses a byte locale (C, POSIX) or one that yields no Japanese trigrams, naming the locale and the fix', () => {
    for (const ctype of ['C', 'POSIX', 'c'])
      expect(trigramLocaleProblem(ctype, 0)).toMatch(new RegExp(`LC_CTYPE = ${ctype}.*CREATE DATABASE`));
    expect(trigramLocaleProblem('C', 8)).not.toBeNull(); // C is refused whatever a probe says
    expect(trigramLocaleProblem('ja_JP.eucJP', 0)).toContain('ja_JP.eucJP');
    expect(trigramLocaleProblem('C.UTF-8', 8)).toBeNull();
    expect(trigramLocaleProblem('ja_JP.UTF-8', 8)).toBeNull();
  });

  it('passes on the test database of this engine (a UTF-8 LC_CTYPE)', async () => {
    const database = await createTestDatabase();
    try {
      await expect(assertTrigramLocale(database.db)).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
