import type { StaffMember } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { StaffStatus } from './staff-status.tsx';

/** An account's facts: reading, e-mail, state, last sign-in. */
export function StaffDetails({ staff }: { staff: StaffMember }) {
  const { t } = useTranslation();
  return (
    <dl className="description-list">
      <div>
        <dt>{t('staff.kana')}</dt>
        <dd>{staff.kana}</dd>
      </div>
      <div>
        <dt>{t('staff.email')}</dt>
        <dd className="break">{staff.email}</dd>
      </div>
      <div>
        <dt>{t('staff.status')}</dt>
        <dd>
          <StaffStatus staff={staff} />
          {staff.hasTwoFactor ? <span className="visually-hidden">{t('staff.twoFactorOn')}</span> : null}
        </dd>
      </div>
      <div>
        <dt>{t('staff.lastSignIn')}</dt>
        <dd>{staff.lastSignInAt ? formatDateTime(staff.lastSignInAt) : t('staff.neverSignedIn')}</dd>
      </div>
    </dl>
  );
}
