import type { SchemaValidationError } from './validation.ts';

/**
 * What JSON Schema cannot say about text, checked after the schema passed (server and client):
 * - no string (and no object key) may hold a character that cannot be stored or shown: NUL and
 *   the other C0 controls except tab, LF and CR, DEL, the C1 controls, or a lone surrogate
 *   (PostgreSQL refuses NUL in text and jsonb, and a lone surrogate is not UTF-8);
 * - text the schema requires (a string with minLength ≥ 1, or a pattern that refuses "") must be
 *   more than whitespace: twelve spaces are not a reason.
 * Problems are reported in the shape of a schema error, so `describeValidationError` names the field.
 */

/** The keywords of the problems reported here (not JSON Schema keywords: no schema carries them). */
export const FORBIDDEN_CHARACTER = 'forbiddenCharacter';
export const BLANK_TEXT = 'blankText';

// Tab (09), LF (0A) and CR (0D) stay: multi-line text is typed with them. The C1 controls
// (80–9F) are never typed; they come only from text decoded with the wrong encoding.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Without the u flag a pattern sees UTF-16 code units, so an unpaired half can be matched.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Schema {
  type?: unknown;
  minLength?: number;
  format?: string;
  pattern?: string;
  enum?: unknown;
  const?: unknown;
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema | Schema[];
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

/** The first character no text may hold, as "U+0000", or null. */
export function forbiddenCharacterIn(text: string): string | null {
  const found = controlCharacter.exec(text) ?? (text.isWellFormed() ? null : loneSurrogate.exec(text));
  return found ? codePoint(found[0]) : null;
}

function codePoint(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whitespace only: String.prototype.trim's set, which holds ASCII and full-width (U+3000) spaces, tabs and line breaks. */
export function isBlankText(text: string): boolean {
  return text.length > 0 && text.trim() === '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The schemas that apply to the value in each of the alternatives (anyOf, oneOf) and parts (allOf). */
function alternatives(schema: Schema): Schema[] {
  const nested = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [schema, ...nested.flatMap(alternatives)];
}

function propertySchemas(schemas: Schema[], key: string): Schema[] {
  return schemas.flatMap((s) => {
    const named = s.properties?.[key];
    if (named) return [named];
    const patterned = Object.entries(s.patternProperties ?? {})
      .filter(([pattern]) => new RegExp(pattern, 'u').test(key))
      .map(([, child]) => child);
    if (patterned.length > 0) return patterned;
    return isObject(s.additionalProperties) ? [s.additionalProperties] : [];
  });
}

function itemSchemas(schemas: Schema[], index: number): Schema[] {
  return schemas.flatMap((s) => {
    const positional = s.prefixItems?.[index] ?? (Array.isArray(s.items) ? s.items[index] : undefined);
    if (positional) return [positional];
    return isObject(s.items) && !Array.isArray(s.items) ? [s.items] : [];
  });
}

/**
 * A string schema that asks for text: a minimum length, or a pattern that refuses the empty
 * string (a reading in kana, a phone number: their patterns let spaces through). A format or a
 * fixed value refuses whitespace already.
 */
function asksForText(schema: Schema): boolean {
  if (schema.format !== undefined || schema.enum !== undefined || schema.const !== undefined) return false;
  if ((schema.minLength ?? 0) >= 1) return true;
  return schema.pattern !== undefined && !acceptsEmpty(schema.pattern);
}

const emptyAccepted = new Map<string, boolean>();
function acceptsEmpty(pattern: string): boolean {
  let accepts = emptyAccepted.get(pattern);
  if (accepts === undefined) {
    accepts = new RegExp(pattern, 'u').test('');
    emptyAccepted.set(pattern, accepts);
  }
  return accepts;
}

function isStringSchema(schema: Schema): boolean {
  return schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));
}

/** Required text only when every string schema that may describe the value asks for it (a union may not). */
function requiresText(schemas: Schema[]): boolean {
  const strings = schemas.filter(isStringSchema);
  return strings.length > 0 && strings.every(asksForText);
}

function problem(
  keyword: string,
  path: string[],
  params: Record<string, unknown> = {},
): SchemaValidationError {
  const instancePath = path.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return { keyword, instancePath, params };
}

function walk(schemas: Schema[], value: unknown, path: string[]): SchemaValidationError | null {
  if (typeof value === 'string') {
    const character = forbiddenCharacterIn(value);
    if (character) return problem(FORBIDDEN_CHARACTER, path, { character });
    return isBlankText(value) && requiresText(schemas) ? problem(BLANK_TEXT, path) : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = walk(itemSchemas(schemas, index).flatMap(alternatives), item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    const character = forbiddenCharacterIn(key);
    if (character) return problem(FORBIDDEN_CHARACTER, [...path, key], { character });
    const found = walk(propertySchemas(schemas, key).flatMap(alternatives), child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** The first text problem in a value that its schema accepted, or null. */
export function findTextProblem(schema: unknown, value: unknown): SchemaValidationError | null {
  return walk(isObject(schema) ? alternatives(schema) : [], value, []);
}
