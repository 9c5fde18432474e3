import type { ja } from './ja.ts';

// Typed keys: t('auth.signInTitle') is checked at compile time against ja.ts.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}
