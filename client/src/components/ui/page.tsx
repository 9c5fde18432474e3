import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { takeHeadingFocus } from '../../lib/focus-on-navigation.ts';
import { Notice } from './notice.tsx';

/** Sets the browser tab's title: "画面名 | つなぐ". */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  const appName = t('common.appName');
  useEffect(() => {
    document.title = title ? `${title} | ${appName}` : appName;
  }, [title, appName]);
}

/**
 * The top of every screen: the one <h1> (focusable, so navigation can move focus to it),
 * the tab title, an optional lead and actions.
 */
export function PageHeader({
  title,
  lead,
  actions,
  eyebrow,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}) {
  useDocumentTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeHeadingFocus()) heading.current?.focus();
  }, []);
  return (
    <div className="page-header">
      <div className="page-header__text">
        {eyebrow ? <p className="page-header__eyebrow">{eyebrow}</p> : null}
        <h1 className="page-header__title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {lead ? <div className="page-header__lead">{lead}</div> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}

/** Router state that carries a one-time message to the next screen ("登録しました"). */
export interface FlashState {
  flash?: string;
}

/** Shows the message a previous screen left in the router state. */
export function FlashMessage() {
  const location = useLocation();
  const state = location.state as FlashState | null;
  if (!state?.flash) return null;
  return <Notice tone="success">{state.flash}</Notice>;
}
