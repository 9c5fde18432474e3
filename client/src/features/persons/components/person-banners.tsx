import type { DoNotTellWarning } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { doNotTellQueryOptions } from '../api/persons.ts';

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

/**
 * 一切伝えてはいけない人: whenever the person named someone who must never be told anything, every
 * reader of the person sees it first — by name and relationship where they may see the person's
 * identity (the server decides: `contacts` is null otherwise), else only that there is someone.
 * Wherever night staff look: the person page, the urgent case, the crisis plan, the consultation
 * form, liaison-sheet creation. Never printed on anything that leaves the team.
 */
export function ExcludedContactsBanner({
  warning,
  href,
  className,
}: {
  warning: DoNotTellWarning;
  href?: string;
  /** e.g. no-print: a printout may leave the team. */
  className?: string;
}) {
  const { t } = useTranslation();
  if (!warning.present) return null;
  const names = (warning.contacts ?? [])
    .map((c) => `${c.name}${t('common.paren', { text: t(`enums.contactRelationship.${c.relationship}`) })}`)
    .join(t('common.listSeparator'));
  return (
    <div
      className={['banner banner--excluded', className].filter(Boolean).join(' ')}
      role="region"
      aria-labelledby="excluded-banner-title"
    >
      <p id="excluded-banner-title" className="banner__title">
        <span aria-hidden="true">⚠ </span>
        {warning.contacts ? t('persons.excludedBannerTitle') : t('night.doNotTell.title')}
      </p>
      <p>{warning.contacts ? t('persons.excludedBannerBody', { names }) : t('night.doNotTell.anonymous')}</p>
      {(warning.contacts ?? [])
        .filter((c) => c.note)
        .map((c, i) => (
          <p key={i}>{t('night.doNotTell.note', { note: `${c.name}: ${c.note ?? ''}` })}</p>
        ))}
      {href ? (
        <p>
          <a href={href}>{t('persons.excludedBannerLink')}</a>
        </p>
      ) : null}
    </div>
  );
}

/** The same warning for a screen that has only the person's id (the crisis plan, the consultation form, liaison). */
export function PersonDoNotTellBanner({ personId, className }: { personId: string; className?: string }) {
  const warning = useQuery(doNotTellQueryOptions(personId));
  if (!warning.data) return null;
  return <ExcludedContactsBanner warning={warning.data} {...(className ? { className } : {})} />;
}
