import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldShellProps {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  /** Something to know that does not stop the form (e.g. characters a PDF cannot print). */
  warning?: string | undefined;
  hint?: ReactNode;
  required?: boolean | undefined;
  /** Hide the label visually (still read by screen readers), for inputs inside a labelled table row. */
  labelHidden?: boolean;
  className?: string | undefined;
}

/** The ids a field's input must point to with aria-describedby. */
export function describedBy(
  id: string,
  hint: unknown,
  error: unknown,
  warning?: unknown,
): string | undefined {
  const ids = [
    hint ? `${id}-hint` : null,
    error ? `${id}-error` : null,
    warning ? `${id}-warning` : null,
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function RequiredMark({ required }: { required: boolean | undefined }) {
  const { t } = useTranslation();
  if (!required) return null;
  // Said by aria-required on the input; the visible mark would otherwise be read twice.
  return (
    <span className="field__required" aria-hidden="true">
      {t('common.required')}
    </span>
  );
}

/** A field's error or warning, with a mark so it is not told by colour alone. */
function FieldNote({ id, kind, text }: { id: string; kind: 'error' | 'warning'; text: string | undefined }) {
  if (!text) return null;
  return (
    <p id={`${id}-${kind}`} className={`field__${kind}`}>
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}

/** A field's error. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return <FieldNote id={id} kind="error" text={error} />;
}

function Shell({
  id,
  label,
  error,
  warning,
  hint,
  required,
  labelHidden,
  className,
  children,
}: FieldShellProps & { children: ReactNode }) {
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <div className={labelHidden ? 'visually-hidden' : 'field__label-row'}>
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        <RequiredMark required={required} />
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      {children}
      <FieldNote id={id} kind="warning" text={warning} />
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & FieldShellProps;

/** A labelled text input; its hint and error are linked with aria-describedby. */
export function TextField({
  id,
  label,
  error,
  warning,
  hint,
  required,
  labelHidden,
  className,
  ...input
}: InputProps) {
  return (
    <Shell
      id={id}
      label={label}
      error={error}
      warning={warning}
      hint={hint}
      required={required}
      labelHidden={labelHidden}
      className={className}
    >
      <input
        id={id}
        name={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error, warning)}
        aria-required={required || undefined}
        {...input}
      />
    </Shell>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & FieldShellProps;

export function TextAreaField({
  id,
  label,
  error,
  warning,
  hint,
  required,
  labelHidden,
  className,
  ...input
}: TextAreaProps) {
  return (
    <Shell
      id={id}
      label={label}
      error={error}
      warning={warning}
      hint={hint}
      required={required}
      labelHidden={labelHidden}
      className={className}
    >
      <textarea
        id={id}
        name={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error, warning)}
        aria-required={required || undefined}
        {...input}
      />
    </Shell>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> &
  FieldShellProps & {
    options: readonly Option[];
    /** A first, empty choice ("すべて" in filters, "選んでください" in forms). */
    placeholder?: string;
  };

/** A labelled native select: the most robust picker on old tablets. */
export function SelectField({
  id,
  label,
  error,
  hint,
  required,
  labelHidden,
  className,
  options,
  placeholder,
  ...select
}: SelectProps) {
  return (
    <Shell
      id={id}
      label={label}
      error={error}
      hint={hint}
      required={required}
      labelHidden={labelHidden}
      className={className}
    >
      <select
        id={id}
        name={id}
        className="input select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-required={required || undefined}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> & {
  id: string;
  label: ReactNode;
  error?: string | undefined;
};

/** A checkbox with its label after it, the whole row a large target. */
export function CheckboxField({ id, label, error, className, ...input }: CheckboxProps) {
  return (
    <div className={['checkbox', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <FieldError id={id} error={error} />
      <label htmlFor={id} className="checkbox__label">
        <input
          id={id}
          type="checkbox"
          className="checkbox__input"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          {...input}
        />
        <span>{label}</span>
      </label>
    </div>
  );
}
