import type { StaffMember } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';

/** An account's state in words: active or disabled, two-factor, pending password change. */
export function StaffStatus({ staff }: { staff: StaffMember }) {
  const { t } = useTranslation();
  return (
    <span className="badge-row">
      {staff.isDisabled ? (
        <Badge tone="error">{t('staff.statusDisabled')}</Badge>
      ) : (
        <Badge tone="success">{t('staff.statusActive')}</Badge>
      )}
      {staff.hasTwoFactor ? null : <Badge tone="warning">{t('staff.twoFactorOff')}</Badge>}
      {staff.mustChangePassword ? <Badge tone="warning">{t('staff.mustChangePassword')}</Badge> : null}
      {staff.isSystemAdmin ? <Badge tone="info">{t('staff.systemAdmin')}</Badge> : null}
    </span>
  );
}
