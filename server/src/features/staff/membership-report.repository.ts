import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** An account joining an organisation, as the audit log recorded it (creation or addition). */
export interface JoinEvent {
  seq: string;
  occurredAt: Date;
  action: 'staff.create' | 'membership.add';
  userId: string;
  userName: string;
  organisationId: string;
  organisationName: string | null;
  role: string | null;
  invitationId: string | null;
  actorUserId: string | null;
  actorName: string | null;
  actorIsSystemAdmin: boolean;
}

/** Every allowed creation of an account in an organisation and every membership addition, oldest first. */
export async function joinEvents(db: Kysely<Tables>): Promise<JoinEvent[]> {
  const r =
    await sql<JoinEvent>`select e.seq, e.occurred_at, e.action, u.id as user_id, u.display_name as user_name,
      e.details ->> 'organisationId' as organisation_id, o.name as organisation_name, e.details ->> 'role' as role,
      e.details ->> 'invitationId' as invitation_id, e.actor_user_id, a.display_name as actor_name,
      coalesce(a.is_system_admin, false) as actor_is_system_admin
    from audit_events e
    join users u on u.id::text = e.target_id
    left join organisations o on o.id::text = e.details ->> 'organisationId'
    left join users a on a.id = e.actor_user_id
    where e.action in ('staff.create', 'membership.add') and e.outcome = 'allowed' and e.target_type = 'user'
      and e.details ->> 'organisationId' is not null
    order by e.seq`.execute(db);
  return r.rows;
}

/** The current memberships of these accounts, with their organisations' names. */
export async function membershipsOf(db: Kysely<Tables>, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['m.userId', 'm.organisationId', 'o.name as organisationName'])
    .where('m.userId', 'in', userIds)
    .execute();
}

/** Actions on an account's sign-in and identity, allowed or refused. */
const credentialActions = [
  'staff.update',
  'staff.password_reset',
  'staff.two_factor_reset',
  'staff.reset_credentials',
  'staff.disable',
  'staff.enable',
];

/** Credential changes (and refused attempts) on these accounts, with the organisation acted under. */
export async function credentialChangesOf(db: Kysely<Tables>, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('auditEvents')
    .select(['seq', 'occurredAt', 'action', 'outcome', 'targetId', 'actorOrganisationId'])
    .where('targetType', '=', 'user')
    .where('action', 'in', credentialActions)
    .where('targetId', 'in', userIds)
    .orderBy('seq')
    .execute();
}
