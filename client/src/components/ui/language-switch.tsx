import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, languages } from '../../lib/i18n/index.ts';

/** 日本語 / English, each label in its own language, remembered on this device. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const active = currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {languages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="language-switch__button"
          aria-pressed={active === lang}
          onClick={() => void changeLanguage(lang)}
        >
          {t(`language.${lang}`)}
        </button>
      ))}
    </div>
  );
}
