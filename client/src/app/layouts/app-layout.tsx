import type { SessionInfo } from '@tsunagu/contract';
import { Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Loading } from '../../components/ui/notice.tsx';
import { LanguageSwitch } from '../../components/ui/language-switch.tsx';
import { useSignOut } from '../../features/auth/api/sign-in.ts';
import { OrganisationSwitcher } from '../../features/auth/components/organisation-switcher.tsx';
import { AwaitingCountBadge, AwaitingNavLabel } from '../../features/messages/components/awaiting-count.tsx';
import { HandoverNavLabel } from '../../features/handover/components/handover-count.tsx';
import { NotificationsLink } from '../../features/notifications/components/notifications-link.tsx';
import { useKeepPhoneNumbersOnDevice } from '../../features/device/api/phone-numbers.ts';
import { OfflineNotice } from '../../features/device/components/offline-notice.tsx';
import { AwaitingBanner, UrgentNavLabel } from '../../features/urgent/components/awaiting-banner.tsx';
import { useOnline } from '../../lib/app-shell.ts';
import { armHeadingFocus } from '../../lib/focus-on-navigation.ts';
import { PHONE_QUERY, useMediaQuery } from '../../lib/use-media-query.ts';
import { useLiveUpdates } from '../live-updates.ts';
import { useSessionActivity } from '../session-activity.ts';
import { actsForOrganisation, navItemsFor } from '../navigation.ts';

/** Moves focus to the new heading after each navigation (not on the first load). */
function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    armHeadingFocus();
  }, [pathname]);
}

function MainNav({ session, onNavigate }: { session: SessionInfo; onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <ul className="main-nav__list">
      {navItemsFor(session).map((item) => (
        <li key={item.to}>
          <NavLink
            to={item.to}
            end={item.end ?? false}
            className={item.isEmergency ? 'main-nav__link main-nav__link--emergency' : 'main-nav__link'}
            onClick={onNavigate}
          >
            {item.count === 'awaiting' ? (
              <AwaitingNavLabel label={t(item.labelKey)} />
            ) : item.count === 'handovers' ? (
              <HandoverNavLabel label={t(item.labelKey)} />
            ) : item.count === 'urgent' ? (
              <UrgentNavLabel label={t(item.labelKey)} />
            ) : (
              t(item.labelKey)
            )}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** Closes a popup on Esc (focus back to its button) and on a click outside. */
function useDismiss(
  open: boolean,
  close: () => void,
  container: React.RefObject<HTMLElement | null>,
  button: React.RefObject<HTMLElement | null>,
) {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        close();
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (container.current && !container.current.contains(e.target as Node)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open, close, container, button]);
}

function UserMenu({ session, onSignOut }: { session: SessionInfo; onSignOut: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, container, button);
  return (
    <div className="user-menu" ref={container}>
      <button
        ref={button}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">{t('layout.userMenu', { name: session.user.displayName })}</span>
        <span aria-hidden="true">
          {t('layout.signedInAs', { name: session.user.displayName })} <span className="caret">▾</span>
        </span>
      </button>
      <ul id={menuId} className="user-menu__list" hidden={!open}>
        <li>
          <Link to="/account" className="user-menu__item" onClick={close}>
            {t('nav.account')}
          </Link>
        </li>
        <li>
          <button type="button" className="user-menu__item" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </li>
      </ul>
    </div>
  );
}

function PhoneMenu({ session, onSignOut }: { session: SessionInfo; onSignOut: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, container, button);
  return (
    <div className="phone-menu" ref={container}>
      <button
        ref={button}
        type="button"
        className="phone-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="phone-menu__icon" aria-hidden="true">
          {open ? '×' : '☰'}
        </span>
        {open ? t('layout.closeMenu') : t('layout.menu')}
        {open || !actsForOrganisation(session) ? null : <AwaitingCountBadge />}
      </button>
      <div id={panelId} className="phone-menu__panel" hidden={!open}>
        <nav aria-label={t('layout.mainNavigation')} className="main-nav main-nav--phone">
          <MainNav session={session} onNavigate={close} />
        </nav>
        <div className="phone-menu__section">
          <OrganisationSwitcher session={session} idPrefix="phone" />
        </div>
        <div className="phone-menu__section">
          <p className="phone-menu__user">{t('layout.signedInAs', { name: session.user.displayName })}</p>
          <ul className="phone-menu__links">
            <li>
              <Link to="/account" className="main-nav__link" onClick={close}>
                {t('nav.account')}
              </Link>
            </li>
            <li>
              <button type="button" className="main-nav__link" onClick={onSignOut}>
                {t('nav.signOut')}
              </button>
            </li>
          </ul>
        </div>
        <div className="phone-menu__section">
          <LanguageSwitch />
        </div>
      </div>
    </div>
  );
}

/** The frame of every signed-in screen: header, navigation, main landmark. */
export function AppLayout({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery(PHONE_QUERY);
  const signOut = useSignOut();
  useSessionActivity(session.idleTimeoutSeconds);
  useFocusOnNavigation();
  useLiveUpdates(session);
  useKeepPhoneNumbersOnDevice();
  const online = useOnline();
  const onSignOut = () => signOut.mutate();

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('layout.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__bar">
          <Link to="/" className="brand">
            {t('common.appName')}
          </Link>
          {isPhone ? (
            <>
              <NotificationsLink />
              <PhoneMenu session={session} onSignOut={onSignOut} />
            </>
          ) : (
            <>
              <div className="app-header__org">
                <OrganisationSwitcher session={session} idPrefix="header" />
              </div>
              <div className="app-header__tools">
                <NotificationsLink />
                <LanguageSwitch />
                <UserMenu session={session} onSignOut={onSignOut} />
              </div>
            </>
          )}
        </div>
        {isPhone ? null : (
          <nav aria-label={t('layout.mainNavigation')} className="main-nav">
            <MainNav session={session} />
          </nav>
        )}
      </header>
      <AwaitingBanner />
      <main id="main" className="app-main" tabIndex={-1}>
        {online ? null : <OfflineNotice />}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="app-footer">
        <p>
          {t('common.appName')} — {t('common.appTagline')}
        </p>
      </footer>
    </div>
  );
}
