import type { Organisation } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { BusinessHoursTable } from './business-hours-table.tsx';
import type { RegionChoice } from './region-choices.ts';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

/** What a colleague needs to reach this organisation: kind, contact, hours, areas served. */
export function OrganisationDetails({
  organisation: o,
  regions,
}: {
  organisation: Organisation;
  regions: ReadonlyMap<string, RegionChoice>;
}) {
  const { t } = useTranslation();
  const notSet = <span className="muted">{t('common.notSet')}</span>;
  return (
    <div className="detail-grid">
      <section className="panel stack" aria-labelledby="org-contact">
        <h2 id="org-contact" className="panel__title">
          {t('organisations.contact')}
        </h2>
        <dl className="description-list">
          <div>
            <dt>{t('organisations.sector')}</dt>
            <dd>{t(`enums.sector.${o.sector}`)}</dd>
          </div>
          <div>
            <dt>{t('organisations.kind')}</dt>
            <dd>{t(`enums.organisationKind.${o.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('organisations.postalCode')}</dt>
            <dd>{o.postalCode ? `〒${o.postalCode}` : notSet}</dd>
          </div>
          <div>
            <dt>{t('organisations.address')}</dt>
            <dd>{o.address ?? notSet}</dd>
          </div>
          <div>
            <dt>{t('organisations.phone')}</dt>
            <dd>{o.phone ? <PhoneLink number={o.phone} /> : notSet}</dd>
          </div>
          <div>
            <dt>{t('organisations.fax')}</dt>
            <dd>{o.fax ? <PhoneLink number={o.fax} /> : notSet}</dd>
          </div>
          <div>
            <dt>{t('organisations.staffCount')}</dt>
            <dd>{t('organisations.staffCountValue', { count: o.staffCount })}</dd>
          </div>
          <div>
            <dt>{t('organisations.updatedAt')}</dt>
            <dd>{formatDateTime(o.updatedAt)}</dd>
          </div>
        </dl>
      </section>
      <section className="panel stack" aria-labelledby="org-hours">
        <h2 id="org-hours" className="panel__title">
          {t('organisations.businessHours')}
        </h2>
        {o.businessHours.length ? (
          <BusinessHoursTable hours={o.businessHours} caption={t('organisations.businessHours')} />
        ) : (
          <p>{t('organisations.noHours')}</p>
        )}
      </section>
      <section className="panel stack" aria-labelledby="org-regions">
        <h2 id="org-regions" className="panel__title">
          {t('organisations.regions')}
        </h2>
        {o.regionIds.length ? (
          <ul className="plain-list">
            {o.regionIds.map((id) => {
              const r = regions.get(id);
              return (
                <li key={id}>
                  {r ? (
                    <>
                      {r.name} <span className="muted">{t('common.paren', { text: r.levelLabel })}</span>
                    </>
                  ) : (
                    id
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{t('organisations.noRegions')}</p>
        )}
      </section>
    </div>
  );
}
