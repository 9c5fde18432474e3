import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { readPushState, turnPushOff, turnPushOn, type PushState } from '../push-device.ts';

/**
 * 「この端末に通知を受け取る」: Web Push for urgent cases on this browser, with a plain answer
 * when the browser cannot or the user has blocked notifications.
 */
export function PushToggle() {
  const { t } = useTranslation();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    let live = true;
    readPushState().then(
      (s) => live && setState(s),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  async function change(on: boolean) {
    setBusy(true);
    setError(null);
    try {
      setState(await (on ? turnPushOn() : turnPushOff()));
      setChanged(true);
    } catch (e) {
      setError(e instanceof DOMException ? t('offHours.push.failed') : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <p>{t('offHours.push.lead')}</p>
      {state === null && !error ? <p className="muted">{t('common.loading')}</p> : null}
      {state === 'unsupported' ? <Notice tone="warning">{t('offHours.push.unsupported')}</Notice> : null}
      {state === 'denied' ? <Notice tone="warning">{t('offHours.push.denied')}</Notice> : null}
      {state === 'unavailable' ? <Notice tone="info">{t('offHours.push.unavailable')}</Notice> : null}
      {state === 'on' || state === 'off' ? (
        <p role="status" className="push-toggle__state">
          <strong>{state === 'on' ? t('offHours.push.isOn') : t('offHours.push.isOff')}</strong>
          {changed && state === 'on' ? ` ${t('offHours.push.turnedOn')}` : null}
        </p>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {state === 'off' ? (
        <div>
          <Button
            variant="primary"
            busy={busy}
            busyLabel={t('common.saving')}
            onClick={() => void change(true)}
          >
            {t('offHours.push.turnOn')}
          </Button>
        </div>
      ) : null}
      {state === 'on' ? (
        <div>
          <Button busy={busy} busyLabel={t('common.saving')} onClick={() => void change(false)}>
            {t('offHours.push.turnOff')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
