import type { Kysely } from 'kysely';
import { normaliseKana } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/passwords.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { systemContext } from '../../platform/context.ts';
import { Conflict, Invalid } from '../../platform/errors.ts';
import * as repo from './staff.repository.ts';

/** `tsunagu create-admin`: the first system administrator of an installation. */
export async function createSystemAdmin(
  db: Kysely<Tables>,
  input: { email: string; displayName: string; kana: string; password: string },
  now: Date,
): Promise<string> {
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new Invalid('email', 'メールアドレスの形式が正しくありません。');
  }
  if (!input.displayName.trim()) throw new Invalid('name', '氏名を入力してください。');
  checkPasswordPolicy(input.password, 'password', [email.split('@')[0] ?? '', input.displayName, input.kana]);
  if (await repo.findUserIdByEmail(db, email)) {
    throw new Conflict('STAFF_EMAIL_EXISTS', `${email} のアカウントは既にあります。`, 'email');
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertUser(
      trx,
      {
        email,
        displayName: input.displayName.trim(),
        // The command line is a boundary too: its reading is folded as a request's would be.
        kana: normaliseKana(input.kana) || input.displayName.trim(),
        passwordHash,
        mustChangePassword: false,
        isSystemAdmin: true,
      },
      now,
    );
    await recordAudit(trx, systemContext('cli'), {
      action: 'staff.create_system_admin',
      targetType: 'user',
      targetId: id,
    });
    return id;
  });
}
