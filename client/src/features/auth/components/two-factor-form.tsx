import { RecoveryCodeBody, TotpCodeBody } from '@tsunagu/contract/auth';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { problemsFromError, validateAgainst } from '../../../lib/validation.ts';
import { useRecoveryCodeSignIn, useVerifyTotp } from '../api/sign-in.ts';
import { throttledMessage } from '../utils/sign-in-wait.ts';
import { CodeField } from '../../../components/ui/code-field.tsx';
import { DemoCodeBox } from './demo-code-box.tsx';

const TOTP_FORM = 'totp';
const RECOVERY_FORM = 'recovery';

/** Step 2 of sign-in: the authenticator's code, or a recovery code when the phone is not at hand. */
export function TwoFactorForm({
  demoCode,
  onRefreshDemoCode,
}: {
  demoCode: string | undefined;
  onRefreshDemoCode: () => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const totpForm = useFormProblems(TOTP_FORM);
  const recoveryForm = useFormProblems(RECOVERY_FORM);
  const verify = useVerifyTotp();
  const recover = useRecoveryCodeSignIn();

  async function submitCode(event: FormEvent) {
    event.preventDefault();
    const body = { code };
    const errors = await validateAgainst(TotpCodeBody, body, { code: t('auth.code') });
    if (Object.keys(errors).length) return totpForm.failFields(errors);
    totpForm.clear();
    verify.mutate(body.code, {
      onError: (error) => {
        // A wrong code is about the code field: say it there, and let the user retype.
        const problems = problemsFromError(error);
        problems.form = throttledMessage(error) ?? problems.form;
        if (error instanceof ApiError && error.code === 'INVALID_TOTP')
          problems.fields.code = problems.form ?? '';
        setCode('');
        totpForm.fail(problems);
        // A demo code can be used once; show the next one.
        if (demoCode) onRefreshDemoCode();
      },
    });
  }

  async function submitRecovery(event: FormEvent) {
    event.preventDefault();
    const body = { recoveryCode: recoveryCode.trim() };
    const errors = await validateAgainst(RecoveryCodeBody, body, { recoveryCode: t('auth.recoveryCode') });
    if (Object.keys(errors).length) return recoveryForm.failFields(errors);
    recoveryForm.clear();
    recover.mutate(body.recoveryCode, {
      onError: (error) => {
        const problems = problemsFromError(error);
        problems.form = throttledMessage(error) ?? problems.form;
        if (error instanceof ApiError && error.status === 401)
          problems.fields.recoveryCode = problems.form ?? '';
        recoveryForm.fail(problems);
      },
    });
  }

  if (mode === 'recovery') {
    return (
      <div className="stack">
        <p>{t('auth.useRecoveryCodeLead')}</p>
        <form id={RECOVERY_FORM} onSubmit={(e) => void submitRecovery(e)} noValidate className="stack">
          <ErrorSummary formId={RECOVERY_FORM} problems={recoveryForm.problems} />
          <TextField
            {...recoveryForm.field('recoveryCode')}
            label={t('auth.recoveryCode')}
            hint={t('auth.recoveryCodeHint')}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
            required
            autoFocus
            className="field--code"
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.target.value)}
          />
          <Button
            type="submit"
            variant="primary"
            busy={recover.isPending}
            busyLabel={t('auth.verifying')}
            className="button--block"
          >
            {t('auth.recoverySubmit')}
          </Button>
        </form>
        <Button variant="quiet" onClick={() => setMode('totp')}>
          {t('auth.useAuthenticator')}
        </Button>
      </div>
    );
  }

  return (
    <div className="stack">
      <p>{t('auth.twoFactorLead')}</p>
      {demoCode ? (
        <DemoCodeBox code={demoCode} onFill={() => setCode(demoCode)} onRefresh={onRefreshDemoCode} />
      ) : null}
      <form id={TOTP_FORM} onSubmit={(e) => void submitCode(e)} noValidate className="stack">
        <ErrorSummary formId={TOTP_FORM} problems={totpForm.problems} />
        <CodeField {...totpForm.field('code')} value={code} onChange={setCode} autoFocus />
        <Button
          type="submit"
          variant="primary"
          busy={verify.isPending}
          busyLabel={t('auth.verifying')}
          className="button--block"
        >
          {t('auth.verifySubmit')}
        </Button>
      </form>
      <Button variant="quiet" onClick={() => setMode('recovery')}>
        {t('auth.useRecoveryCode')}
      </Button>
    </div>
  );
}
