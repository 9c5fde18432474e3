import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import {
  acceptInstallOffer,
  isAppleMobile,
  isInstalledApp,
  useInstallOffer,
} from '../../../lib/app-shell.ts';

/**
 * アプリとして使う: whether tsunagu runs from the home screen here, and how to get it there — the
 * browser's own offer as a button where it makes one, else the steps for iPhone (where push needs
 * it) and for Android and computers.
 */
export function InstallStatus() {
  const { t } = useTranslation();
  const offer = useInstallOffer();
  const [accepted, setAccepted] = useState(false);
  if (isInstalledApp() || accepted) {
    return (
      <p role="status">
        <strong>{accepted ? t('device.install.accepted') : t('device.install.installed')}</strong>
      </p>
    );
  }
  return (
    <div className="stack">
      <p>
        <strong>{t('device.install.notInstalled')}</strong> {t('device.install.why')}
      </p>
      {isAppleMobile() ? (
        <Notice tone="info" live={false}>
          <p>{t('device.install.apple')}</p>
        </Notice>
      ) : (
        <p>{t('device.install.others')}</p>
      )}
      {offer ? (
        <div>
          <Button onClick={() => void acceptInstallOffer(offer).then(setAccepted)}>
            {t('device.install.offer')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
