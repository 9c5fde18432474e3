import type { Certificate } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';

type ExpiryState = NonNullable<Certificate['expiryState']>;
const tones: Record<ExpiryState, BadgeTone> = {
  valid: 'success',
  within_90: 'info',
  within_60: 'warning',
  within_30: 'error',
  expired: 'error',
};

/** 有効 / 90・60・30日以内 / 期限切れ, with the days, in words and colour. */
export function ExpiryBadge({ certificate }: { certificate: Certificate }) {
  const { t } = useTranslation();
  const { expiryState: state, daysUntilExpiry: days } = certificate;
  if (!state || days === null) return null;
  const text =
    state === 'expired'
      ? t('persons.certificates.expiry.expired', { days: -days })
      : days === 0
        ? t('persons.certificates.expiry.expiredToday')
        : t(`persons.certificates.expiry.${state}`, { days });
  return (
    <Badge tone={tones[state]}>
      {state === 'expired' || state === 'within_30' ? <span aria-hidden="true">⚠ </span> : null}
      {text}
    </Badge>
  );
}
