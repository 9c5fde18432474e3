import type { Contact } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';

/** Shown at the top of the page while the caller reads under break-glass. */
export function EmergencyBanner({ until }: { until: string }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner--emergency" role="region" aria-labelledby="emergency-banner-title">
      <p id="emergency-banner-title" className="banner__title">
        <span aria-hidden="true">⚠ </span>
        {t('persons.emergencyBannerTitle', { time: formatDateTime(until) })}
      </p>
      <p>{t('persons.emergencyBannerBody')}</p>
    </div>
  );
}

/** Whenever the person named someone who must never be told anything, everyone sees it first. */
export function ExcludedContactsBanner({ contacts, href }: { contacts: readonly Contact[]; href: string }) {
  const { t } = useTranslation();
  const excluded = contacts.filter((c) => c.isExcluded);
  if (!excluded.length) return null;
  const names = excluded
    .map((c) => `${c.name}${t('common.paren', { text: t(`enums.contactRelationship.${c.relationship}`) })}`)
    .join(t('common.listSeparator'));
  return (
    <div className="banner banner--excluded" role="region" aria-labelledby="excluded-banner-title">
      <p id="excluded-banner-title" className="banner__title">
        <span aria-hidden="true">⚠ </span>
        {t('persons.excludedBannerTitle')}
      </p>
      <p>{t('persons.excludedBannerBody', { names })}</p>
      <p>
        <a href={href}>{t('persons.excludedBannerLink')}</a>
      </p>
    </div>
  );
}
