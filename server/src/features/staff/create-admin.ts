import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { CreateStaffBody, Password } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/passwords.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { systemContext } from '../../platform/context.ts';
import { Conflict } from '../../platform/errors.ts';
import { validateValue } from '../../platform/http/validation.ts';
import * as repo from './staff.repository.ts';

/**
 * What `create-admin` takes, checked as the API checks a new staff member: the same formats,
 * lengths and text rules (no control characters, no name of spaces only).
 */
const SystemAdminInput = Type.Object(
  {
    email: CreateStaffBody.properties.email,
    displayName: CreateStaffBody.properties.displayName,
    kana: CreateStaffBody.properties.kana,
    password: Password(),
  },
  { additionalProperties: false },
);
type SystemAdminInput = Static<typeof SystemAdminInput>;

/** `tsunagu create-admin`: the first system administrator of an installation. */
export async function createSystemAdmin(
  db: Kysely<Tables>,
  raw: SystemAdminInput,
  now: Date,
): Promise<string> {
  const displayName = raw.displayName.trim();
  const input = validateValue<SystemAdminInput>(SystemAdminInput, {
    email: raw.email.trim(),
    displayName,
    // The reading may be left out at the prompt: the name stands in for it.
    kana: raw.kana.trim() || displayName,
    password: raw.password,
  });
  const { email } = input;
  checkPasswordPolicy(input.password, 'password', email, [input.displayName, input.kana]);
  if (await repo.findUserIdByEmail(db, email)) {
    throw new Conflict('STAFF_EMAIL_EXISTS', `${email} のアカウントは既にあります。`, 'email');
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertUser(
      trx,
      {
        email,
        displayName: input.displayName,
        kana: input.kana,
        passwordHash,
        mustChangePassword: false,
        isSystemAdmin: true,
      },
      now,
    );
    await recordAudit(trx, systemContext('cli:create-admin', 'コマンドでシステム管理者を作る'), {
      action: 'staff.create_system_admin',
      targetType: 'user',
      targetId: id,
    });
    return id;
  });
}
