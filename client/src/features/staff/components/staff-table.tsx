import type { StaffMember } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format.ts';
import { StaffStatus } from './staff-status.tsx';

/** Staff as a table on a desk, as cards on a phone (the same markup, restyled). */
export function StaffTable({
  staff,
  caption,
  showLastSignIn = true,
}: {
  staff: readonly StaffMember[];
  caption: string;
  showLastSignIn?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.displayName')}</th>
            <th scope="col">{t('staff.memberships')}</th>
            <th scope="col">{t('staff.status')}</th>
            {showLastSignIn ? <th scope="col">{t('staff.lastSignIn')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id}>
              <th scope="row" data-label={t('staff.displayName')}>
                <Link to={`/staff/${s.id}`}>{s.displayName}</Link>
                <span className="table__sub">{s.kana}</span>
              </th>
              <td data-label={t('staff.memberships')}>
                {s.memberships.length ? (
                  <ul className="plain-list">
                    {s.memberships.map((m) => (
                      <li key={m.organisationId}>
                        {m.organisationName}
                        <span className="table__sub">
                          {t(`enums.profession.${m.profession}`)}・{t(`enums.membershipRole.${m.role}`)}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{t('staff.noMemberships')}</span>
                )}
              </td>
              <td data-label={t('staff.status')}>
                <StaffStatus staff={s} />
              </td>
              {showLastSignIn ? (
                <td data-label={t('staff.lastSignIn')}>
                  {s.lastSignInAt ? (
                    formatDateTime(s.lastSignInAt)
                  ) : (
                    <span className="muted">{t('staff.neverSignedIn')}</span>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
