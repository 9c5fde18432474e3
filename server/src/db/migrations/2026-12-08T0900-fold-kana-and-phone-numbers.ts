import type { Kysely } from 'kysely';
import { PHONE_PATTERN, normaliseKana, normalisePhone } from '@tsunagu/contract';
import { rewriteRows } from '../rewrite-rows.ts';

/**
 * The boundary now folds ふりがな to hiragana and phone and FAX numbers to ASCII digits and
 * hyphens (contract/src/normalise.ts); rows written before it hold them as typed (「ﾋﾏﾜﾘ」 sorted
 * last, 「０９０－１２３４－５６７８」). Fold them the same way. A number that does not fold into a valid
 * one stays as typed. Records (plan versions, urgent steps, consultations) keep what was written.
 */
const kanaColumns = [
  { table: 'persons', key: 'id', column: 'kana_display' },
  { table: 'users', key: 'id', column: 'kana' },
  { table: 'organisations', key: 'id', column: 'kana' },
  { table: 'regions', key: 'id', column: 'kana' },
];
const phoneColumns = [
  { table: 'persons', key: 'id', column: 'phone' },
  { table: 'person_contacts', key: 'id', column: 'phone' },
  { table: 'organisations', key: 'id', column: 'phone' },
  { table: 'organisations', key: 'id', column: 'fax' },
  { table: 'on_call_shifts', key: 'id', column: 'contact_phone' },
  { table: 'escalation_tiers', key: 'id', column: 'phone' },
  { table: 'organisation_liaison_settings', key: 'organisation_id', column: 'fax_number' },
];
const validPhone = new RegExp(PHONE_PATTERN, 'u');

function fold(value: unknown, by: (text: string) => string, isValid: (text: string) => boolean) {
  if (typeof value !== 'string') return null;
  const folded = by(value);
  return isValid(folded) ? folded : value;
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, key, column } of kanaColumns)
    await rewriteRows(db, {
      table,
      key,
      read: [column],
      write: [column],
      compute: (row) => ({ [column]: fold(row[column], normaliseKana, (k) => k !== '') }),
    });
  for (const { table, key, column } of phoneColumns)
    await rewriteRows(db, {
      table,
      key,
      read: [column],
      write: [column],
      compute: (row) => ({ [column]: fold(row[column], normalisePhone, (p) => validPhone.test(p)) }),
    });
}

/** Nothing to undo: the folded forms are what the boundary accepts either way. */
export async function down(): Promise<void> {}
