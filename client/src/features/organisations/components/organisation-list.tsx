import type { Organisation } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

/** Search results as cards: name, kind, sector, address and a phone number one tap away. */
export function OrganisationList({
  organisations,
  regionNames,
}: {
  organisations: readonly Organisation[];
  regionNames: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <ul className="card-list">
      {organisations.map((o) => (
        <li key={o.id} className="card">
          <h2 className="card__title">
            <Link to={`/organisations/${o.id}`}>{o.name}</Link>
          </h2>
          <p className="card__kana">{o.kana}</p>
          <p className="card__meta">
            <Badge tone="info">{t(`enums.sector.${o.sector}`)}</Badge>{' '}
            <span>{t(`enums.organisationKind.${o.kind}`)}</span>
          </p>
          <dl className="card__facts">
            {o.address ? (
              <div>
                <dt>{t('organisations.address')}</dt>
                <dd>{o.address}</dd>
              </div>
            ) : null}
            {o.phone ? (
              <div>
                <dt>{t('organisations.phone')}</dt>
                <dd>
                  <PhoneLink number={o.phone} />
                </dd>
              </div>
            ) : null}
            {o.regionIds.length ? (
              <div>
                <dt>{t('organisations.regions')}</dt>
                <dd>{o.regionIds.map((id) => regionNames.get(id) ?? id).join(t('common.listSeparator'))}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('organisations.staffCount')}</dt>
              <dd>{t('organisations.staffCountValue', { count: o.staffCount })}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
