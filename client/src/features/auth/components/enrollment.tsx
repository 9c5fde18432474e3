import type { EnrollmentConfirmed, SessionInfo } from '@tsunagu/contract';
import { TotpCodeBody } from '@tsunagu/contract/auth';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { LoadError, Loading } from '../../../components/ui/notice.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { groupsOfFour } from '../../../lib/text.ts';
import { problemsFromError, validateAgainst } from '../../../lib/validation.ts';
import { storeSession } from '../api/session.ts';
import { enrollmentQueryOptions, useConfirmEnrollment } from '../api/sign-in.ts';
import { CodeField } from '../../../components/ui/code-field.tsx';
import { RecoveryCodesPanel } from './recovery-codes-panel.tsx';

const FORM_ID = 'enroll';

/**
 * First sign-in: register an authenticator app (QR code or setup key), prove it with a code,
 * then store the recovery codes. Only then does the session count as signed in here.
 */
export function Enrollment({ session, cancel }: { session: SessionInfo; cancel: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const enrollment = useQuery(enrollmentQueryOptions(session.user.id));
  const confirm = useConfirmEnrollment();
  const [code, setCode] = useState('');
  const [confirmed, setConfirmed] = useState<EnrollmentConfirmed | null>(null);
  const form = useFormProblems(FORM_ID);

  if (confirmed) {
    return (
      <RecoveryCodesPanel
        codes={confirmed.recoveryCodes}
        email={session.user.email}
        doneLabel={t('common.continue')}
        onDone={() => {
          queryClient.removeQueries({ queryKey: enrollmentQueryOptions(session.user.id).queryKey });
          storeSession(queryClient, confirmed.session);
        }}
      />
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { code };
    const errors = await validateAgainst(TotpCodeBody, body, { code: t('auth.code') });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    confirm.mutate(body.code, {
      onSuccess: setConfirmed,
      onError: (error) => {
        const problems = problemsFromError(error);
        if (error instanceof ApiError && error.code === 'INVALID_TOTP')
          problems.fields.code = problems.form ?? '';
        setCode('');
        form.fail(problems);
      },
    });
  }

  return (
    <div className="stack">
      <p>{t('auth.enrollLead')}</p>
      <section className="step" aria-labelledby="enroll-step1">
        <h2 id="enroll-step1" className="step__title">
          {t('auth.enrollStep1')}
        </h2>
        <p>{t('auth.enrollStep1Body')}</p>
      </section>
      <section className="step" aria-labelledby="enroll-step2">
        <h2 id="enroll-step2" className="step__title">
          {t('auth.enrollStep2')}
        </h2>
        <p>{t('auth.enrollStep2Body')}</p>
        {enrollment.isPending ? <Loading label={t('auth.enrollStarting')} /> : null}
        {enrollment.isError ? (
          <LoadError error={enrollment.error} onRetry={() => void enrollment.refetch()} />
        ) : null}
        {enrollment.data ? (
          <>
            <img
              className="qr"
              src={enrollment.data.qrDataUrl}
              alt={t('auth.enrollQrAlt')}
              width={200}
              height={200}
            />
            <p>
              {/* On a phone the QR code cannot be scanned by the same phone; the app can take the link. */}
              <a href={enrollment.data.otpauthUri}>{t('auth.enrollOpenInApp')}</a>
            </p>
            <p>{t('auth.enrollManual')}</p>
            <p className="secret">
              <span className="visually-hidden">{t('auth.enrollSecret')}: </span>
              <code className="mono secret__value" data-testid="totp-secret">
                {groupsOfFour(enrollment.data.secret)}
              </code>{' '}
              <CopyButton text={enrollment.data.secret} />
            </p>
          </>
        ) : null}
      </section>
      <section className="step" aria-labelledby="enroll-step3">
        <h2 id="enroll-step3" className="step__title">
          {t('auth.enrollStep3')}
        </h2>
        <p>{t('auth.enrollStep3Body')}</p>
        <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
          <ErrorSummary formId={FORM_ID} problems={form.problems} />
          <CodeField {...form.field('code')} value={code} onChange={setCode} />
          <Button
            type="submit"
            variant="primary"
            busy={confirm.isPending}
            busyLabel={t('auth.verifying')}
            className="button--block"
          >
            {t('auth.enrollSubmit')}
          </Button>
        </form>
      </section>
      <hr className="divider" />
      {cancel}
    </div>
  );
}
