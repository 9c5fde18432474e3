import { sql, type Kysely } from 'kysely';
import type { InvitationStatus, MembershipRole, Profession } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';

/** An invitation with the names its two audiences read (the organisation, who invited). */
export interface InvitationRow {
  id: string;
  organisationId: string;
  organisationName: string;
  email: string;
  profession: Profession;
  role: MembershipRole;
  invitedByName: string | null;
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
}

function selectInvitations(db: Kysely<Tables>) {
  return db
    .selectFrom('membershipInvitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisationId')
    .leftJoin('users as by', 'by.id', 'i.invitedByUserId')
    .select([
      'i.id',
      'i.organisationId',
      'o.name as organisationName',
      'i.email',
      'i.profession',
      'i.role',
      'by.displayName as invitedByName',
      'i.status',
      'i.createdAt',
      'i.expiresAt',
    ]);
}

export function findInvitation(db: Kysely<Tables>, id: string): Promise<InvitationRow | undefined> {
  return selectInvitations(db).where('i.id', '=', id).executeTakeFirst();
}

/** The organisation's invitations still waiting at `now`, newest first. */
export function listPendingForOrganisation(
  db: Kysely<Tables>,
  organisationId: string,
  now: Date,
): Promise<InvitationRow[]> {
  return selectInvitations(db)
    .where('i.organisationId', '=', organisationId)
    .where('i.status', '=', 'pending')
    .where('i.expiresAt', '>', now)
    .orderBy('i.createdAt', 'desc')
    .orderBy('i.id')
    .execute();
}

/** Invitations waiting at `now` for whoever holds `email`, newest first. */
export function listPendingForAddress(
  db: Kysely<Tables>,
  email: string,
  now: Date,
): Promise<InvitationRow[]> {
  return selectInvitations(db)
    .where(sql<string>`lower(i.email)`, '=', email.toLowerCase())
    .where('i.status', '=', 'pending')
    .where('i.expiresAt', '>', now)
    .orderBy('i.createdAt', 'desc')
    .orderBy('i.id')
    .execute();
}

/**
 * Creates the pending invitation of an organisation for an address, or renews the one already
 * pending (new role, profession, inviter and expiry), so inviting twice never fails. Returns its id.
 */
export async function upsertPendingInvitation(
  trx: Kysely<Tables>,
  i: {
    organisationId: string;
    email: string;
    profession: Profession;
    role: MembershipRole;
    invitedByUserId: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const change = {
    email: i.email,
    profession: i.profession,
    role: i.role,
    invitedByUserId: i.invitedByUserId,
    createdAt: i.now,
    expiresAt: i.expiresAt,
  };
  const renewed = await trx
    .updateTable('membershipInvitations')
    .set(change)
    .where('organisationId', '=', i.organisationId)
    .where(sql<string>`lower(email)`, '=', i.email.toLowerCase())
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (renewed) return renewed.id;
  const row = await trx
    .insertInto('membershipInvitations')
    .values({ ...change, organisationId: i.organisationId, status: 'pending' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Answers or withdraws a pending invitation; false if it was no longer pending. */
export async function decideInvitation(
  trx: Kysely<Tables>,
  id: string,
  status: Exclude<InvitationStatus, 'pending'>,
  by: { userId: string; now: Date },
): Promise<boolean> {
  const r = await trx
    .updateTable('membershipInvitations')
    .set({ status, decidedAt: by.now, decidedByUserId: by.userId })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}
