import { TotpCodeBody } from '@tsunagu/contract/auth';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CodeField } from '../../../components/ui/code-field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { problemsFromError, validateAgainst } from '../../../lib/validation.ts';
import { useRegenerateRecoveryCodes } from '../api/account.ts';

const FORM_ID = 'regenerate-recovery';

/** Issues new recovery codes after a current authenticator code; hands the codes to the caller to show once. */
export function RegenerateRecoveryCodesForm({ onRegenerated }: { onRegenerated: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const form = useFormProblems(FORM_ID);
  const regenerate = useRegenerateRecoveryCodes();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { code };
    const errors = await validateAgainst(TotpCodeBody, body, { code: t('auth.code') });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    regenerate.mutate(body.code, {
      onSuccess: ({ recoveryCodes }) => {
        setCode('');
        onRegenerated(recoveryCodes);
      },
      onError: (error) => {
        const problems = problemsFromError(error);
        if (error instanceof ApiError && error.status === 401 && !problems.fields.code)
          problems.fields.code = problems.form ?? '';
        form.fail(problems);
      },
    });
  }

  return (
    <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate className="stack form-narrow">
      <p>{t('account.recoveryRegenerateLead')}</p>
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <CodeField {...form.field('code')} value={code} onChange={setCode} />
      <div>
        <Button type="submit" busy={regenerate.isPending} busyLabel={t('common.saving')}>
          {t('account.recoveryRegenerateSubmit')}
        </Button>
      </div>
    </form>
  );
}
