import type { Membership, MembershipRole } from '@tsunagu/contract';

/** The signed-in person behind a request, acting under one of their organisations. */
export interface Actor {
  userId: string;
  displayName: string;
  isSystemAdmin: boolean;
  /** The organisation the user acts under now (a user may belong to several). */
  organisationId: string | null;
  role: MembershipRole | null;
  memberships: Membership[];
  sessionIdHash: string;
}
