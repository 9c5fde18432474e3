/**
 * Normalisation at the boundary: numbers, readings and codes as people type them (an IME's
 * full-width digits, half-width katakana, the spaces and brackets of a phone book) folded to one
 * stored form before they are validated, once. Pure functions, no I/O.
 *
 * The contract's builders mark such a field with `x-normalise` (PhoneNumber, Kana, Code in
 * common.ts). The server's validators fold every marked field (an Ajv keyword in
 * server/src/platform/http/validation.ts) and the client's forms fold them before checking and
 * sending (normaliseInput, through validateAgainst), so both see the same value. Only the space
 * folds (NFKC turns the full-width and no-break spaces into it): a tab or another control
 * character stays, for the text rules to refuse. Names are never
 * folded: 髙橋 is stored as 髙橋 (the search key folds old forms for searching).
 */

/** The schema keyword that names a field's fold. */
export const NORMALISE_KEYWORD = 'x-normalise';
export const normaliseKinds = ['phone', 'kana', 'code'] as const;
export type NormaliseKind = (typeof normaliseKinds)[number];

// After NFKC: ASCII hyphen-minus, hyphen, non-breaking hyphen, figure dash, en and em dash,
// horizontal bar, minus sign, and the katakana long vowel mark an IME types for 「ー」.
const HYPHENS = '\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc';

/**
 * 電話・FAX番号 → ASCII digits and hyphens. The rule: NFKC (full-width digits, ＋, （）, spaces);
 * a leading + (international) or # (a short number such as #7119) is kept; spaces, brackets, dots
 * and every hyphen variant (ー－―‐−–—) are separators, a run of them becomes one hyphen and none
 * is kept at either end. Anything else is left for the schema's pattern to refuse.
 * 「０９０－１２３４－５６７８」, 「090 1234 5678」 → 090-1234-5678; 「(03)1234-5678」,
 * 「03(1234)5678」 → 03-1234-5678; 「＋81 90 1234 5678」 → +81-90-1234-5678.
 */
export function normalisePhone(text: string): string {
  const folded = text.normalize('NFKC').replace(/^ +| +$/g, '');
  const prefix = /^[+#]/.test(folded) ? folded[0]! : '';
  return (
    prefix +
    folded
      .slice(prefix.length)
      .replace(new RegExp(`[ ().${HYPHENS}]+`, 'g'), '-')
      .replace(/^-+|-+$/g, '')
  );
}

/**
 * ふりがな in ONE form: hiragana. NFKC (half-width katakana and its sound marks → full-width;
 * a separate ゛ or ゜ joins the kana before it), katakana → hiragana (ヷヸヹヺ have no hiragana
 * and stay), runs of spaces (half- or full-width) → one space, none at either end.
 * 「ﾔﾏﾀﾞ ﾀﾛｳ」, 「ヤマダ タロウ」 (either space), 「やまだ  たろう」 → 「やまだ たろう」.
 */
export function normaliseKana(text: string): string {
  return text
    .replace(/\u309b/g, '\u3099')
    .replace(/\u309c/g, '\u309a')
    .normalize('NFKC')
    .replace(/[\u30a1-\u30f6\u30fd\u30fe]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/ +/g, ' ')
    .replace(/^ | $/g, '');
}

/**
 * 暗証番号・確認コード・返信コード・リカバリーコード: NFKC (full-width digits and letters → ASCII),
 * hyphen variants → '-', spaces removed, upper case (no code here tells cases apart).
 * 「１２３ ４５６」 → 123456; 「ｋｘ７ーｐ２ｍ」 → KX7-P2M.
 */
export function normaliseCode(text: string): string {
  return text
    .normalize('NFKC')
    .replace(new RegExp(`[${HYPHENS}]`, 'g'), '-')
    .replace(/ +/g, '')
    .toUpperCase();
}

/**
 * The tel: URI that dials a number, stored or as typed: the digits of its leading run of digits
 * and hyphens (「090-1234-5678（携帯）」 dials no 携帯), after a leading + (an international number)
 * or an escaped # (a short number such as #7119). 「０９０－１２３４－５６７８」 → tel:09012345678.
 */
export function telUri(phone: string): string {
  const [, prefix = '', number = ''] = /^([+#]?)([0-9-]*)/.exec(normalisePhone(phone)) ?? [];
  return `tel:${prefix === '#' ? '%23' : prefix}${number.replace(/-/g, '')}`;
}

const folds: Record<NormaliseKind, (text: string) => string> = {
  phone: normalisePhone,
  kana: normaliseKana,
  code: normaliseCode,
};

/** The fold a kind names (the server's Ajv keyword calls it too). */
export function normaliserOf(kind: NormaliseKind): (text: string) => string {
  return folds[kind];
}

type SchemaNode = {
  [NORMALISE_KEYWORD]?: NormaliseKind;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(schema: SchemaNode | undefined): NormaliseKind | undefined {
  return schema?.[NORMALISE_KEYWORD] ?? schema?.anyOf?.map(kindOf).find((k) => k !== undefined);
}

function fold(schema: SchemaNode | undefined, value: unknown): unknown {
  if (typeof value === 'string') {
    const kind = kindOf(schema);
    return kind ? folds[kind](value) : value;
  }
  if (Array.isArray(value)) {
    const items = schema?.items ?? schema?.anyOf?.find((a) => a.items)?.items;
    value.forEach((item, i) => (value[i] = fold(items, item)));
  } else if (isRecord(value)) {
    const properties = schema?.properties ?? schema?.anyOf?.find((a) => a.properties)?.properties ?? {};
    for (const [key, child] of Object.entries(properties)) {
      if (Object.hasOwn(value, key)) value[key] = fold(child, value[key]);
    }
  }
  return value;
}

/**
 * Folds, in place, every string of a body that its schema marks with `x-normalise`, as the
 * server's validator does to a request body: what the client checks is what it sends. Follows
 * properties, array items and the branches of a union (string | null).
 */
export function normaliseInput(schema: object, body: object): void {
  fold(schema, body);
}
