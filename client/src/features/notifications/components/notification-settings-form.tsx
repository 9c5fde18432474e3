import type { EmailMode, NotificationPreferences, UpdateNotificationPreferences } from '@tsunagu/contract';
import { emailModes } from '@tsunagu/contract/enums';
import { UpdateNotificationPreferences as PreferencesSchema } from '@tsunagu/contract/messages';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, Fieldset, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { RadioGroup } from '../../../components/ui/radio-group.tsx';
import { validateAgainst } from '../../../lib/validation.ts';
import { useSaveNotificationPreferences } from '../api/notifications.ts';

const FORM_ID = 'notification-settings';

/**
 * メール通知の設定: at once, once a day, or never; quiet hours (both ends or none; 緊急 always
 * goes through); the time of the daily e-mail. E-mails never carry personal data, and the form
 * says so first.
 */
export function NotificationSettingsForm({ preferences }: { preferences: NotificationPreferences }) {
  const { t } = useTranslation();
  const [emailMode, setEmailMode] = useState<EmailMode>(preferences.emailMode);
  const [useQuiet, setUseQuiet] = useState(preferences.quietStart !== null);
  const [quietStart, setQuietStart] = useState(preferences.quietStart ?? '22:00');
  const [quietEnd, setQuietEnd] = useState(preferences.quietEnd ?? '07:00');
  const [digestTime, setDigestTime] = useState(preferences.digestTime);
  const [saved, setSaved] = useState(false);
  const form = useFormProblems(FORM_ID);
  const save = useSaveNotificationPreferences();
  const labels = {
    emailMode: t('notifications.settings.emailMode'),
    quietStart: t('notifications.settings.quietStart'),
    quietEnd: t('notifications.settings.quietEnd'),
    digestTime: t('notifications.settings.digestTime'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: UpdateNotificationPreferences = {
      emailMode,
      quietStart: useQuiet ? quietStart : null,
      quietEnd: useQuiet ? quietEnd : null,
      digestTime,
    };
    const errors = await validateAgainst(PreferencesSchema, body, labels);
    if (useQuiet && (!quietStart || !quietEnd)) {
      errors[quietStart ? 'quietEnd' : 'quietStart'] = t('notifications.settings.quietBoth');
    }
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    save.mutate(body, { onSuccess: () => setSaved(true), onError: form.failRequest });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-medium">
      <Notice tone="info" live={false}>
        <p>{t('notifications.settings.privacy')}</p>
      </Notice>
      {saved ? <Notice tone="success">{t('notifications.settings.saved')}</Notice> : null}
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <RadioGroup
        {...form.field('emailMode')}
        legend={labels.emailMode}
        options={emailModes.map((m) => ({
          value: m,
          label: t(`notifications.settings.modes.${m}`),
          description: t(`notifications.settings.modeDescriptions.${m}`),
        }))}
        value={emailMode}
        onChange={(v) => setEmailMode(v as EmailMode)}
      />
      {emailMode === 'digest' ? (
        <TextField
          {...form.field('digestTime')}
          className="field--short"
          type="time"
          label={labels.digestTime}
          required
          value={digestTime}
          onChange={(e) => setDigestTime(e.target.value)}
        />
      ) : null}
      {emailMode === 'never' ? null : (
        <Fieldset legend={t('notifications.settings.quiet')}>
          <p id={`${FORM_ID}-quiet-hint`} className="field__hint">
            {t('notifications.settings.quietHint')}
          </p>
          <CheckboxField
            id={`${FORM_ID}-useQuiet`}
            label={t('notifications.settings.quietUse')}
            checked={useQuiet}
            onChange={(e) => setUseQuiet(e.target.checked)}
          />
          {useQuiet ? (
            <div className="quiet-hours">
              <TextField
                {...form.field('quietStart')}
                className="field--short"
                type="time"
                label={labels.quietStart}
                required
                value={quietStart}
                onChange={(e) => setQuietStart(e.target.value)}
              />
              <span aria-hidden="true" className="quiet-hours__dash">
                {t('notifications.settings.quietTo')}
              </span>
              <TextField
                {...form.field('quietEnd')}
                className="field--short"
                type="time"
                label={labels.quietEnd}
                required
                value={quietEnd}
                onChange={(e) => setQuietEnd(e.target.value)}
              />
            </div>
          ) : null}
        </Fieldset>
      )}
      <div>
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel={t('common.saving')}>
          {t('notifications.settings.submit')}
        </Button>
      </div>
    </form>
  );
}
