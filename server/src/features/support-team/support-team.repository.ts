import { sql, type Kysely } from 'kysely';
import type { TeamRole } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { currentMembership } from '../../platform/access/person-access.ts';

export interface MemberRow {
  id: string;
  personId: string;
  organisationId: string;
  organisationName: string;
  userId: string | null;
  userName: string | null;
  role: TeamRole;
  isLead: boolean;
  startedOn: string;
  endedOn: string | null;
}

export function listMembers(db: Kysely<Tables>, personId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('teamMembers as tm')
    .innerJoin('organisations as o', 'o.id', 'tm.organisationId')
    .leftJoin('users as u', 'u.id', 'tm.userId')
    .select([
      'tm.id',
      'tm.personId',
      'tm.organisationId',
      'o.name as organisationName',
      'tm.userId',
      'u.displayName as userName',
      'tm.role',
      'tm.isLead',
      'tm.startedOn',
      'tm.endedOn',
    ])
    .where('tm.personId', '=', personId)
    .orderBy('tm.isLead', 'desc')
    .orderBy('tm.startedOn')
    .orderBy('o.kana')
    .execute();
}

export async function insertMember(
  db: Kysely<Tables>,
  m: {
    personId: string;
    organisationId: string;
    userId: string | null;
    role: TeamRole;
    isLead: boolean;
    startedOn: string;
    addedByUserId: string;
  },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('teamMembers')
    .values({ ...m, endedOn: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMember(
  db: Kysely<Tables>,
  id: string,
  change: Partial<{ role: TeamRole; isLead: boolean; userId: string | null; endedOn: string | null }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('teamMembers')
    .set({ ...change, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

/** Active leads of a person's team on `today`. */
export async function countActiveLeads(db: Kysely<Tables>, personId: string, today: string): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from team_members
    where person_id = ${personId}::uuid and is_lead and ${currentMembership('team_members', today)}`.execute(
    db,
  );
  return row.rows[0]?.n ?? 0;
}

/** Staff to tell about something on a person's team: the named lead staff, or the admins of a lead organisation with no one named. */
export async function leadRecipients(db: Kysely<Tables>, personId: string, today: string): Promise<string[]> {
  const rows = await sql<{ userId: string }>`
    select distinct coalesce(tm.user_id, m.user_id) as user_id
    from team_members tm
    left join memberships m on tm.user_id is null and m.organisation_id = tm.organisation_id and m.role = 'org_admin'
    where tm.person_id = ${personId}::uuid and tm.is_lead and ${currentMembership('tm', today)}
      and coalesce(tm.user_id, m.user_id) is not null`.execute(db);
  return rows.rows.map((r) => r.userId);
}

export function isMemberOfOrganisation(db: Kysely<Tables>, userId: string, organisationId: string) {
  return db
    .selectFrom('memberships')
    .select('userId')
    .where('userId', '=', userId)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

/** Whether an organisation is on the person's team on `today`. */
export async function isOnTeam(
  db: Kysely<Tables>,
  personId: string,
  organisationId: string,
  today: string,
): Promise<boolean> {
  const row = await sql<{
    on: boolean;
  }>`select exists (select 1 from team_members where person_id = ${personId}::uuid and organisation_id = ${organisationId}::uuid
    and ${currentMembership('team_members', today)}) as on`.execute(db);
  return row.rows[0]?.on ?? false;
}
