import { useTranslation } from 'react-i18next';
import { TextField } from './field.tsx';
import { normaliseCode } from '@tsunagu/contract/normalise';

/**
 * The 6-digit authenticator code: numeric keyboard on phones, one-time-code autofill; full-width
 * digits from an IME are folded as the server folds them.
 */
export function CodeField({
  id,
  error,
  value,
  onChange,
  autoFocus,
}: {
  id: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      error={error}
      label={t('auth.code')}
      hint={t('auth.codeHint')}
      className="field--code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      spellCheck={false}
      required
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(normaliseCode(e.target.value).slice(0, 6))}
    />
  );
}
