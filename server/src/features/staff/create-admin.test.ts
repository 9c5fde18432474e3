import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { createSystemAdmin } from './create-admin.ts';

/** `tsunagu create-admin` takes text from flags or a prompt: the same rules as the API apply. */
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => database.close());

const input = {
  email: 'chief@example.org',
  displayName: '管理 花子',
  kana: 'かんり はなこ',
  password: 'umi-to-yama-no-aida-2026',
};
const now = new Date('2026-12-14T01:00:00Z');

describe('create-admin', () => {
  it('creates the system admin from trimmed text, the name standing in for a missing reading', async () => {
    const id = await createSystemAdmin(
      database.db,
      { ...input, email: ' chief@example.org ', kana: ' ' },
      now,
    );
    const user = await database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'chief@example.org', kana: '管理 花子', isSystemAdmin: true });
  });

  it.each([
    ['a control character in the name', { displayName: '管理\u001b[2J' }, 'displayName'],
    ['a NUL in the reading', { kana: 'かんり\u0000' }, 'kana'],
    ['a name of full-width spaces', { displayName: '\u3000\u3000' }, 'displayName'],
    ['a malformed e-mail address', { email: 'chief@' }, 'email'],
  ])('refuses %s, naming the field, and writes nothing', async (_name, change, field) => {
    await expect(createSystemAdmin(database.db, { ...input, ...change }, now)).rejects.toMatchObject({
      status: 400,
      field,
    });
    expect(await database.db.selectFrom('users').select('id').execute()).toEqual([]);
  });
});
