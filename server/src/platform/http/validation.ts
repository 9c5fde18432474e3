import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import {
  describeValidationError,
  findTextProblem,
  NORMALISE_KEYWORD,
  normaliseKinds,
  normaliserOf,
  type NormaliseKind,
  type SchemaValidationError,
} from '@tsunagu/contract';
import { Invalid } from '../errors.ts';

/**
 * Bodies are validated strictly: no type coercion (a "1" is not a 1), no silently dropped
 * unknown fields (they are refused), so a malformed request is answered 400, never half-read.
 * Query strings and path parameters arrive as text, so they are coerced.
 */
function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: true,
    ...options,
  });
  addFormats.default(ajv, ['email', 'date', 'date-time', 'uuid', 'uri', 'time']);
  addNormaliseKeyword(ajv);
  return ajv;
}

/**
 * `x-normalise` (contract/src/normalise.ts): folds a phone number, ふりがな or code as typed into
 * its stored form before the string's other keywords (length, pattern) check it, so 「０９０－…」
 * is checked, and stored, as 090-…. JSON Schema cannot transform; an Ajv keyword may modify data.
 */
function addNormaliseKeyword(ajv: Ajv): void {
  const isKind = (k: unknown): k is NormaliseKind => normaliseKinds.some((n) => n === k);
  ajv.addKeyword({
    keyword: NORMALISE_KEYWORD,
    type: 'string',
    schemaType: 'string',
    modifying: true,
    before: 'maxLength',
    metaSchema: { enum: [...normaliseKinds] },
    compile: (kind: unknown) => {
      if (!isKind(kind)) throw new Error(`unknown ${NORMALISE_KEYWORD}: ${String(kind)}`);
      const fold = normaliserOf(kind);
      return (data: string, cxt) => {
        // The root of a body is never a bare string; a property or an array item always has a parent.
        if (cxt) cxt.parentData[cxt.parentDataProperty] = fold(data);
        return true;
      };
    },
  });
}

// One pair per process: Ajv keeps what it compiled by schema object, so each further app in the
// process (the tests build one per test) reuses the validators instead of generating them again.
const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });

/** A validator as Fastify calls it: true, or false with the errors on the function. */
interface Validator {
  (data: unknown): boolean;
  errors?: FastifySchemaValidationError[] | null;
}

/**
 * The schema's validator followed by the contract's text rules (no NUL, control character or
 * lone surrogate anywhere; no whitespace-only text where text is required), for every part of
 * every route: JSON Schema cannot say either, and the database must never see such text.
 */
function withTextRules(schema: unknown, validate: ValidateFunction): Validator {
  const check: Validator = (data) => {
    if (!validate(data)) {
      check.errors = validate.errors;
      return false;
    }
    const problem = findTextProblem(schema, data);
    check.errors = problem ? [{ ...problem, schemaPath: '#', message: problem.keyword }] : null;
    return problem === null;
  };
  return check;
}

export function installValidators(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) =>
    withTextRules(schema, (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object)),
  );
}

const manualAjv = makeAjv({ coerceTypes: false });
const compiled = new WeakMap<TSchema, Validator>();

/**
 * Validates a value that did not arrive as a JSON body (e.g. a JSON field of a multipart
 * request) exactly as a body would be: the same strict rules and the same 400 naming the field.
 */
export function validateValue<T>(schema: TSchema, value: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = withTextRules(schema, manualAjv.compile(schema));
    compiled.set(schema, validate);
  }
  if (!validate(value)) {
    const problem = describeValidationError(schema, validate.errors![0] as unknown as SchemaValidationError);
    throw new Invalid(problem.field, problem.message, 'VALIDATION_FAILED');
  }
  return value as T;
}
