import type { OnCallNow } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatShortDateTime } from '../../../lib/format.ts';
import { ShiftPerson, type RegionNameOf } from './shift-summary.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

/**
 * 今の当番: for each region of my area, who answers now (primary, backup, the phone to call) and
 * until when; said loudly where no one does. Built for a night-duty coordinator on a phone:
 * the phone number first, one card per region.
 */
export function OnCallNowList({ now, regionName }: { now: OnCallNow; regionName: RegionNameOf }) {
  const { t } = useTranslation();
  if (!now.regions.length) return <p>{t('onCall.now.noRegions')}</p>;
  return (
    <>
      <ul className="now-list">
        {now.regions.map((r) => {
          const s = r.current;
          return (
            <li key={r.regionId} className={`now-card ${s ? '' : 'now-card--gap'}`}>
              <h2 className="now-card__region">{regionName(r.regionId)}</h2>
              {s ? (
                <>
                  <p className="now-card__who">
                    <span className="now-card__label">{t('onCall.primary')}</span>{' '}
                    <strong>
                      <ShiftPerson person={s.primary} />
                    </strong>
                    {s.backup ? (
                      <>
                        {' '}
                        <span className="now-card__label">{t('onCall.backup')}</span>{' '}
                        <ShiftPerson person={s.backup} />
                      </>
                    ) : null}
                  </p>
                  {s.contactPhone ? (
                    <p className="now-card__phone">
                      <span className="now-card__label">{t('onCall.phone')}</span>{' '}
                      <PhoneLink number={s.contactPhone} />
                    </p>
                  ) : null}
                  <p className="muted">
                    {t('onCall.now.byUntil', {
                      organisation: s.organisationName,
                      time: formatShortDateTime(s.endsAt),
                    })}
                    {r.coveredVia && r.coveredVia !== r.regionId
                      ? t('common.paren', { text: t('onCall.now.via', { region: regionName(r.coveredVia) }) })
                      : null}
                  </p>
                  <p>
                    <Link to={`/on-call/shifts/${s.id}`}>{t('onCall.now.openShift')}</Link>
                  </p>
                </>
              ) : (
                <p className="now-card__gap">
                  <span aria-hidden="true">⚠ </span>
                  {t('onCall.now.nobody')}
                </p>
              )}
              {r.next ? (
                <p className="muted">
                  {t('onCall.now.next', {
                    time: formatShortDateTime(r.next.startsAt),
                    name: r.next.primary.displayName,
                    organisation: r.next.organisationName,
                  })}
                </p>
              ) : (
                <p className="muted">{t('onCall.now.noNext')}</p>
              )}
            </li>
          );
        })}
      </ul>
      <p className="muted">{t('onCall.now.at', { time: formatDateTime(now.at) })}</p>
    </>
  );
}
