import { SignInBody } from '@tsunagu/contract/auth';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CheckboxField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useSignIn } from '../api/sign-in.ts';

const FORM_ID = 'sign-in';

/** Step 1 of sign-in. On success the session changes and the router moves on to step 2. */
export function SignInForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const form = useFormProblems(FORM_ID);
  const signIn = useSignIn();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { email: email.trim(), password };
    const errors = await validateAgainst(SignInBody, body, {
      email: t('auth.email'),
      password: t('auth.password'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    signIn.mutate(body, {
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'SIGN_IN_LOCKED') {
          const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 900) / 60));
          return form.fail({ fields: {}, form: t('auth.locked', { minutes }) });
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
