import type { Kysely } from 'kysely';
import { PHONE_PATTERN, normaliseKana, normalisePhone } from '@tsunagu/contract';
import { rewriteRows } from '../rewrite-rows.ts';

/**
 * The boundary now folds ふりがな to hiragana and phone and FAX numbers to ASCII digits and
 * hyphens (contract/src/normalise.ts); rows written before it hold them as typed (「ﾋﾏﾜﾘ」 sorted
 * last, 「０９０－１２３４－５６７８」). Fold them the same way. A number that does not fold into a valid
 * one stays as typed. Records (plan versions, urgent steps, consultations) keep what was written.
 */
// A folded value when it is a valid one, else the value as it was.
const kana = (text: string) => normaliseKana(text) || text;
const validNumber = new RegExp(`^#\\d{3,4}$|${PHONE_PATTERN}`, 'u');
const phone = (text: string) => {
  const folded = normalisePhone(text);
  return validNumber.test(folded) ? folded : text;
};

const columns = [
  { table: 'persons', key: 'id', column: 'kana_display', fold: kana },
  { table: 'users', key: 'id', column: 'kana', fold: kana },
  { table: 'organisations', key: 'id', column: 'kana', fold: kana },
  { table: 'regions', key: 'id', column: 'kana', fold: kana },
  { table: 'persons', key: 'id', column: 'phone', fold: phone },
  { table: 'person_contacts', key: 'id', column: 'phone', fold: phone },
  { table: 'organisations', key: 'id', column: 'phone', fold: phone },
  { table: 'organisations', key: 'id', column: 'fax', fold: phone },
  { table: 'on_call_shifts', key: 'id', column: 'contact_phone', fold: phone },
  { table: 'escalation_tiers', key: 'id', column: 'phone', fold: phone },
  { table: 'organisation_liaison_settings', key: 'organisation_id', column: 'fax_number', fold: phone },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, key, column, fold } of columns) {
    const compute = (row: Record<string, unknown>) => {
      const value = row[column];
      return { [column]: typeof value === 'string' ? fold(value) : null };
    };
    await rewriteRows(db, { table, key, read: [column], write: [column], compute });
  }
}

/** Nothing to undo: the folded forms are what the boundary accepts either way. */
export async function down(): Promise<void> {}
