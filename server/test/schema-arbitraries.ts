import fc from 'fast-check';
import { forbiddenCharacterIn, isBlankText } from '@tsunagu/contract';

/** The parts of JSON Schema the contract uses (TypeBox's output). */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  format?: string;
  pattern?: string;
  'x-normalise'?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

// No whitespace: a value made from these is never blank text.
const textUnit = fc.constantFrom(...'かくうテスト支援計画abcXYZ019（）・ー');
const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringValue(s: JsonSchema): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 40, (s.minLength ?? 0) + 12);
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return day.map((d) => d.slice(0, 10));
    case 'date-time':
      return day;
    case 'email':
      return fc.stringMatching(/^[a-z]{1,10}$/).map((local) => `${local}@example.jp`);
    case 'uri':
      return fc.constant('https://example.jp/tsunagu');
    case 'time':
      return fc.constant('09:30:00+09:00');
  }
  if (s['x-normalise'] === 'phone') {
    // A phone number's pattern counts its digits with a lookahead, which fast-check cannot
    // generate from: numbers are made as people type them, and the schema's pattern decides.
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const pattern = new RegExp(s.pattern ?? '.', 'u');
    return fc
      .tuple(digits(2, 5), digits(1, 4), digits(4, 4))
      .map(([a, b, c]) => `0${a.slice(1)}-${b}-${c}`)
      .filter((v) => pattern.test(v) && v.length <= (s.maxLength ?? Infinity));
  }
  if (s.pattern !== undefined) {
    // A pattern's \s also matches the vertical tab and form feed, which no text may hold.
    return fc
      .stringMatching(new RegExp(s.pattern, 'u'))
      .filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity))
      .filter((v) => forbiddenCharacterIn(v) === null && !isBlankText(v));
  }
  return fc.string({
    unit: textUnit,
    minLength: s.minLength ?? 0,
    maxLength: Math.max(max, s.minLength ?? 0),
  });
}

function numberValue(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : min + 2000);
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
}

function objectValue(s: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, validValue(v)]));
  return fc.record(model, {
    requiredKeys: (s.required ?? []).filter((k) => k in properties),
    noNullPrototype: true,
  });
}

function arrayValue(s: JsonSchema): fc.Arbitrary<unknown[]> {
  const item = validValue(s.items ?? {});
  const minLength = s.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, minLength + 2));
  return s.uniqueItems
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength, maxLength });
}

/** Values the schema accepts: the well-formed requests that a bad-input walk then spoils one field of. */
export function validValue(s: JsonSchema): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map(validValue));
  if (s.allOf) {
    return fc
      .tuple(...s.allOf.map(validValue))
      .map((parts) => Object.assign({}, ...parts.map((p) => (typeof p === 'object' ? p : {}))) as unknown);
  }
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringValue(s);
    case 'integer':
      return numberValue(s, true);
    case 'number':
      return numberValue(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayValue(s);
    case 'object':
      return objectValue(s);
    default:
      // An unconstrained value (Type.Unknown): anything JSON.
      return fc.constant('x');
  }
}
