import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/ui/language-switch.tsx';
import { useDocumentTitle } from '../../components/ui/page.tsx';

/** The frame of the sign-in steps: a calm single column, the app's name, the language switch. */
export function AuthLayout({
  title,
  children,
  wide,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  useDocumentTitle(title);
  return (
    <div className="auth">
      <a href="#main" className="skip-link">
        {t('layout.skipToContent')}
      </a>
      <header className="auth__header">
        <p className="brand brand--auth">{t('common.appName')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" className={['auth__main', wide ? 'auth__main--wide' : ''].join(' ')} tabIndex={-1}>
        <p className="auth__tagline">{t('common.appTagline')}</p>
        <div className="auth__card">
          <h1 className="auth__title">{title}</h1>
          {children}
        </div>
      </main>
    </div>
  );
}
