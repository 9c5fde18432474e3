import type { SessionInfo } from '@tsunagu/contract';

/** The name of one screen gathered under 設定. */
export type SettingLabelKey =
  | 'settings.items.regions.label'
  | 'settings.items.freshnessRules.label'
  | 'settings.items.chain.label'
  | 'settings.items.webhooks.label'
  | 'settings.items.audit.label'
  | 'settings.items.jobs.label'
  | 'settings.items.directoryImports.label';

/** One screen gathered under 設定 (/settings): what it is and what it is for. */
export interface SettingItem {
  to: string;
  labelKey: SettingLabelKey;
  descriptionKey:
    | 'settings.items.regions.read'
    | 'settings.items.regions.manage'
    | 'settings.items.freshnessRules.text'
    | 'settings.items.chain.text'
    | 'settings.items.webhooks.text'
    | 'settings.items.audit.text'
    | 'settings.items.jobs.text'
    | 'settings.items.directoryImports.text';
}

/** One destination of the main navigation. */
export interface NavItem {
  to: string;
  labelKey:
    | 'nav.home'
    | 'offHours.nav.urgent'
    | 'offHours.nav.consultations'
    | 'offHours.nav.handovers'
    | 'nav.awaiting'
    | 'nav.onCall'
    | 'nav.due'
    | 'liaison.nav.outstanding'
    | 'nav.organisations'
    | 'directory.nav'
    | 'nav.staff'
    | 'nav.settings'
    | 'nav.emergency';
  /** The home page's description of it. */
  descriptionKey?:
    | 'home.links.awaiting'
    | 'offHours.links.urgent'
    | 'offHours.links.consultations'
    | 'offHours.links.handovers'
    | 'home.links.onCall'
    | 'home.links.due'
    | 'liaison.links.outstanding'
    | 'home.links.organisations'
    | 'directory.link'
    | 'home.links.staff'
    | 'home.links.settings'
    | 'home.links.emergency';
  /** The screens it gathers, named in its description ({{items}}). */
  gathers?: readonly SettingLabelKey[];
  end?: boolean;
  /** Drawn apart from the others (緊急時の閲覧). */
  isEmergency?: boolean;
  /** Shows how many things wait there: acknowledgements asked of me (確認待ち), unconfirmed 申し送り, cases waiting for me. */
  count?: 'awaiting' | 'handovers' | 'urgent';
}

/** Whether the user acts for an organisation: persons, teams and consent all hang on it. */
export function actsForOrganisation(session: SessionInfo): boolean {
  return session.activeOrganisationId !== null;
}

/**
 * The administration screens this user may open, gathered on one page (設定) so that the main
 * navigation keeps to the daily work. Decided, like the navigation, by what the server sent
 * with the session. 圏域 is here for everyone: staff read the tree, system admins change it.
 */
export function settingItemsFor(session: SessionInfo): SettingItem[] {
  const { abilities } = session;
  const items: (SettingItem | false)[] = [
    {
      to: '/settings/regions',
      labelKey: 'settings.items.regions.label',
      descriptionKey: abilities.manageRegions
        ? 'settings.items.regions.manage'
        : 'settings.items.regions.read',
    },
    session.user.isSystemAdmin && {
      to: '/settings/freshness-rules',
      labelKey: 'settings.items.freshnessRules.label',
      descriptionKey: 'settings.items.freshnessRules.text',
    },
    session.user.isSystemAdmin && {
      to: '/settings/escalation-chain',
      labelKey: 'settings.items.chain.label',
      descriptionKey: 'settings.items.chain.text',
    },
    (session.user.isSystemAdmin || (actsForOrganisation(session) && abilities.manageStaff)) && {
      to: '/settings/webhooks',
      labelKey: 'settings.items.webhooks.label',
      descriptionKey: 'settings.items.webhooks.text',
    },
    abilities.readAudit && {
      to: '/settings/audit-log',
      labelKey: 'settings.items.audit.label',
      descriptionKey: 'settings.items.audit.text',
    },
    session.user.isSystemAdmin && {
      to: '/settings/jobs',
      labelKey: 'settings.items.jobs.label',
      descriptionKey: 'settings.items.jobs.text',
    },
    abilities.importDirectory && {
      to: '/settings/directory-imports',
      labelKey: 'settings.items.directoryImports.label',
      descriptionKey: 'settings.items.directoryImports.text',
    },
  ];
  return items.filter((i): i is SettingItem => i !== false);
}

/**
 * The screens this user may open. Which ones is decided by the abilities the server sent with
 * the session; the client never works out permissions itself.
 */
export function navItemsFor(session: SessionInfo): NavItem[] {
  const { abilities } = session;
  const settings = settingItemsFor(session);
  const items: (NavItem | false)[] = [
    { to: '/', labelKey: 'nav.home', end: true },
    actsForOrganisation(session) && {
      to: '/awaiting',
      labelKey: 'nav.awaiting',
      descriptionKey: 'home.links.awaiting',
      count: 'awaiting',
    },
    actsForOrganisation(session) && {
      to: '/urgent',
      labelKey: 'offHours.nav.urgent',
      descriptionKey: 'offHours.links.urgent',
      count: 'urgent',
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
      count: 'handovers',
    },
    actsForOrganisation(session) && { to: '/due', labelKey: 'nav.due', descriptionKey: 'home.links.due' },
    actsForOrganisation(session) && {
      to: '/liaison',
      labelKey: 'liaison.nav.outstanding',
      descriptionKey: 'liaison.links.outstanding',
    },
    { to: '/on-call', labelKey: 'nav.onCall', descriptionKey: 'home.links.onCall' },
    // 社会資源 beside 機関: the same organisations, searched by what a person needs tonight.
    { to: '/directory', labelKey: 'directory.nav', descriptionKey: 'directory.link' },
    { to: '/organisations', labelKey: 'nav.organisations', descriptionKey: 'home.links.organisations' },
    abilities.manageStaff && { to: '/staff', labelKey: 'nav.staff', descriptionKey: 'home.links.staff' },
    settings.length > 0 && {
      to: '/settings',
      labelKey: 'nav.settings',
      descriptionKey: 'home.links.settings',
      gathers: settings.map((s) => s.labelKey),
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
