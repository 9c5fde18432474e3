import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { onCallSessionQueryOptions, useSaveOnCallSession } from '../api/escalations.ts';

type Section = 'session' | 'grace';

/**
 * The organisation's on-call settings (its admin): 当番中のサインイン keeps on-call staff signed in
 * until their shift ends, so a coordinator woken at 3:00 reaches the crisis plan without signing in
 * again; and how long after a shift ends its backup is still the one asked about the cases that
 * shift took. Each section shows the outcome of its own last save.
 */
export function OnCallSessionPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const setting = useQuery(onCallSessionQueryOptions(organisationId));
  const save = useSaveOnCallSession(organisationId);
  const [feedback, setFeedback] = useState<{ section: Section; ok: boolean; text: string } | null>(null);
  // The box follows the tap at once; a failed save puts it back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [grace, setGrace] = useState<string | null>(null);
  if (!setting.isSuccess) return null;
  const checked = chosen ?? setting.data.coversShift;
  const graceText = grace ?? String(setting.data.backupGraceMinutes);
  const failed = (section: Section) => (error: unknown) =>
    setFeedback({ section, ok: false, text: messageOf(error) || t('offHours.onCallSession.failed') });

  function saveGrace(e: FormEvent) {
    e.preventDefault();
    setFeedback(null);
    save.mutate(
      { backupGraceMinutes: Number(graceText) },
      {
        onSuccess: (saved) => {
          setGrace(null);
          setFeedback({
            section: 'grace',
            ok: true,
            text: t('offHours.onCallSession.graceSaved', { minutes: saved.backupGraceMinutes }),
          });
        },
        onError: failed('grace'),
      },
    );
  }

  const outcome = (section: Section) =>
    feedback?.section === section ? (
      <Notice tone={feedback.ok ? 'success' : 'error'}>
        <p>{feedback.text}</p>
      </Notice>
    ) : null;

  return (
    <>
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
            setFeedback(null);
            setChosen(next);
            save.mutate(
              { coversShift: next },
              {
                onSuccess: (saved) =>
                  setFeedback({
                    section: 'session',
                    ok: true,
                    text: t(saved.coversShift ? 'offHours.onCallSession.on' : 'offHours.onCallSession.off'),
                  }),
                onError: (error) => {
                  setChosen(null);
                  failed('session')(error);
                },
              },
            );
          }}
        />
        {outcome('session')}
      </section>
      <section className="panel stack section-gap" aria-labelledby="org-on-call-grace">
        <h2 id="org-on-call-grace" className="panel__title">
          {t('offHours.onCallSession.graceTitle')}
        </h2>
        <form className="stack" onSubmit={saveGrace} noValidate>
          <TextField
            id="on-call-backup-grace"
            className="field--short"
            type="number"
            inputMode="numeric"
            min={0}
            max={240}
            label={t('offHours.onCallSession.graceLabel')}
            hint={t('offHours.onCallSession.graceHint')}
            value={graceText}
            onChange={(e) => setGrace(e.target.value)}
          />
          <div className="button-row">
            <Button type="submit" busy={save.isPending}>
              {t('offHours.onCallSession.graceSave')}
            </Button>
          </div>
        </form>
        {outcome('grace')}
      </section>
    </>
  );
}
