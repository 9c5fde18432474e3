import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, signIn, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { AppError } from '../errors.ts';
import { checkPasswordPolicy } from './passwords.ts';

const EMAIL = 'Hanako.Yamada@example.jp';

/** The refusal of a password, or null when the policy accepts it. */
function refusal(password: string, email = EMAIL): AppError | null {
  try {
    checkPasswordPolicy(password, 'newPassword', email, ['山田 花子', 'やまだ はなこ']);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('a password that holds the account’s e-mail address', () => {
  it.each([
    ['the address itself', 'hanako.yamada@example.jp'],
    ['the address inside it', 'my-hanako.yamada@example.jp-key'],
    ['the local part inside it', 'sunny-hanako.yamada-2026'],
    ['the address in other case', 'HANAKO.YAMADA@EXAMPLE.JP'],
    ['a full-width copy of the address', 'ｈａｎａｋｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ'],
    ['a full-width local part in capitals', 'ＨＡＮＡＫＯ．ＹＡＭＡＤＡ-river-walk'],
  ])('is refused: %s', (_case, password) => {
    expect(refusal(password)).toMatchObject({
      status: 400,
      code: 'PASSWORD_CONTAINS_EMAIL',
      field: 'newPassword',
      message: 'パスワードにメールアドレス（または @ より前の部分）を含めることはできません。',
    });
  });

  it('is refused when the local part has exactly 4 characters', () => {
    expect(refusal('lantern-mina-over-the-river', 'mina@example.jp')?.code).toBe('PASSWORD_CONTAINS_EMAIL');
    expect(refusal('lantern-ｍｉｎａ-over-the-river', 'mina@example.jp')?.code).toBe(
      'PASSWORD_CONTAINS_EMAIL',
    );
  });

  it('is accepted when it only holds a local part shorter than 4 characters', () => {
    expect(refusal('lantern-kei-over-the-quiet-river', 'kei@example.jp')).toBeNull();
  });

  it('leaves strong passwords alone, and the length rule first', () => {
    expect(refusal('kumo-no-ue-de-sanpo-2026')).toBeNull();
    expect(refusal('hanako')?.code).toBe('PASSWORD_TOO_SHORT');
  });
});

describe('changing one’s password', () => {
  let t: TestApp;
  let organisationId: string;
  beforeAll(async () => {
    t = await createTestApp();
    organisationId = await createOrganisation(t.database.db);
  });
  afterAll(async () => t.close());

  it('refuses a new password holding the address on the change-password route (400 naming the field)', async () => {
    const user = await createUser(t.database.db, { organisationId, email: 'sora.aoki@example.jp' });
    const agent = await signIn(t.app, user, t.clock);
    const refused = await agent.put('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'ＳＯＲＡ．ＡＯＫＩ-under-the-bridge',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'PASSWORD_CONTAINS_EMAIL',
      field: 'newPassword',
      message: expect.stringContaining('メールアドレス'),
    });
    const changed = await agent.put('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'kumo-no-ue-de-sanpo-2026',
    });
    expect(changed.statusCode).toBe(200);
  });
});
