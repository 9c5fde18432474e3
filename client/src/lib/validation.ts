import type { SchemaValidationError } from '@tsunagu/contract';
import { BLANK_TEXT, findTextProblem, FORBIDDEN_CHARACTER } from '@tsunagu/contract/text-rules';
import { normaliseInput } from '@tsunagu/contract/normalise';
import { describeValidationError } from '@tsunagu/contract/validation';
import type { TSchema } from 'typebox';
import type * as ValueModule from 'typebox/value';
import { ApiError, NetworkError } from './api-client.ts';
import { currentLanguage, i18n, translateIfExists } from './i18n/index.ts';

/** Field path (as the server names it, e.g. "businessHours.0.opensAt") → message. */
export type FieldErrors = Record<string, string>;

/** What a failed submit shows: messages beside fields and one for the whole form. */
export interface FormProblems {
  fields: FieldErrors;
  form: string | null;
}

export const noProblems: FormProblems = { fields: {}, form: null };

/**
 * The contract's messages name the key in brackets, e.g. 「氏名」(displayName), which helps a
 * programmer; beside a labelled field a care worker needs only the label.
 */
export function tidyMessage(message: string): string {
  return message.replace(/」\([A-Za-z0-9_.]+\)/g, '」');
}

function englishMessage(error: SchemaValidationError, label: string): string {
  const limit = typeof error.params.limit === 'number' ? String(error.params.limit) : '';
  switch (error.keyword) {
    case 'required':
      return i18n.t('validation.required', { field: label });
    case 'minLength':
      return Number(limit) <= 1
        ? i18n.t('validation.empty', { field: label })
        : i18n.t('validation.tooShort', { field: label, limit });
    case 'maxLength':
      return i18n.t('validation.tooLong', { field: label, limit });
    case 'format':
    case 'pattern':
      return i18n.t('validation.format', { field: label });
    case 'enum':
    case 'anyOf':
      return i18n.t('validation.choose', { field: label });
    case FORBIDDEN_CHARACTER:
      return i18n.t('validation.forbiddenCharacter', { field: label });
    case BLANK_TEXT:
      return i18n.t('validation.blank', { field: label });
    default:
      return i18n.t('validation.invalid', { field: label });
  }
}

function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const key of path ? path.split('.') : []) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function fieldOf(error: SchemaValidationError): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
    segments.push(error.params.missingProperty);
  }
  return segments.join('.');
}

/**
 * TypeBox reports all missing properties of an object in one error (`requiredProperties`); the
 * messages name one field each (`missingProperty`), as the server's validator does.
 */
function oneErrorPerProperty(error: SchemaValidationError): SchemaValidationError[] {
  const missing = error.params.requiredProperties;
  if (error.keyword !== 'required' || !Array.isArray(missing)) return [error];
  return missing.map((property) => ({
    ...error,
    params: { ...error.params, missingProperty: String(property) },
  }));
}

type Validator = typeof ValueModule;

// The schema validator is the largest library of the client; it loads in the background after
// the first screen (preloadValidator) instead of delaying the sign-in page on an old tablet.
let validator: Promise<Validator> | null = null;

/** Starts loading the validator, once. */
export function preloadValidator(): Promise<Validator> {
  if (!validator) {
    validator = import('typebox/value');
    validator.catch(() => {
      validator = null;
    });
  }
  return validator;
}

/**
 * Checks a body against its contract schema before sending. First it folds, in place, the fields
 * the schema marks for normalisation (phone numbers, ふりがな, codes: normaliseInput, as the
 * server does), so what is checked is what the form then sends. Japanese messages come from the
 * contract (the same words the server would use); English ones name the form's own label.
 * Only the first problem of each field is kept.
 */
export async function validateAgainst(
  schema: TSchema,
  value: object,
  labels: Record<string, string> = {},
): Promise<FieldErrors> {
  normaliseInput(schema, value);
  let Errors: Validator['Errors'];
  try {
    ({ Errors } = await preloadValidator());
  } catch {
    // The validator could not be loaded (connection lost): the server checks the body anyway.
    return {};
  }
  const errors: FieldErrors = {};
  const schemaErrors = Errors(schema, value).flatMap((e) =>
    oneErrorPerProperty(e as unknown as SchemaValidationError),
  );
  // What the schema cannot say (control characters, whitespace-only text), as the server checks it.
  const textProblem = schemaErrors.length === 0 ? findTextProblem(schema, value) : null;
  for (let error of textProblem ? [textProblem] : schemaErrors) {
    const field = fieldOf(error);
    // An empty field is "please enter", whatever its minimum length or format (a date, a reading).
    if (
      (error.keyword === 'minLength' || error.keyword === 'format' || error.keyword === 'pattern') &&
      valueAt(value, field) === ''
    )
      error = { ...error, keyword: 'minLength', params: { ...error.params, limit: 1 } };
    if (errors[field] !== undefined) continue;
    const key =
      field
        .split('.')
        .filter((s) => !/^\d+$/.test(s))
        .at(-1) ?? field;
    const label = labels[field] ?? labels[key];
    // An unchosen select is "please choose", not "invalid value".
    if ((error.keyword === 'enum' || error.keyword === 'anyOf') && valueAt(value, field) === '' && label) {
      errors[field] = i18n.t('validation.choose', { field: label });
    } else if (currentLanguage() === 'ja') {
      errors[field] = tidyMessage(describeValidationError(schema, error).message);
    } else {
      errors[field] = englishMessage(error, label ?? key);
    }
  }
  return errors;
}

/** The text to show for any error thrown by a request. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    // Japanese: the server's own message is the most precise. English: our translation when we have one.
    const translated = currentLanguage() !== 'ja' ? translateIfExists(`errors.codes.${error.code}`) : null;
    if (translated) return translated;
    const base = tidyMessage(error.message);
    return error.requestId ? `${base} ${i18n.t('errors.requestId', { id: error.requestId })}` : base;
  }
  if (error instanceof NetworkError) return i18n.t('errors.network');
  return i18n.t('errors.unexpected');
}

/** Turns a failed request into form problems: a named field gets the message beside it too. */
export function problemsFromError(error: unknown): FormProblems {
  const message = messageOf(error);
  if (error instanceof ApiError && error.field) {
    return { fields: { [error.field]: message }, form: message };
  }
  return { fields: {}, form: message };
}
