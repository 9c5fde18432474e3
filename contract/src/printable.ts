import { Type } from 'typebox';
import { decodeCoverage } from './code-point-ranges.ts';
import { PDF_FONT_COVERAGE } from './pdf-font-coverage.ts';

/**
 * Whether text will print in our PDFs (plans, crisis plans, liaison sheets), decided once for
 * the server, which replaces what will not print, and the client, which warns beside the field.
 * The PDF font (Noto Sans JP) has no emoji and not every rare kanji; pdfkit would draw such a
 * character as an empty box that reads like ☒, silently. Instead it prints as 〓 (geta), the
 * Japanese typesetter's mark for a character that could not be set, and the writer is told.
 */

/** What an unprintable character becomes in a PDF. */
export const UNPRINTABLE_MARK = '〓';

export const UNPRINTABLE_CHARACTERS = 'UNPRINTABLE_CHARACTERS';

/** A text that will not print as typed: a warning, never a refusal. */
export interface PrintWarning {
  /** Dotted path of the field, as in validation errors ("contacts.0.name"). */
  field: string;
  code: typeof UNPRINTABLE_CHARACTERS;
  /** Each distinct character (a user-perceived one: an emoji sequence is one) in order of appearance. */
  characters: string[];
  message: string;
}

/** The `warnings` of a write whose text goes into a PDF. */
export const PrintWarnings = Type.Array(
  Type.Object({
    field: Type.String(),
    code: Type.Literal(UNPRINTABLE_CHARACTERS),
    characters: Type.Array(Type.String()),
    message: Type.String(),
  }),
);

let coverage: [number, number][] | null = null;

/** Whether the font has a glyph for a code point (binary search over the ranges, decoded once). */
function inFont(codePoint: number): boolean {
  coverage ??= decodeCoverage(PDF_FONT_COVERAGE);
  let low = 0;
  let high = coverage.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [start, end] = coverage[mid]!;
    if (codePoint < start) high = mid - 1;
    else if (codePoint > end) low = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Whether a code point prints: the font has it, or the writer never draws it — line breaks
 * (pdfkit breaks the line) and variation selectors (fontkit folds them into the character
 * before them, so 葛󠄀 prints as 葛).
 */
export function isPrintableCodePoint(codePoint: number): boolean {
  if (codePoint === 0x0a || codePoint === 0x0d) return true;
  if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef))
    return true;
  return inFont(codePoint);
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** A grapheme prints only if all its code points do: 👨‍👩‍👧 is one unprintable character, not five. */
function isPrintableGrapheme(grapheme: string): boolean {
  for (const char of grapheme) if (!isPrintableCodePoint(char.codePointAt(0)!)) return false;
  return true;
}

/** A tab has no glyph either, but reads as a space: it prints as one rather than as 〓. */
const TAB = '\t';

/** The distinct characters of a text that will not print, in order of appearance. */
export function unprintableCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const { segment } of segmenter.segment(text))
    if (segment !== TAB && !isPrintableGrapheme(segment)) found.add(segment);
  return [...found];
}

/** The text as the PDF prints it: each unprintable character as 〓, a tab as a space. */
export function printableText(text: string): string {
  // Most text prints as it is: skip the segmentation.
  let plain = true;
  for (const char of text)
    if (!isPrintableCodePoint(char.codePointAt(0)!)) {
      plain = false;
      break;
    }
  if (plain) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text))
    out += segment === TAB ? ' ' : isPrintableGrapheme(segment) ? segment : UNPRINTABLE_MARK;
  return out;
}

/** 「印刷できない文字（😀）があります。PDFでは〓と表示されます。」 */
export function unprintableMessage(characters: readonly string[]): string {
  return `印刷できない文字（${characters.join('')}）があります。PDFでは${UNPRINTABLE_MARK}と表示されます。`;
}

/**
 * Warnings for every text in a request body that will not print, by field path. Walks plain
 * JSON (objects, arrays, strings); keys in `skip` are not printed and are not checked.
 */
export function printWarnings(body: unknown, skip: readonly string[] = [], path = ''): PrintWarning[] {
  if (typeof body === 'string') {
    const characters = unprintableCharacters(body);
    return characters.length === 0
      ? []
      : [{ field: path, code: UNPRINTABLE_CHARACTERS, characters, message: unprintableMessage(characters) }];
  }
  const entries: [string, unknown][] = Array.isArray(body)
    ? body.map((v, i): [string, unknown] => [String(i), v])
    : body !== null && typeof body === 'object'
      ? Object.entries(body).filter(([key]) => !skip.includes(key))
      : [];
  return entries.flatMap(([key, value]) => printWarnings(value, skip, path ? `${path}.${key}` : key));
}
