import { useTranslation } from 'react-i18next';
import { Notice } from './notice.tsx';

/**
 * Says plainly that the organisation has no consent for a category, in words that never tell
 * whether anything exists behind it.
 */
export function NoConsentNotice({ categoryLabel }: { categoryLabel: string }) {
  const { t } = useTranslation();
  return (
    <Notice tone="info" live={false}>
      <p>{t('persons.noConsent', { category: categoryLabel })}</p>
    </Notice>
  );
}
