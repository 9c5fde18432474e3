import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { turnPushOff, turnPushOn } from '../push-device.ts';
import type { PushStateHandle } from '../use-push-state.ts';

/**
 * 「この端末に通知を受け取る」: Web Push for urgent cases on this browser, with a plain answer
 * when the browser cannot or the user has blocked notifications. `push` is the page's one
 * reading of this browser's state (usePushState), which the test push shares.
 */
export function PushToggle({ push }: { push: PushStateHandle }) {
  const { t } = useTranslation();
  const { state, setState, error, setError } = push;
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);

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
