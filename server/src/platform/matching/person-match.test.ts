import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { personCandidates, personMatch, type PersonDescription, type PersonMatch } from './person-match.ts';

const hanako: PersonDescription = {
  name: '斎藤 花子',
  kana: 'さいとう はなこ',
  birthDate: '1985-04-01',
  phone: '090-1234-5678',
};

type Row = [string, PersonDescription, PersonDescription, PersonMatch['match'], string[], string[]];

// [what, a, b, verdict, on, against]
const table: Row[] = [
  ['the same record', hanako, hanako, 'same', ['name', 'kana', 'birthDate', 'phone'], []],
  [
    'old and variant forms, half-width kana, full-width phone',
    hanako,
    { name: '齋藤　花子', kana: 'ｻｲﾄｳ ﾊﾅｺ', birthDate: '1985-04-01', phone: '０９０－１２３４－５６７８' },
    'same',
    ['name', 'kana', 'birthDate', 'phone'],
    [],
  ],
  [
    'name and birth date, no reading on one side',
    hanako,
    { name: '斎藤花子', birthDate: '1985-04-01' },
    'same',
    ['name', 'birthDate'],
    [],
  ],
  [
    'reading and birth date only (an anonymous caller)',
    { kana: 'サイトウ ハナコ', birthDate: '1985-04-01' },
    hanako,
    'same',
    ['kana', 'birthDate'],
    [],
  ],
  [
    'name and the same number in international form, no birth date',
    { name: '斎藤 花子', phone: '+81 90 1234 5678' },
    hanako,
    'same',
    ['name', 'phone'],
    [],
  ],
  [
    'a changed phone number proves nothing against',
    { ...hanako, phone: '03-0000-0000' },
    hanako,
    'same',
    ['name', 'kana', 'birthDate'],
    ['phone'],
  ],
  ['name only: nothing confirms it', { name: '斎藤 花子' }, hanako, 'possible', ['name'], []],
  [
    '斉藤 for 斎藤, same reading and birthday: someone must look',
    { ...hanako, name: '斉藤 花子', phone: null },
    hanako,
    'possible',
    ['kana', 'birthDate'],
    ['name'],
  ],
  [
    '斉藤 and 斎藤 with different readings',
    { name: '斉藤 花子', kana: 'せいとう はなこ', birthDate: '1985-04-01' },
    hanako,
    'none',
    ['birthDate'],
    ['name', 'kana'],
  ],
  [
    'same reading, another birth date',
    { kana: 'さいとう はなこ', birthDate: '1990-04-01' },
    hanako,
    'none',
    ['kana'],
    ['birthDate'],
  ],
  [
    'same name, another reading (高橋 たかはし and たかばし)',
    { name: '高橋 花子', kana: 'たかはし はなこ', birthDate: '1985-04-01' },
    { name: '髙橋 花子', kana: 'たかばし はなこ', birthDate: '1985-04-01' },
    'none',
    ['name', 'birthDate'],
    ['kana'],
  ],
  [
    'same everything but the birth date, same phone',
    { ...hanako, birthDate: '1985-04-02' },
    hanako,
    'none',
    ['name', 'kana', 'phone'],
    ['birthDate'],
  ],
  [
    'birth date and phone alike, nothing about the name',
    { birthDate: '1985-04-01', phone: '090-1234-5678' },
    hanako,
    'none',
    ['birthDate', 'phone'],
    [],
  ],
  ['nothing known', {}, hanako, 'none', [], []],
  [
    'blank fields count as unknown',
    { name: ' ', kana: '', birthDate: '1985-04-01' },
    hanako,
    'none',
    ['birthDate'],
    [],
  ],
  [
    'small kana tell readings apart (きょうこ, きようこ)',
    { name: '佐藤 京子', kana: 'さとう きょうこ', birthDate: '1970-01-01' },
    { name: '佐藤 京子', kana: 'さとう きようこ', birthDate: '1970-01-01' },
    'none',
    ['name', 'birthDate'],
    ['kana'],
  ],
];

describe('personMatch (本人照合)', () => {
  it.each(table)('%s', (_what, a, b, match, on, against) => {
    expect(personMatch(a, b)).toEqual({ match, on, against });
    // The verdict does not depend on which side is which.
    expect(personMatch(b, a).match).toBe(match);
  });
});

describe('personCandidates: the SQL side of 本人照合', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('finds persons whose name or reading has the same search key, born that day when it is known', async () => {
    t = await createTestApp();
    const db = t.database.db;
    const lead = await signIn(
      t.app,
      await createUser(db, { organisationId: await createOrganisation(db) }),
      t.clock,
    );
    await registerPerson(lead, { name: '髙橋 花子', kana: 'たかはし はなこ', birthDate: '1985-04-01' });
    await registerPerson(lead, { name: '高橋 花子', kana: 'たかはし はなこ', birthDate: '1990-01-01' });
    await registerPerson(lead, { name: '斎藤 花子', kana: 'さいとう はなこ', birthDate: '1985-04-01' });
    const candidates = async (d: PersonDescription) => {
      const where = personCandidates('p', d);
      if (!where) return undefined;
      const found = await sql<{
        name: string;
      }>`select p.name from persons p where ${where} order by p.name`.execute(db);
      return found.rows.map((r) => r.name);
    };
    expect(await candidates({ name: '高橋 花子', birthDate: '1985-04-01' })).toEqual(['髙橋 花子']);
    expect(await candidates({ name: '高橋花子' })).toEqual(['高橋 花子', '髙橋 花子']);
    expect(await candidates({ kana: 'ｻｲﾄｳ ﾊﾅｺ', birthDate: '1985-04-01' })).toEqual(['斎藤 花子']);
    expect(await candidates({ name: '斉藤 花子', birthDate: '1985-04-01' })).toEqual([]);
    expect(await candidates({ birthDate: '1985-04-01', phone: '090-1234-5678' })).toBeUndefined();
  });
});
