import fc from 'fast-check';
import Value from 'typebox/value';
import { findTextProblem } from '@tsunagu/contract';
import { validValue, type JsonSchema } from './schema-arbitraries.ts';

/**
 * Malformed requests made from a route's own schemas: a well-formed value with one place spoilt
 * (NUL, a lone surrogate, a control character, whitespace only, 100,000 characters, a wrong type,
 * a missing or an unknown field, `__proto__` / `constructor` keys). Each spoilt value says where
 * it was spoilt, so a test can check that the 400 names that field.
 */
export interface Spoilt {
  kind: string;
  /** The field the answer should name, as segments of the dotted path. */
  path: string[];
  /** The JSON body as sent, or the query string / path parameters as text. */
  value: unknown;
}

const HUGE_LENGTH = 100_000;
const huge = fc.constantFrom('あ', 'x', '漢').map((c) => c.repeat(HUGE_LENGTH));
const whitespace = fc
  .array(fc.constantFrom(' ', '\u3000', '\t', '\r\n', '\n'), { minLength: 1, maxLength: 16 })
  .map((parts) => parts.join(''));
const control = fc.constantFrom('\u0000', '\u0001', '\u0008', '\u000B', '\u001B', '\u007F', '\u0085');
const loneSurrogate = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');
const insertInto = (text: string, bad: fc.Arbitrary<string>) =>
  fc.tuple(fc.nat({ max: text.length }), bad).map(([at, c]) => text.slice(0, at) + c + text.slice(at));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The schemas that describe a value where it stands: the branches of a union that accept it. */
function applying(s: JsonSchema, value: unknown): JsonSchema[] {
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.filter((b) => Value.Check(b, value)).flatMap((b) => applying(b, value));
  if (s.allOf) return s.allOf.flatMap((b) => applying(b, value));
  return [s];
}

const accepts = (s: JsonSchema, value: unknown) =>
  Value.Check(s, value) && findTextProblem(s, value) === null;

interface Place {
  path: string[];
  schema: JsonSchema;
  value: unknown;
}

function places(schema: JsonSchema, value: unknown, path: string[] = []): Place[] {
  const here: Place = { path, schema, value };
  const schemas = applying(schema, value);
  if (Array.isArray(value)) {
    const items = schemas.flatMap((s) => (s.items ? [s.items] : []));
    if (items.length !== 1) return [here];
    return [here, ...value.flatMap((v, i) => places(items[0]!, v, [...path, String(i)]))];
  }
  if (!isObject(value)) return [here];
  return [
    here,
    ...Object.entries(value).flatMap(([key, v]) => {
      const child = schemas.flatMap((s) => (s.properties?.[key] ? [s.properties[key]] : []));
      return child.length === 1 ? places(child[0]!, v, [...path, key]) : [];
    }),
  ];
}

const wrongValues: unknown[] = [12345, -1.5, true, 'x', { a: 1 }, [], [1, 'x'], null];

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The JSON types a schema admits anywhere in its unions (a fixed value counts as its own type). */
function admittedTypes(s: JsonSchema): Set<string> {
  const types = new Set<string>();
  for (const b of [s, ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) {
    if (b !== s && (b.anyOf || b.oneOf || b.allOf)) for (const t of admittedTypes(b)) types.add(t);
    for (const t of [b.type ?? []].flat()) types.add(t);
    for (const v of [...(b.enum ?? []), ...(b.const !== undefined ? [b.const] : [])]) types.add(jsonType(v));
  }
  if (types.has('number')) types.add('integer');
  return types;
}

/** The body with the value at `path` replaced (a copy; the body itself when the path is the root). */
function replaceAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[path.at(-1)!] = value;
  return copy;
}

/** Ways to spoil one place of a body, each an arbitrary of the spoilt body. */
function spoilPlace(root: unknown, place: Place): fc.Arbitrary<Spoilt>[] {
  const { path, schema, value } = place;
  const at = (kind: string, arb: fc.Arbitrary<unknown>) =>
    arb.map((v) => ({ kind, path, value: replaceAt(root, path, v) }));
  const options: fc.Arbitrary<Spoilt>[] = [];
  if (typeof value === 'string') {
    options.push(at('nul', insertInto(value, fc.constant('\u0000'))));
    options.push(at('control', insertInto(value, control)));
    options.push(at('lone surrogate', insertInto(value, loneSurrogate)));
    if (!accepts(schema, 'x'.repeat(HUGE_LENGTH))) options.push(at('huge', huge));
    // Whitespace is malformed only where text is required (or a pattern refuses it).
    if (!accepts(schema, '\u3000')) options.push(at('whitespace only', whitespace));
  }
  const admitted = admittedTypes(schema);
  const wrong = wrongValues.filter((w) => !admitted.has(jsonType(w)));
  if (wrong.length > 0) options.push(at('wrong type', fc.constantFrom(...wrong)));
  if (isObject(value)) {
    const objects = applying(schema, value);
    const required = objects.flatMap((s) => s.required ?? []).filter((k) => Object.hasOwn(value, k));
    if (required.length > 0) {
      options.push(
        fc.constantFrom(...required).map((key) => ({
          kind: 'missing',
          path: [...path, key],
          value: replaceAt(root, path, omit(value, key)),
        })),
      );
    }
    const keyed = (kind: string, key: string, v: unknown) => ({
      kind,
      path: [...path, key],
      value: replaceAt(root, path, withKey(value, key, v)),
    });
    if (objects.every((s) => s.additionalProperties === false)) {
      options.push(fc.constantFrom('extra', 'constructor').map((key) => keyed('unknown field', key, 'x')));
    }
    options.push(fc.constant(keyed('__proto__', '__proto__', { isAdmin: true })));
    options.push(
      fc.constant(keyed('constructor.prototype', 'constructor', { prototype: { isAdmin: true } })),
    );
  }
  return options;
}

