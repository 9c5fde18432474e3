import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { Conflict } from '../../platform/errors.ts';
import * as repo from './staff.repository.ts';

/** Refuses to leave an organisation without an admin (a system admin could still fix it, but should not have to). */
export async function keepAnAdmin(trx: Kysely<Tables>, organisationId: string): Promise<void> {
  if ((await repo.countOrgAdmins(trx, organisationId)) === 0) {
    throw new Conflict('LAST_ORG_ADMIN', 'この機関の最後の管理者です。先に別の職員を管理者にしてください。');
  }
}
