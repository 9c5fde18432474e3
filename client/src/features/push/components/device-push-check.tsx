import type { TestPushResult } from '@tsunagu/contract';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { sendTestPush } from '../api/push.ts';
import { notificationPermission, thisDeviceEndpoint } from '../push-device.ts';
import { usePushState } from '../use-push-state.ts';
import { PushToggle } from './push-toggle.tsx';

const testOutcomeKey = {
  sent: 'device.test.sent',
  gone: 'device.test.gone',
  failed: 'device.test.failed',
} as const;

/** The browser's permission for tsunagu's notifications, in words. */
function PermissionStatus() {
  const { t } = useTranslation();
  const permission = notificationPermission();
  const text =
    permission === 'granted'
      ? t('device.permission.granted')
      : permission === 'denied'
        ? t('offHours.push.denied')
        : permission === 'default'
          ? t('device.permission.default')
          : t('device.permission.unsupported');
  return <p>{text}</p>;
}

/**
 * Whether this device will receive a night's pushes, step by step: the browser's permission, this
 * device's subscription (on/off), and a test push the person can watch arrive.
 */
export function DevicePushCheck({ headingLevel = 3 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const push = usePushState();
  const Heading = `h${headingLevel}` as const;
  const test = useMutation({
    mutationFn: async (): Promise<TestPushResult> => {
      const endpoint = await thisDeviceEndpoint();
      if (!endpoint) return { outcome: 'gone', status: null };
      return sendTestPush(endpoint);
    },
    onSuccess: ({ outcome }) => {
      if (outcome === 'gone') push.setState('off');
    },
  });

  return (
    <>
      <div className="stack subpanel">
        <Heading className="panel__subtitle">{t('device.permission.title')}</Heading>
        <PermissionStatus />
      </div>
      <div className="stack subpanel">
        <Heading className="panel__subtitle">{t('offHours.push.title')}</Heading>
        <PushToggle push={push} />
      </div>
      <div className="stack subpanel">
        <Heading className="panel__subtitle">{t('device.test.title')}</Heading>
        <p>{t('device.test.lead')}</p>
        {push.state === 'on' ? (
          <div>
            <Button busy={test.isPending} busyLabel={t('device.test.sending')} onClick={() => test.mutate()}>
              {t('device.test.send')}
            </Button>
          </div>
        ) : (
          <p className="muted">{t('device.test.needsOn')}</p>
        )}
        {test.isSuccess ? (
          <Notice tone={test.data.outcome === 'sent' ? 'success' : 'warning'}>
            {t(testOutcomeKey[test.data.outcome])}
          </Notice>
        ) : null}
        {test.isError ? <Notice tone="error">{messageOf(test.error)}</Notice> : null}
      </div>
    </>
  );
}
