import type { Actor } from './actor.ts';

/** What may be done with a 申し送り (the off-hours events handed over to an organisation at its opening). */
export const handoverActions = [
  /** Reading it: its entries name a person only where `person.read` allows, a consultation's outcome where `consultation.read` does. */
  'handover.read',
  /** 確認しました. */
  'handover.confirm',
  /** Gathering the waiting entries at the opening: the system's. */
  'handover.gather',
] as const;
export type HandoverAction = (typeof handoverActions)[number];

/** A handover, addressed to one organisation (the team's lead, or the municipality). */
export interface HandoverResource {
  kind: 'handover';
  organisationId: string;
}

/** A handover is its organisation's: its staff read and confirm it; nobody else, an administrator neither. */
export function canOnHandover(actor: Actor, action: HandoverAction, h: HandoverResource): boolean {
  const ours = actor.organisationId !== null && actor.organisationId === h.organisationId;
  switch (action) {
    case 'handover.read':
    case 'handover.confirm':
      return ours;
    case 'handover.gather':
      return false;
  }
}

/** The system gathers handovers; it reads none. */
export function systemOnHandover(action: HandoverAction): boolean {
  return action === 'handover.gather';
}

/** Whose handovers a list shows: the reader's organisation's; none without one. */
export function handoverListOf(actor: Actor): { organisationId: string } | null {
  return actor.organisationId === null ? null : { organisationId: actor.organisationId };
}
