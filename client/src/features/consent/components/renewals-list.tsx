import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { formatDate } from '../../../lib/format.ts';
import type { Renewal } from '../api/grants.ts';

/** 同意の更新: consents that have run out or will within 30 days, on teams my organisation leads. */
export function RenewalsList({ renewals }: { renewals: readonly Renewal[] }) {
  const { t } = useTranslation();
  return (
    <ul className="renewal-list">
      {renewals.map((r) => (
        <li key={r.grantId} className="renewal">
          <p className="renewal__head">
            <Link to={`/persons/${r.personId}#consent`} className="renewal__person">
              {r.personName}
            </Link>
            <span>→ {r.organisationName}</span>
            <Badge tone={r.daysUntilExpiry < 0 ? 'error' : 'warning'}>
              {r.daysUntilExpiry < 0
                ? t('consent.renewalExpired', { days: -r.daysUntilExpiry })
                : r.daysUntilExpiry === 0
                  ? t('consent.renewalToday')
                  : t('consent.renewalDays', { days: r.daysUntilExpiry })}
            </Badge>
          </p>
          <p className="muted">
            {t('consent.expiresOn')}: {formatDate(r.expiresOn)} ・{' '}
            {r.categories.map((c) => t(`enums.category.${c}`)).join(t('common.listSeparator'))}
          </p>
        </li>
      ))}
    </ul>
  );
}
