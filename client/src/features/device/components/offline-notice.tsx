import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { KeptPhoneNumbers } from './kept-phone-numbers.tsx';

/**
 * Offline: says so, what does not work now, and the chain's phone numbers kept on this device,
 * so a coordinator whose phone lost its connection at night can still call. `onRetry` offers to
 * try again (it also happens by itself when the device is back online).
 */
export function OfflineNotice({ onRetry }: { onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warning" title={t('device.offline.title')}>
      <p>{t('device.offline.lead')}</p>
      <p className="offline__phones-title">
        <strong>{t('device.offline.phonesTitle')}</strong> {t('device.offline.phonesLead')}
      </p>
      <KeptPhoneNumbers />
      {onRetry ? (
        <div>
          <Button small onClick={onRetry}>
            {t('device.offline.retry')}
          </Button>
        </div>
      ) : null}
    </Notice>
  );
}
