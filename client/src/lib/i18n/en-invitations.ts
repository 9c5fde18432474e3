import type { Texts } from './en.ts';
import type { jaInvitations } from './ja-invitations.ts';

/** Invitations to join an organisation, in English (en.ts includes them as `invitations`). */
export const enInvitations: Texts<typeof jaInvitations> = {
  invite: 'Invite to this organisation',
  inviteTitle: 'Invite a staff member of another organisation',
  inviteLead:
    'An invitation goes to this address. Once its owner signs in to tsunagu and accepts, they join {{organisation}}.',
  inviteHint:
    'Whether the address has an account is not shown. Invitations expire after {{days}} days. If nobody accepts, check the address with the person.',
  inviteFormLead:
    'An invitation goes to this staff member. They join the chosen organisation once they sign in to tsunagu and accept.',
  sent: 'The invitation has been sent.',
  send: 'Send invitation',
  pendingTitle: 'Invitations awaiting acceptance',
  pendingLead: 'Shown as the addresses were typed. Once accepted, the person appears in the staff list.',
  pendingNone: 'No invitations are awaiting acceptance.',
  invitedBy: 'Invited by',
  invitedAt: 'Invited at',
  expiresAt: 'Expires',
  withdraw: 'Withdraw invitation',
  withdrawConfirm: 'Withdraw the invitation to {{email}}?',
  withdrawn: 'The invitation has been withdrawn.',
  mineTitle: 'Invitations to join an organisation',
  mineLead:
    'If you accept, you become a staff member of that organisation and its administrators can see your name, e-mail address and sign-in status. Decline any invitation you do not expect.',
  mineNone: 'There are no invitations for you.',
  mineItem: '{{organisation}} ({{role}}, {{profession}})',
  mineFrom: 'Invited by: {{name}} · expires: {{expiresAt}}',
  unknownInviter: '(unknown)',
  accept: 'Accept',
  acceptConfirm:
    'Join {{organisation}}? Its administrators will be able to see your name, e-mail address and sign-in status.',
  accepted: 'You have joined {{organisation}}. Switch organisations at the top right.',
  decline: 'Decline',
  declined: 'The invitation has been declined.',
  homeNotice: 'You have {{count}} invitation(s) to join an organisation.',
  homeOpen: 'Review invitations',
  notificationOpen: {
    membership_invitation: 'Review the invitation',
    account_change: 'Open my account',
  },
};
