import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { noProblems, problemsFromError, type FieldErrors, type FormProblems } from '../../lib/validation.ts';

/** The DOM id of a field, from the form's id and the field's path as the server names it. */
export function fieldId(formId: string, field: string): string {
  return `${formId}-${field.replace(/\./g, '-')}`;
}

function summaryId(formId: string): string {
  return `${formId}-summary`;
}

/**
 * A form's problems and where focus goes when a submit fails: to the first invalid field in
 * the page's order, or to the error summary when the problem is about the whole form.
 */
export function useFormProblems(formId: string) {
  const [problems, setProblems] = useState<FormProblems>(noProblems);
  const [attempt, setAttempt] = useState(0);

  // Found by id rather than by ref, so the hook's result is plain data and functions.
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = document.getElementById(formId)?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? document.getElementById(summaryId(formId)))?.focus();
  }, [attempt, formId]);

  const fail = useCallback((next: FormProblems) => {
    setProblems(next);
    setAttempt((n) => n + 1);
  }, []);

  return {
    problems,
    /** Shows any set of problems. */
    fail,
    /** Shows client-side validation errors. */
    failFields: useCallback((fields: FieldErrors) => fail({ fields, form: null }), [fail]),
    /** Shows a failed request: beside the named field and in the summary. */
    failRequest: useCallback((error: unknown) => fail(problemsFromError(error)), [fail]),
    clear: useCallback(() => setProblems(noProblems), []),
    /** The error of one field, if any. */
    errorOf: (field: string): string | undefined => problems.fields[field],
    /** Props for a field: its id and error. */
    field: (field: string) => ({ id: fieldId(formId, field), error: problems.fields[field] }),
  };
}

/** The list of problems above a form; `role="alert"` so it is announced when it appears. */
export function ErrorSummary({ formId, problems }: { formId: string; problems: FormProblems }) {
  const { t } = useTranslation();
  const entries = Object.entries(problems.fields);
  const formOnly = problems.form && !entries.some(([, m]) => m === problems.form) ? problems.form : null;
  if (!entries.length && !formOnly) return null;
  return (
    <div
      id={summaryId(formId)}
      className="error-summary"
      role="alert"
      tabIndex={-1}
      aria-labelledby={`${formId}-summary-title`}
    >
      <h2 id={`${formId}-summary-title`} className="error-summary__title">
        <span aria-hidden="true">⚠ </span>
        {t('errors.summaryTitle')}
      </h2>
      <ul className="error-summary__list">
        {formOnly ? <li>{formOnly}</li> : null}
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldId(formId, field)}`} onClick={(e) => focusField(e, fieldId(formId, field))}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function focusField(event: React.MouseEvent, id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  event.preventDefault();
  el.focus();
  el.scrollIntoView({ block: 'center' });
}

/** A group of related fields with a visible legend. */
export function Fieldset({
  legend,
  children,
  className,
}: {
  legend: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={['fieldset', className ?? ''].join(' ')}>
      <legend className="fieldset__legend">{legend}</legend>
      {children}
    </fieldset>
  );
}
