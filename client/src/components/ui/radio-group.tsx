import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from './field.tsx';

export interface RadioOption {
  value: string;
  label: string;
  /** A line under the label that says what choosing it means. */
  description?: string | undefined;
}

/**
 * An option is named by its label alone and described by its explanation (and the group's hint
 * and error), so a screen reader says "本人, radio" before the longer sentence.
 */
function optionText(optionId: string, option: RadioOption, groupDescribedBy: string) {
  const described = [option.description ? `${optionId}-description` : '', groupDescribedBy]
    .filter(Boolean)
    .join(' ');
  return { 'aria-labelledby': `${optionId}-label`, 'aria-describedby': described || undefined };
}

function OptionText({ id, option }: { id: string; option: RadioOption }) {
  return (
    <span className="radio__text">
      <span id={`${id}-label`} className="radio__label">
        {option.label}
      </span>
      {option.description ? (
        <span id={`${id}-description`} className="radio__description">
          {option.description}
        </span>
      ) : null}
    </span>
  );
}

/**
 * A set of radio buttons in a fieldset with a visible legend, for choices the user must make
 * consciously (whose words? what kind of information?) rather than accept as a default.
 * The first radio carries the group's id, so an error summary link lands on the group.
 */
export function RadioGroup({
  id,
  legend,
  hint,
  error,
  required,
  options,
  value,
  onChange,
  inline,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  options: readonly RadioOption[];
  value: string;
  onChange: (value: string) => void;
  /** Short options side by side (はい／いいえ). */
  inline?: boolean;
}) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset className={['fieldset', 'radio-group', error ? 'field--invalid' : ''].join(' ')}>
      <legend className="fieldset__legend">
        {legend}
        {required ? (
          <span className="field__required" aria-hidden="true">
            {t('common.required')}
          </span>
        ) : null}
      </legend>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      <div className={inline ? 'radio-group__options radio-group__options--inline' : 'radio-group__options'}>
        {options.map((o, index) => {
          const optionId = index === 0 ? id : `${id}-${o.value}`;
          return (
            <label key={o.value} htmlFor={optionId} className="radio">
              <input
                id={optionId}
                type="radio"
                name={id}
                className="radio__input"
                value={o.value}
                checked={value === o.value}
                onChange={() => onChange(o.value)}
                aria-invalid={error ? true : undefined}
                {...optionText(optionId, o, describedBy)}
                aria-required={required || undefined}
              />
              <OptionText id={optionId} option={o} />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A set of checkboxes in a fieldset (e.g. the categories a consent covers). */
export function CheckboxGroup({
  id,
  legend,
  hint,
  error,
  required,
  options,
  values,
  onChange,
  columns,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  options: readonly RadioOption[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** Lay short options out in columns. */
  columns?: boolean;
}) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...values, value] : values.filter((v) => v !== value));
  return (
    <fieldset className={['fieldset', 'radio-group', error ? 'field--invalid' : ''].join(' ')}>
      <legend className="fieldset__legend">
        {legend}
        {required ? (
          <span className="field__required" aria-hidden="true">
            {t('common.required')}
          </span>
        ) : null}
      </legend>
      {hint ? (
        <div id={`${id}-hint`} className="field__hint">
          {hint}
        </div>
      ) : null}
      <FieldError id={id} error={error} />
      <div
        className={columns ? 'radio-group__options radio-group__options--columns' : 'radio-group__options'}
      >
        {options.map((o, index) => {
          const optionId = index === 0 ? id : `${id}-${o.value}`;
          return (
            <label key={o.value} htmlFor={optionId} className="radio">
              <input
                id={optionId}
                type="checkbox"
                className="radio__input"
                value={o.value}
                checked={values.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
                aria-invalid={error ? true : undefined}
                {...optionText(optionId, o, describedBy)}
              />
              <OptionText id={optionId} option={o} />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
