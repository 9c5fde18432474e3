import { sql, type Kysely } from 'kysely';
import type { Membership, MembershipRole, Profession, StaffListQuery } from '@tsunagu/contract';
import type { StaffScope } from '../../platform/access/policy.ts';
import type { Tables } from '../../db/tables.ts';
import { likePattern } from '../../db/sql-text.ts';
import { changedSearchKeys, searchKey, searchKeys } from '../../platform/text/search-key.ts';

export interface StaffRow {
  id: string;
  email: string;
  displayName: string;
  kana: string;
  isSystemAdmin: boolean;
  disabledAt: Date | null;
  hasTwoFactor: boolean;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  memberships: Membership[];
}

function selectStaff(db: Kysely<Tables>) {
  return db.selectFrom('users as u').select([
    'u.id',
    'u.email',
    'u.displayName',
    'u.kana',
    'u.isSystemAdmin',
    'u.disabledAt',
    sql<boolean>`u.totp_secret is not null`.as('hasTwoFactor'),
    'u.mustChangePassword',
    'u.lastSignInAt',
    sql<Membership[]>`(select coalesce(json_agg(json_build_object(
        'organisationId', m.organisation_id, 'organisationName', o.name,
        'role', m.role, 'profession', m.profession) order by o.kana, o.id), '[]'::json)
      from memberships m join organisations o on o.id = m.organisation_id
      where m.user_id = u.id)`.as('memberships'),
  ]);
}

/** Staff visible in `scope`, filtered in SQL: outside the scope a row is simply not there. */
export async function listStaff(
  db: Kysely<Tables>,
  scope: StaffScope,
  q: StaffListQuery,
): Promise<{ rows: StaffRow[]; total: number }> {
  const apply = <T extends ReturnType<typeof selectStaff>>(query: T): T => {
    let x = query as ReturnType<typeof selectStaff>;
    if (!scope.all) {
      const orgId = scope.organisationId;
      if (orgId === null) return x.where(sql<boolean>`false`) as T;
      x = x.where((eb) =>
        eb.exists(
          eb
            .selectFrom('memberships as sm')
            .select('sm.userId')
            .whereRef('sm.userId', '=', 'u.id')
            .where('sm.organisationId', '=', orgId),
        ),
      );
    }
    if (q.organisationId) {
      const orgId = q.organisationId;
      x = x.where((eb) =>
        eb.exists(
          eb
            .selectFrom('memberships as fm')
            .select('fm.userId')
            .whereRef('fm.userId', '=', 'u.id')
            .where('fm.organisationId', '=', orgId),
        ),
      );
    }
    if (q.q?.trim()) {
      const key = likePattern(searchKey(q.q));
      const email = likePattern(q.q.trim());
      x = x.where((eb) =>
        eb.or([eb('u.nameKey', 'like', key), eb('u.kanaKey', 'like', key), eb('u.email', 'ilike', email)]),
      );
    }
    return x as T;
  };
  const rows = await apply(selectStaff(db))
    .orderBy('u.kana')
    .orderBy('u.id')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0)
    .execute();
  const total = await db
    .selectFrom(apply(selectStaff(db)).as('f'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: total.n };
}

export function findStaff(db: Kysely<Tables>, id: string): Promise<StaffRow | undefined> {
  return selectStaff(db).where('u.id', '=', id).executeTakeFirst();
}

/** The account holding `email` (compared without case), with its memberships. */
export function findStaffByEmail(db: Kysely<Tables>, email: string): Promise<StaffRow | undefined> {
  return selectStaff(db)
    .where(sql<string>`lower(u.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserIdByEmail(db: Kysely<Tables>, email: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Tables>,
  u: {
    email: string;
    displayName: string;
    kana: string;
    passwordHash: string;
    mustChangePassword: boolean;
    isSystemAdmin?: boolean;
    isDemo?: boolean;
  },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({
      ...u,
      ...searchKeys(u.displayName, u.kana),
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Kysely<Tables>,
  id: string,
  change: Partial<{
    email: string;
    displayName: string;
    kana: string;
    passwordHash: string;
    mustChangePassword: boolean;
    disabledAt: Date | null;
    totpSecret: null;
    totpPendingSecret: null;
    totpLastStep: null;
    passwordChangedAt: Date;
  }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...change, ...changedSearchKeys({ name: change.displayName, kana: change.kana }), updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteRecoveryCodes(db: Kysely<Tables>, userId: string): Promise<void> {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
}

export async function insertMembership(
  db: Kysely<Tables>,
  m: { userId: string; organisationId: string; profession: Profession; role: MembershipRole },
  now: Date,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ ...m, createdAt: now })
    .execute();
}

export async function updateMembership(
  db: Kysely<Tables>,
  m: { userId: string; organisationId: string; profession: Profession; role: MembershipRole },
): Promise<boolean> {
  const r = await db
    .updateTable('memberships')
    .set({ profession: m.profession, role: m.role })
    .where('userId', '=', m.userId)
    .where('organisationId', '=', m.organisationId)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function deleteMembership(
  db: Kysely<Tables>,
  userId: string,
  organisationId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('memberships')
    .where('userId', '=', userId)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
  return r.numDeletedRows === 1n;
}

export async function countOrgAdmins(db: Kysely<Tables>, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('m.organisationId', '=', organisationId)
    .where('m.role', '=', 'org_admin')
    .where('u.disabledAt', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}
