import { sql, type RawBuilder } from 'kysely';
import { normalisePhone } from '@tsunagu/contract';
import { searchKey } from '../text/search-key.ts';

/**
 * 本人照合: whether two descriptions of a person denote the same person, decided in one place for
 * every caller (a duplicate at registration, a DV excluded contact, an anonymous consultation to
 * link, an excluded invitee to refuse, break-glass). Find candidates in SQL within the caller's
 * scope with `personCandidates`, then confirm each with `personMatch`.
 */

/** What is known of a person; any part may be missing (an anonymous caller gives a reading only). */
export interface PersonDescription {
  name?: string | null;
  kana?: string | null;
  /** 'YYYY-MM-DD'. */
  birthDate?: string | null;
  phone?: string | null;
}

export type MatchGround = 'name' | 'kana' | 'birthDate' | 'phone';

export interface PersonMatch {
  /** same: treat as one person; possible: ask a person to look; none: different, or nothing to go on. */
  match: 'same' | 'possible' | 'none';
  /** The parts known on both sides that agree. */
  on: MatchGround[];
  /** The parts known on both sides that disagree. */
  against: MatchGround[];
}

/** A number as both sides would dial it at home: digits, +81 read as the leading 0. */
function dialledDigits(phone: string): string {
  const digits = normalisePhone(phone).replace(/[^0-9+]/g, '');
  return digits.startsWith('+81') ? `0${digits.slice(3)}` : digits;
}

const comparers: Record<MatchGround, (text: string) => string> = {
  name: searchKey,
  kana: searchKey,
  birthDate: (date) => date.trim(),
  phone: dialledDigits,
};

/**
 * The rule. Names and readings are compared by their search keys (髙橋 = 高橋, ﾀｶﾊｼ = たかはし;
 * 斉藤 ≠ 斎藤), phone numbers by their digits. A birth date or a reading that differs means another
 * person (none), whatever else agrees; a differing phone number proves nothing (people change
 * them). Then:
 * - same: the name or the reading agrees, and the birth date or the phone number agrees, and the
 *   name does not differ;
 * - possible: the name or the reading agrees but nothing else confirms it, or the reading and the
 *   birth date agree while the written name differs (斉藤 for 斎藤, さいとう, same birthday);
 * - none: otherwise.
 */
export function personMatch(a: PersonDescription, b: PersonDescription): PersonMatch {
  const on: MatchGround[] = [];
  const against: MatchGround[] = [];
  for (const ground of ['name', 'kana', 'birthDate', 'phone'] as const) {
    const x = a[ground]?.trim() ? comparers[ground](a[ground]) : '';
    const y = b[ground]?.trim() ? comparers[ground](b[ground]) : '';
    if (!x || !y) continue;
    (x === y ? on : against).push(ground);
  }
  const agrees = (g: MatchGround) => on.includes(g);
  const differs = (g: MatchGround) => against.includes(g);
  const named = agrees('name') || agrees('kana');
  const confirmed = agrees('birthDate') || agrees('phone');
  const verdict = (match: PersonMatch['match']): PersonMatch => ({ match, on, against });
  if (differs('birthDate') || differs('kana') || !named) return verdict('none');
  if (confirmed && !differs('name')) return verdict('same');
  return verdict('possible');
}

/**
 * The candidates for `personMatch` among persons (alias `p` of the caller's query, within its
 * scope): the name's or the reading's search key equal, and the birth date when it is known (the
 * persons_birth_date index narrows it). Undefined when neither a name nor a reading is known.
 */
export function personCandidates(
  alias: string,
  d: Pick<PersonDescription, 'name' | 'kana' | 'birthDate'>,
): RawBuilder<boolean> | undefined {
  const nameKey = d.name ? searchKey(d.name) : '';
  const kanaKey = d.kana ? searchKey(d.kana) : '';
  const keys = [
    ...(nameKey ? [sql`${sql.ref(`${alias}.name_key`)} = ${nameKey}`] : []),
    ...(kanaKey ? [sql`${sql.ref(`${alias}.kana_key`)} = ${kanaKey}`] : []),
  ];
  if (!keys.length) return undefined;
  const born = d.birthDate ? sql`${sql.ref(`${alias}.birth_date`)} = ${d.birthDate}::date` : sql`true`;
  return sql<boolean>`((${sql.join(keys, sql` or `)}) and ${born})`;
}
