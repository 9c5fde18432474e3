import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ja } from './ja.ts';

/** The locales we ship; Japanese first and the default. */
export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'tsunagu.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'ja';
  } catch {
    // Private browsing on old browsers can refuse localStorage; Japanese is the safe default.
    return 'ja';
  }
}

/** The one i18next instance; initialised synchronously because the resources are bundled. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'ja',
  interpolation: { escapeValue: false }, // React escapes already.
  returnNull: false,
  initAsync: false,
});

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
}
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/**
 * The text of a key built at run time (an error code, an audit action), or null when we have
 * none; typed keys cannot check such keys at compile time.
 */
export function translateIfExists(key: string): string | null {
  return i18n.exists(key) ? (i18n.t as (k: string) => string)(key) : null;
}

/** The current language as one of ours. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'ja';
}

/** Switches the language and remembers it on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18n.changeLanguage(language);
}
