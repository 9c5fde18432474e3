import type { ColumnType, Generated } from 'kysely';
import type { InvitationStatus, MembershipRole, Profession } from '@tsunagu/contract';

/** The membership tables of migration 2026-12-07T1000, joined into `Tables` in tables.ts. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** 所属への招待: the address as the inviter typed it; an account's owner accepts while signed in. */
export interface MembershipInvitationsTable {
  id: Generated<string>;
  organisationId: string;
  email: string;
  profession: Profession;
  role: MembershipRole;
  invitedByUserId: string | null;
  status: InvitationStatus;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  decidedAt: Timestamp | null;
  decidedByUserId: string | null;
}

export interface MembershipTables {
  membershipInvitations: MembershipInvitationsTable;
}
