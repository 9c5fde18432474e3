import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField } from '../../../components/ui/field.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { onCallSessionQueryOptions, useSaveOnCallSession } from '../api/escalations.ts';

/**
 * 当番中のサインイン: the organisation's admin may keep on-call staff signed in until their shift
 * ends, so a coordinator woken at 3:00 reaches the crisis plan without signing in again.
 */
export function OnCallSessionPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const setting = useQuery(onCallSessionQueryOptions(organisationId));
  const save = useSaveOnCallSession(organisationId);
  const [message, setMessage] = useState<string | null>(null);
  // The box follows the tap at once; a failed save puts it back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  if (!setting.isSuccess) return null;
  const checked = chosen ?? setting.data.coversShift;
  return (
    <section className="panel stack section-gap" aria-labelledby="org-on-call-session">
      <h2 id="org-on-call-session" className="panel__title">
        {t('offHours.onCallSession.title')}
      </h2>
      <p className="muted">{t('offHours.onCallSession.lead')}</p>
      <CheckboxField
        id="on-call-session-covers-shift"
        label={t('offHours.onCallSession.label')}
        checked={checked}
        onChange={(e) => {
          const next = e.target.checked;
          setMessage(null);
          setChosen(next);
          save.mutate(next, {
            onSuccess: (saved) =>
              setMessage(t(saved.coversShift ? 'offHours.onCallSession.on' : 'offHours.onCallSession.off')),
            onError: () => setChosen(null),
          });
        }}
      />
      {save.isError ? (
        <Notice tone="error">
          <p>{t('offHours.onCallSession.failed')}</p>
        </Notice>
      ) : null}
      {message ? (
        <Notice tone="success">
          <p>{message}</p>
        </Notice>
      ) : null}
    </section>
  );
}
