import { stringify } from 'csv-stringify/sync';

/** One cell of an exported table. */
export type CsvCell = string | number | null | undefined;

/**
 * A spreadsheet may read a cell that begins with = + - @, a tab or a carriage return as a
 * formula, so a display name such as `=HYPERLINK(…)` would run on the office PC that opens
 * the export (OWASP, "CSV Injection"). Such a cell is prefixed with a single quote: shown as
 * text, the value still readable. Full-width forms typed through a Japanese IME (＝, ＋, －, ＠)
 * fold to these under NFKC and are treated the same.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet will not evaluate. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value.normalize('NFKC')) ? `'${value}` : value;
}

/**
 * The one CSV writer of the server: UTF-8 with a BOM (so Excel on an office PC reads the
 * Japanese correctly), CRLF between records, every text cell neutralised, and a cell with a
 * line break quoted (csv-stringify quotes only the whole CRLF by itself). Numbers are written
 * as they are: a number is never a formula.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return (
    '\uFEFF' +
    stringify([header, ...rows], {
      record_delimiter: '\r\n',
      quoted_match: /[\r\n]/,
      cast: { string: neutraliseCell },
    })
  );
}