function omit(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _gone, ...rest } = value;
  return rest;
}

/** An own property even for `__proto__` (an assignment would set the prototype instead). */
function withKey(value: Record<string, unknown>, key: string, v: unknown): Record<string, unknown> {
  const copy = { ...value };
  Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A well-formed body for the schema with exactly one place spoilt. */
export function spoiltBody(schema: JsonSchema): fc.Arbitrary<Spoilt> {
  return validValue(schema).chain((body) => {
    if (!accepts(schema, body))
      throw new Error(`the generator made a malformed body: ${JSON.stringify(body)}`);
    const options = places(schema, body).flatMap((p) => spoilPlace(body, p));
    return fc.oneof(...options);
  });
}

/** Text as Ajv's coercion turns it into a value of the type (what it cannot turn stays text, and fails). */
function coerce(type: string | undefined, text: string): unknown {
  // Ajv turns any text that loosely equals a number into it: " " becomes 0.
  if ((type === 'integer' || type === 'number') && text !== '') return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Whether a query or path parameter's text passes its schema once coerced. */
function acceptsText(schema: JsonSchema, text: string): boolean {
  return (schema.anyOf ?? schema.oneOf ?? [schema]).some((b) =>
    accepts(b, coerce(Array.isArray(b.type) ? b.type[0] : b.type, text)),
  );
}

const wrongTexts = ['x', '1.5', '-1', '99999999999', 'true', '2026-13-45', '', ' '];
const encode = encodeURIComponent;

/** Query text: repeated keys for arrays, as a browser's form would send them. */
export function queryText(query: Record<string, unknown>): string {
  return Object.entries(query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${encode(k)}=${encode(String(item))}`))
    .join('&');
}

/**
 * A well-formed query with one parameter spoilt. Lone surrogates are left out: a URL carries
 * UTF-8, which cannot hold them (the bodies carry them as JSON escapes).
 */
export function spoiltQuery(schema: JsonSchema): fc.Arbitrary<Spoilt> {
  const properties = schema.properties ?? {};
  return validValue(schema).chain((raw) => {
    if (!accepts(schema, raw))
      throw new Error(`the generator made a malformed query: ${JSON.stringify(raw)}`);
    const query = isObject(raw) ? raw : {};
    const text = (extra: string) => [queryText(query), extra].filter(Boolean).join('&');
    // The spoilt parameter goes last: the query without it, then key=value.
    const replaced = (key: string, kind: string, arb: fc.Arbitrary<string>) =>
      arb.map((v) => ({ kind, path: [key], value: queryText({ ...omit(query, key), [key]: v }) }));
    const options: fc.Arbitrary<Spoilt>[] = [];
    for (const [key, prop] of Object.entries(properties)) {
      const current = typeof query[key] === 'string' ? query[key] : 'a';
      options.push(replaced(key, 'nul', insertInto(current, fc.constant('\u0000'))));
      options.push(replaced(key, 'control', insertInto(current, control)));
      if (!acceptsText(prop, 'x'.repeat(HUGE_LENGTH))) options.push(replaced(key, 'huge', huge));
      if (!acceptsText(prop, '\u3000')) options.push(replaced(key, 'whitespace only', whitespace));
      const wrong = wrongTexts.filter((w) => !acceptsText(prop, w));
      if (wrong.length > 0) options.push(replaced(key, 'wrong type', fc.constantFrom(...wrong)));
      if (prop.type !== 'array') {
        const twice = `${queryText(omit(query, key))}&${encode(key)}=1&${encode(key)}=2`.replace(/^&/, '');
        options.push(fc.constant({ kind: 'repeated', path: [key], value: twice }));
      }
    }
    for (const key of schema.required ?? []) {
      options.push(fc.constant({ kind: 'missing', path: [key], value: queryText(omit(query, key)) }));
    }
    if (schema.additionalProperties === false) {
      for (const key of ['extra', '__proto__', 'constructor', 'hasOwnProperty']) {
        options.push(fc.constant({ kind: 'unknown field', path: [key], value: text(`${key}=x`) }));
      }
    }
    return fc.oneof(...options);
  });
}

/** Path parameters, well-formed and encoded for the URL. */
function validParams(schema: JsonSchema | undefined): fc.Arbitrary<Record<string, string>> {
  if (!schema) return fc.constant({});
  return validValue(schema).map((raw) =>
    Object.fromEntries(Object.entries(isObject(raw) ? raw : {}).map(([k, v]) => [k, encode(String(v))])),
  );
}

/** Path parameters with one spoilt: not of its format, NUL, a control character, or 300 characters long. */
export function spoiltParams(schema: JsonSchema): fc.Arbitrary<Spoilt> {
  const names = Object.keys(schema.properties ?? {});
  return fc
    .tuple(
      validParams(schema),
      fc.constantFrom(...names),
      fc.constantFrom('x', '\u0000', '\u001B', 'a'.repeat(300)),
    )
    .filter(([, name, bad]) => !acceptsText(schema.properties![name]!, bad))
    .map(([params, name, bad]) => ({
      kind: 'bad parameter',
      path: [name],
      value: { ...params, [name]: encode(bad) },
    }));
}
