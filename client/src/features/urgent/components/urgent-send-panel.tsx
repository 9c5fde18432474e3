import type { InformationCategory, UrgentPreview } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { CheckboxField, TextAreaField, TextField } from '../../../components/ui/field.tsx';
import { Fieldset } from '../../../components/ui/form.tsx';
import { Loading } from '../../../components/ui/notice.tsx';

/** The sender's choices for the emergency exception (緊急時の例外). */
export interface ExceptionChoice {
  on: boolean;
  protectsLifeOrBody: boolean;
  consentDifficult: boolean;
  reason: string;
}

export const noException: ExceptionChoice = {
  on: false,
  protectsLifeOrBody: false,
  consentDifficult: false,
  reason: '',
};

/** Whether the exception is worth offering: some recipient now cannot read the category. */
export const someoneCannotRead = (preview: UrgentPreview | undefined) =>
  preview?.recipients.some((r) => !r.canRead) ?? false;

type FieldProps = (field: string) => { id: string; error: string | undefined };

/**
 * The composer's 至急・緊急 part, before sending: who receives the case now and whether each can
 * read the chosen category (the server's answer), the number to call back (prefilled with the
 * organisation's, required for 緊急), and — for a 緊急 some recipient cannot read — the emergency
 * exception with both its conditions and a reason.
 */
export function UrgentSendPanel({
  priority,
  category,
  preview,
  loading,
  callbackPhone,
  onCallbackPhone,
  exception,
  onException,
  field,
}: {
  priority: 'urgent' | 'emergency';
  category: InformationCategory;
  preview: UrgentPreview | undefined;
  loading: boolean;
  callbackPhone: string;
  onCallbackPhone: (value: string) => void;
  exception: ExceptionChoice;
  onException: (value: ExceptionChoice) => void;
  field: FieldProps;
}) {
  const { t } = useTranslation();
  const categoryName = t(`enums.category.${category}`);
  const set = (change: Partial<ExceptionChoice>) => onException({ ...exception, ...change });
  return (
    <div className="stack urgent-send">
      <section className="stack stack--tight" aria-labelledby="urgent-send-title">
        <h3 id="urgent-send-title" className="urgent-words__title">
          {t('night.composer.title')}
        </h3>
        {loading ? <Loading label={t('night.composer.loading')} /> : null}
        {preview ? (
          <>
            {preview.recipients.length ? (
              <ul className="urgent-send__recipients">
                {preview.recipients.map((r) => (
                  <li key={`${r.step}:${r.organisationId ?? ''}`}>
                    {t('night.composer.recipient', {
                      step: t(`night.composer.step.${r.step}`),
                      organisation: r.organisationName,
                      names: r.names.join(t('common.listSeparator')),
                    })}
                    {' — '}
                    <span className={r.canRead ? undefined : 'urgent-send__unreadable'}>
                      {r.canRead
                        ? t('night.composer.canRead', { category: categoryName })
                        : t('night.composer.cannotRead', { category: categoryName })}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('night.composer.nobodyNow')}</p>
            )}
            {preview.later.length ? (
              <p className="muted">{t('night.composer.later', { steps: preview.later.join(' → ') })}</p>
            ) : null}
            {someoneCannotRead(preview) ? <p>{t('night.composer.unreadable')}</p> : null}
          </>
        ) : null}
      </section>
      <TextField
        {...field('callbackPhone')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        label={t('night.composer.callback')}
        hint={t('night.composer.callbackHint')}
        required={priority === 'emergency'}
        maxLength={24}
        value={callbackPhone}
        onChange={(e) => onCallbackPhone(e.target.value)}
      />
      {priority === 'emergency' && preview && someoneCannotRead(preview) ? (
        <div className="stack">
          <CheckboxField
            {...field('emergencyException')}
            label={t('night.composer.exceptionToggle')}
            checked={exception.on}
            onChange={(e) => set({ on: e.target.checked })}
          />
          {exception.on ? (
            <Fieldset legend={t('night.composer.exceptionLegend')}>
              <p className="field__hint">
                {t('night.composer.exceptionLead', { article: preview.exceptionArticle })}
              </p>
              <CheckboxField
                {...field('emergencyException.protectsLifeOrBody')}
                label={t('night.composer.protectsLifeOrBody')}
                checked={exception.protectsLifeOrBody}
                onChange={(e) => set({ protectsLifeOrBody: e.target.checked })}
              />
              <CheckboxField
                {...field('emergencyException.consentDifficult')}
                label={t('night.composer.consentDifficult')}
                checked={exception.consentDifficult}
                onChange={(e) => set({ consentDifficult: e.target.checked })}
              />
              <TextAreaField
                {...field('emergencyException.reason')}
                label={t('night.composer.reason')}
                hint={t('night.composer.reasonHint')}
                required
                rows={2}
                maxLength={500}
                value={exception.reason}
                onChange={(e) => set({ reason: e.target.value })}
              />
            </Fieldset>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
