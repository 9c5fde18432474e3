import { BLANK_TEXT, FORBIDDEN_CHARACTER } from './text-rules.ts';

/**
 * Turns a JSON-Schema validation error (Ajv on the server, TypeBox's Value.Errors in the
 * client; both report keyword / instancePath / params) into a Japanese message that names
 * the field by its title and its key, so a care worker and a program both know what to fix.
 */

export interface SchemaValidationError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. "hours.0.opensAt". Empty for the whole body. */
  field: string;
  message: string;
}

type JsonSchema = {
  title?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  type?: string | string[];
  format?: string;
};

const typeNames: Record<string, string> = {
  string: '文字列',
  number: '数値',
  integer: '整数',
  boolean: '真偽値',
  object: 'オブジェクト',
  array: '配列',
  null: 'null',
};

const formatNames: Record<string, string> = {
  email: 'メールアドレス',
  date: '日付（YYYY-MM-DD）',
  'date-time': '日時（ISO 8601）',
  uuid: 'ID（UUID）',
  uri: 'URL',
};

function pathSegments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function childSchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.properties?.[key]) return schema.properties[key];
  if (schema.items && /^\d+$/.test(key)) return schema.items;
  for (const alt of schema.anyOf ?? []) {
    const found = childSchema(alt, key);
    if (found) return found;
  }
  return undefined;
}

function schemaAt(root: JsonSchema | undefined, segments: string[]): JsonSchema | undefined {
  let current = root;
  for (const seg of segments) current = childSchema(current, seg);
  return current;
}

function label(schema: JsonSchema | undefined, segments: string[]): string {
  const key = segments.filter((s) => !/^\d+$/.test(s)).at(-1) ?? '';
  const title = schema?.title ?? schema?.anyOf?.find((a) => a.title)?.title;
  if (title && key) return `「${title}」(${key})`;
  if (title) return `「${title}」`;
  return key ? `「${key}」` : '入力';
}

/** Describes one validation error; `root` is the schema of the part that failed (body, query, params). */
export function describeValidationError(
  root: unknown,
  error: SchemaValidationError,
  part: 'body' | 'querystring' | 'params' | 'headers' = 'body',
): FieldProblem {
  const rootSchema = root as JsonSchema | undefined;
  let segments = pathSegments(error.instancePath);
  const p = error.params;
  if (error.keyword === 'required') {
    // Ajv names one missing property; TypeBox's Value.Errors lists them.
    const listed: unknown = Array.isArray(p.requiredProperties)
      ? (p.requiredProperties as unknown[])[0]
      : undefined;
    const missing = typeof p.missingProperty === 'string' ? p.missingProperty : listed;
    if (typeof missing === 'string') segments = [...segments, missing];
  }
  if (error.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
    const field = [...segments, p.additionalProperty].join('.');
    return { field, message: `「${p.additionalProperty}」は受け付けられない項目です。` };
  }
  if (error.keyword === 'additionalProperties' && Array.isArray(p.additionalProperties)) {
    const name = String(p.additionalProperties[0]);
    return { field: [...segments, name].join('.'), message: `「${name}」は受け付けられない項目です。` };
  }
  const schema = schemaAt(rootSchema, segments);
  const name = label(schema, segments);
  const field = segments.join('.');
  const where = part === 'querystring' ? '（検索条件）' : part === 'params' ? '（URL）' : '';
  const message = ((): string => {
    switch (error.keyword) {
      case 'required':
        return `${name}は必須です。`;
      case 'type': {
        const t =
          (Array.isArray(p.type) ? String(p.type[0]) : typeof p.type === 'string' ? p.type : '').split(
            ',',
          )[0] ?? '';
        return `${name}の型が正しくありません（${typeNames[t] ?? t}で指定してください）。`;
      }
      case 'maxLength':
        return `${name}は${String(p.limit)}文字以内で入力してください。`;
      case 'minLength':
        return Number(p.limit) <= 1
          ? `${name}を入力してください。`
          : `${name}は${String(p.limit)}文字以上で入力してください。`;
      case 'format':
        return `${name}の形式が正しくありません（${formatNames[String(p.format)] ?? String(p.format)}）。`;
      case 'pattern':
        return `${name}の形式が正しくありません。`;
      case 'minimum':
      case 'exclusiveMinimum':
        return `${name}は${String(p.limit)}以上にしてください。`;
      case 'maximum':
      case 'exclusiveMaximum':
        return `${name}は${String(p.limit)}以下にしてください。`;
      case 'minItems':
        return `${name}は${String(p.limit)}件以上指定してください。`;
      case 'maxItems':
        return `${name}は${String(p.limit)}件以内にしてください。`;
      case FORBIDDEN_CHARACTER:
        return `${name}に使用できない文字（制御文字など）が含まれています。`;
      case BLANK_TEXT:
        return `${name}は空白だけでは入力できません。`;
      case 'uniqueItems':
        return `${name}に重複があります。`;
      case 'enum':
      case 'const':
      case 'anyOf':
      case 'oneOf':
        return `${name}の値が正しくありません。`;
      default:
        return `${name}の値が正しくありません。`;
    }
  })();
  return { field, message: message + where };
}
