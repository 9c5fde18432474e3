import { SignInBody } from '@tsunagu/contract/auth';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CodeField } from '../../../components/ui/code-field.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useSignIn } from '../api/sign-in.ts';
import { throttledMessage, waitInWords } from '../utils/sign-in-wait.ts';

const FORM_ID = 'sign-in';

/**
 * Step 1 of sign-in. On success the session changes and the router moves on to step 2. When the
 * account is under many failed tries from elsewhere and this browser has not signed in to it
 * before, the server asks for the authenticator's code with the password: the form then shows
 * the code field, and both steps pass at once.
 */
export function SignInForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [code, setCode] = useState('');
  /** The wait the server named when it asked for the code; null while it has not asked. */
  const [codeAskedWait, setCodeAskedWait] = useState<string | null>(null);
  const form = useFormProblems(FORM_ID);
  const signIn = useSignIn();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { email: email.trim(), password, ...(codeAskedWait === null ? {} : { code }) };
    const errors = await validateAgainst(SignInBody, body, {
      email: t('auth.email'),
      password: t('auth.password'),
      code: t('auth.code'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    signIn.mutate(body, {
      onError: (error) => {
        const throttled = throttledMessage(error);
        if (throttled) return form.fail({ fields: {}, form: throttled });
        if (error instanceof ApiError && error.code === 'SIGN_IN_CODE_REQUIRED') {
          return setCodeAskedWait(waitInWords(error.retryAfterSeconds));
        }
        if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS' && body.code !== undefined) {
          setCode('');
          return form.fail({ fields: {}, form: t('auth.credentialsOrCodeWrong') });
        }
        form.failRequest(error);
      },
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <TextField
        {...form.field('email')}
        label={t('auth.email')}
        type="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        autoCapitalize="none"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        {...form.field('password')}
        label={t('auth.password')}
        type={showPassword ? 'text' : 'password'}
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <CheckboxField
        id={`${FORM_ID}-show-password`}
        label={t('auth.showPassword')}
        checked={showPassword}
        onChange={(e) => setShowPassword(e.target.checked)}
      />
      {codeAskedWait === null ? null : (
        <>
          <Notice tone="warning">{t('auth.codeRequired', { wait: codeAskedWait })}</Notice>
          <CodeField {...form.field('code')} value={code} onChange={setCode} autoFocus />
        </>
      )}
      <Button
        type="submit"
        variant="primary"
        busy={signIn.isPending}
        busyLabel={t('auth.signingIn')}
        className="button--block"
      >
        {t('auth.signInSubmit')}
      </Button>
    </form>
  );
}
