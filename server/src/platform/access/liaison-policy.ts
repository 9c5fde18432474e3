import type { InformationCategory, LiaisonSheetStatus } from '@tsunagu/contract';
import type { Actor } from './actor.ts';
import type { PersonAccess } from './person-access.ts';

/**
 * What may be done with a 連携シート (what a team member passes on to an organisation without
 * tsunagu) and a 連絡記録 entry. A sheet is made through the person's `liaison.send` (policy.ts):
 * it does not exist yet.
 */
export const liaisonSheetActions = [
  /** Reading it, as staff (the guest reads through its link and PIN, not as an actor). */
  'liaison_sheet.read',
  /** Passing it on: print, FAX, a new link and PIN. */
  'liaison_sheet.send',
  /** Recording the reply that came by phone, FAX or visit. */
  'liaison_sheet.record_reply',
  /** Mailing it to the recipient's FAX gateway: the system's job, while consent still covers it. */
  'liaison_sheet.deliver',
  /** Reminding its sender the morning after its reply date: the system's job, while it awaits a reply. */
  'liaison_sheet.remind',
] as const;
export type LiaisonSheetAction = (typeof liaisonSheetActions)[number];

export const contactEntryActions = ['contact_entry.record', 'contact_entry.read'] as const;
export type ContactEntryAction = (typeof contactEntryActions)[number];

/** A sheet as the policy sees it, for one reader (or for the system: `person` null). */
export interface LiaisonSheetResource {
  kind: 'liaison_sheet';
  senderOrganisationId: string;
  category: InformationCategory;
  status: LiaisonSheetStatus;
  /** The person's consent lets the recipient organisation receive the category now (team + live grant). */
  recipientCovered: boolean;
  person: PersonAccess | null;
}

/** A 連絡記録 entry (or one about to be recorded: `recordedByOrganisationId` is the reader's). */
export interface ContactEntryResource {
  kind: 'contact_entry';
  category: InformationCategory;
  recordedByOrganisationId: string | null;
  person: PersonAccess;
}

/** Like the record it carries: consent for its category, or its own organisation's; the person visible. */
const readsRecord = (
  actor: Actor,
  person: PersonAccess | null,
  category: InformationCategory,
  recordedBy: string | null,
): person is PersonAccess =>
  actor.organisationId !== null &&
  person !== null &&
  person.identityVisible &&
  (person.visibleCategories.has(category) || recordedBy === actor.organisationId);

export function canOnLiaisonSheet(
  actor: Actor,
  action: LiaisonSheetAction,
  s: LiaisonSheetResource,
): boolean {
  const reads = readsRecord(actor, s.person, s.category, s.senderOrganisationId);
  switch (action) {
    case 'liaison_sheet.read':
      return reads;
    case 'liaison_sheet.send':
      // A team member passes on what they may read; the recipient's consent is asked at each send.
      return reads && s.person !== null && s.person.onTeam;
    case 'liaison_sheet.record_reply':
      // A reply by phone or FAX is recorded by the sending organisation's staff.
      return reads && actor.organisationId === s.senderOrganisationId;
    case 'liaison_sheet.deliver':
    case 'liaison_sheet.remind':
      return false;
  }
}

/** The system delivers a sheet while consent covers its recipient, and reminds while it awaits a reply. */
export function systemOnLiaisonSheet(action: LiaisonSheetAction, s: LiaisonSheetResource): boolean {
  switch (action) {
    case 'liaison_sheet.deliver':
      return s.recipientCovered;
    case 'liaison_sheet.remind':
      return s.status === 'awaiting';
    default:
      return false;
  }
}

export function canOnContactEntry(
  actor: Actor,
  action: ContactEntryAction,
  e: ContactEntryResource,
): boolean {
  switch (action) {
    case 'contact_entry.record':
      // What was said is an item on the person's timeline: recorded by a team member (item.record).
      return actor.organisationId !== null && e.person.onTeam && e.person.identityVisible;
    case 'contact_entry.read':
      return readsRecord(actor, e.person, e.category, e.recordedByOrganisationId);
  }
}
