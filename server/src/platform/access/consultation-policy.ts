import type { Actor } from './actor.ts';
import type { PersonAccess } from './person-access.ts';

/** What may be done with a 相談対応記録 (an emergency consultation taken by phone, visit, …). */
export const consultationActions = [
  /** Writing one down: by an organisation's staff, about a person they may see or someone not yet known. */
  'consultation.record',
  /** Reading one. */
  'consultation.read',
] as const;
export type ConsultationAction = (typeof consultationActions)[number];

/** A consultation as the policy sees it, for one reader. */
export interface ConsultationResource {
  kind: 'consultation';
  /** The organisation that took it (its log), and the one asked to follow it up; null before it exists. */
  organisationId: string | null;
  followUpOrganisationId: string | null;
  /** Whom it is about is known (本人不明 otherwise). */
  hasPerson: boolean;
  /** The reader's access to the person; null when there is no person. */
  person: PersonAccess | null;
}

/** Its own log, or the follow-up it was given: the reader's organisation took part. */
const isOurs = (actor: Actor, c: ConsultationResource) =>
  actor.organisationId !== null &&
  (c.organisationId === actor.organisationId || c.followUpOrganisationId === actor.organisationId);

/**
 * The log is the receiving organisation's, and the follow-up organisation reads what was passed to
 * it; a team member whose consent covers the person's identity and クライシス reads every
 * consultation about them (like the crisis plan). Nobody else, an administrator neither.
 */
export function canOnConsultation(
  actor: Actor,
  action: ConsultationAction,
  c: ConsultationResource,
): boolean {
  if (actor.organisationId === null) return false;
  switch (action) {
    case 'consultation.record':
      return !c.hasPerson || c.person?.identityVisible === true;
    case 'consultation.read':
      return (
        isOurs(actor, c) ||
        (c.person !== null && c.person.identityVisible && c.person.visibleCategories.has('crisis'))
      );
  }
}

/**
 * Which consultations about a person a reader's list shows: all where their consent reaches
 * クライシス, else those of their own organisation (as taker or follow-up). The repository turns it
 * into SQL; it is `consultation.read` over a person's consultations.
 */
export type ConsultationScope = { all: true } | { all: false; organisationId: string | null };
export function consultationScope(actor: Actor, person: PersonAccess): ConsultationScope {
  return canOnConsultation(actor, 'consultation.read', {
    kind: 'consultation',
    organisationId: null,
    followUpOrganisationId: null,
    hasPerson: true,
    person,
  })
    ? { all: true }
    : { all: false, organisationId: actor.organisationId };
}

/** The log a list shows: the consultations the reader's organisation took or follows up; none without one. */
export function consultationLogOf(actor: Actor): { organisationId: string } | null {
  return actor.organisationId === null ? null : { organisationId: actor.organisationId };
}
