import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatShortDateTime } from '../../../lib/format.ts';
import { usePushState } from '../use-push-state.ts';

/**
 * On the on-call screen (and beside 当番中です on the home page), for a coordinator with a shift now
 * or within the week: a warning when this device cannot receive the night's pushes (blocked, never
 * turned on, a browser without push), with the way to the settings page that checks it. Nothing
 * when it can.
 */
export function OnCallPushWarning({
  shift,
  now,
}: {
  shift: { startsAt: string; endsAt: string };
  now: Date;
}) {
  const { t } = useTranslation();
  // Read only: the on-call screen does not re-register the device each visit.
  const { state } = usePushState({ resave: false });
  if (state === null || state === 'on') return null;
  const isCurrent = Date.parse(shift.startsAt) <= now.getTime();
  return (
    <Notice tone="warning" title={t('device.onCallWarning.title')}>
      <p>
        {isCurrent
          ? t('device.onCallWarning.current', { time: formatShortDateTime(shift.endsAt) })
          : t('device.onCallWarning.next', { time: formatShortDateTime(shift.startsAt) })}{' '}
        {t(`device.onCallWarning.why.${state}`)}
      </p>
      <p>{isCurrent ? t('device.onCallWarning.leadNow') : t('device.onCallWarning.lead')}</p>
      <p>
        <Link to="/notifications/settings">{t('device.onCallWarning.link')}</Link>
      </p>
    </Notice>
  );
}
