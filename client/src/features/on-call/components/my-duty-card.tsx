import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatShortDateTime } from '../../../lib/format.ts';
import { myDutyQueryOptions } from '../api/on-call.ts';

/**
 * 当番中です: on the home page of a staff member on duty — 当番（主） or （副）, of which
 * organisation, until when, and the duty phone to carry. Shown only while they are on a shift.
 */
export function MyDutyCard() {
  const { t } = useTranslation();
  const duty = useQuery(myDutyQueryOptions);
  const shifts = duty.data?.shifts ?? [];
  if (!shifts.length) return null;
  return (
    <section aria-labelledby="home-my-duty" className="panel stack my-duty">
      <h2 id="home-my-duty" className="panel__title">
        {t('night.myDuty.title')}
      </h2>
      <ul className="stack">
        {shifts.map((s) => (
          <li key={s.id} className="stack stack--tight">
            <p>
              <strong>
                {t('night.myDuty.line', {
                  organisation: s.organisationName,
                  role: t(`night.myDuty.role.${s.role}`),
                  time: formatShortDateTime(s.endsAt),
                })}
              </strong>
            </p>
            {s.contactPhone ? (
              <p>
                <span>{t('night.myDuty.phone')}</span> <PhoneLink number={s.contactPhone} />
              </p>
            ) : null}
            {s.regionNames.length ? (
              <p className="muted">
                {t('night.myDuty.regions', { regions: s.regionNames.join(t('common.listSeparator')) })}
              </p>
            ) : null}
            <p>
              <Link to={`/on-call/shifts/${s.id}`}>{t('onCall.now.openShift')}</Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
