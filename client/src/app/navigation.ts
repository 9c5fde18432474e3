import type { SessionInfo } from '@tsunagu/contract';

/** One destination of the main navigation. */
export interface NavItem {
  to: string;
  labelKey:
    | 'nav.home'
    | 'offHours.nav.urgent'
    | 'offHours.nav.consultations'
    | 'offHours.nav.handovers'
    | 'offHours.nav.chain'
    | 'offHours.nav.webhooks'
    | 'nav.awaiting'
    | 'nav.onCall'
    | 'nav.due'
    | 'liaison.nav.outstanding'
    | 'nav.organisations'
    | 'nav.staff'
    | 'nav.regions'
    | 'nav.audit'
    | 'nav.emergency'
    | 'nav.freshnessRules';
  /** The home page's description of it. */
  descriptionKey?:
    | 'home.links.awaiting'
    | 'offHours.links.urgent'
    | 'offHours.links.consultations'
    | 'offHours.links.handovers'
    | 'offHours.links.chain'
    | 'offHours.links.webhooks'
    | 'home.links.onCall'
    | 'home.links.due'
    | 'liaison.links.outstanding'
    | 'home.links.organisations'
    | 'home.links.staff'
    | 'home.links.regions'
    | 'home.links.audit'
    | 'home.links.emergency'
    | 'home.links.freshnessRules';
  end?: boolean;
  /** Drawn apart from the others (緊急時の閲覧). */
  isEmergency?: boolean;
  /** Shows how many acknowledgements are asked of me (確認待ち). */
  showsAwaitingCount?: boolean;
}

/** Whether the user acts for an organisation: persons, teams and consent all hang on it. */
export function actsForOrganisation(session: SessionInfo): boolean {
  return session.activeOrganisationId !== null;
}

/**
 * The screens this user may open. Which ones is decided by the abilities the server sent with
 * the session; the client never works out permissions itself.
 */
export function navItemsFor(session: SessionInfo): NavItem[] {
  const { abilities } = session;
  const items: (NavItem | false)[] = [
    { to: '/', labelKey: 'nav.home', end: true },
    actsForOrganisation(session) && {
      to: '/awaiting',
      labelKey: 'nav.awaiting',
      descriptionKey: 'home.links.awaiting',
      showsAwaitingCount: true,
    },
    actsForOrganisation(session) && {
      to: '/urgent',
      labelKey: 'offHours.nav.urgent',
      descriptionKey: 'offHours.links.urgent',
    },
    actsForOrganisation(session) && {
      to: '/consultations',
      labelKey: 'offHours.nav.consultations',
      descriptionKey: 'offHours.links.consultations',
    },
    actsForOrganisation(session) && {
      to: '/handovers',
      labelKey: 'offHours.nav.handovers',
      descriptionKey: 'offHours.links.handovers',
    },
    actsForOrganisation(session) && { to: '/due', labelKey: 'nav.due', descriptionKey: 'home.links.due' },
    actsForOrganisation(session) && {
      to: '/liaison',
      labelKey: 'liaison.nav.outstanding',
      descriptionKey: 'liaison.links.outstanding',
    },
    { to: '/on-call', labelKey: 'nav.onCall', descriptionKey: 'home.links.onCall' },
    { to: '/organisations', labelKey: 'nav.organisations', descriptionKey: 'home.links.organisations' },
    abilities.manageStaff && { to: '/staff', labelKey: 'nav.staff', descriptionKey: 'home.links.staff' },
    { to: '/regions', labelKey: 'nav.regions', descriptionKey: 'home.links.regions' },
    abilities.readAudit && { to: '/audit-log', labelKey: 'nav.audit', descriptionKey: 'home.links.audit' },
    session.user.isSystemAdmin && {
      to: '/freshness-rules',
      labelKey: 'nav.freshnessRules',
      descriptionKey: 'home.links.freshnessRules',
    },
    session.user.isSystemAdmin && {
      to: '/escalation-chain',
      labelKey: 'offHours.nav.chain',
      descriptionKey: 'offHours.links.chain',
    },
    (session.user.isSystemAdmin || (actsForOrganisation(session) && abilities.manageStaff)) && {
      to: '/webhooks',
      labelKey: 'offHours.nav.webhooks',
      descriptionKey: 'offHours.links.webhooks',
    },
    actsForOrganisation(session) && {
      to: '/emergency-access',
      labelKey: 'nav.emergency',
      descriptionKey: 'home.links.emergency',
      isEmergency: true,
    },
  ];
  return items.filter((i): i is NavItem => i !== false);
}
