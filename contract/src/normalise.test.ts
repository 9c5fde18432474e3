import { describe, expect, it } from 'vitest';
import Value from 'typebox/value';
import { PHONE_PATTERN } from './common.ts';
import { normaliseCode, normaliseInput, normaliseKana, normalisePhone, telUri } from './normalise.ts';
import { CrisisPlanBody } from './plans.ts';
import { RegisterPersonBody } from './persons.ts';

describe('phone and FAX numbers as people type them', () => {
  it.each([
    ['０９０－１２３４－５６７８', '090-1234-5678'],
    ['090 1234 5678', '090-1234-5678'],
    ['０９０\u3000１２３４\u3000５６７８', '090-1234-5678'],
    ['(03)1234-5678', '03-1234-5678'],
    ['（０３）１２３４－５６７８', '03-1234-5678'],
    ['03(1234)5678', '03-1234-5678'],
    ['03ー1234ー5678', '03-1234-5678'],
    ['03‐1234―5678', '03-1234-5678'],
    ['03−1234–5678', '03-1234-5678'],
    ['03—1234ｰ5678', '03-1234-5678'],
    ['03.1234.5678', '03-1234-5678'],
    ['+81-90-1234-5678', '+81-90-1234-5678'],
    ['＋８１ ９０ １２３４ ５６７８', '+81-90-1234-5678'],
    ['  09012345678  ', '09012345678'],
    ['＃７１１９', '#7119'],
    ['110', '110'],
  ])('%s → %s', (typed, stored) => {
    expect(normalisePhone(typed)).toBe(stored);
    expect(stored).toMatch(stored.startsWith('#') ? /^#\d+$/ : new RegExp(PHONE_PATTERN, 'u'));
  });

  it.each(['090-1234-5678 内線12', 'abc', '0', '1'.repeat(21), '090-1234#', '+'])(
    'leaves %s for the pattern to refuse',
    (typed) => {
      expect(normalisePhone(typed)).not.toMatch(new RegExp(PHONE_PATTERN, 'u'));
    },
  );
});

describe('telUri: what a phone link dials', () => {
  it.each([
    ['090-1234-5678', 'tel:09012345678'],
    ['０９０－１２３４－５６７８', 'tel:09012345678'],
    ['(03)1234-5678', 'tel:0312345678'],
    ['+81-90-1234-5678', 'tel:+819012345678'],
    ['#7119', 'tel:%237119'],
    ['090-1234-5678 内線12', 'tel:09012345678'],
    ['０９０－１２３４－５６７８（携帯）', 'tel:09012345678'],
  ])('%s → %s', (stored, uri) => {
    expect(telUri(stored)).toBe(uri);
    expect(uri).toMatch(/^tel:(\+|%23)?[0-9]+$/);
  });
});

describe('ふりがな in one form (hiragana)', () => {
  it.each([
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'やまだ たろう'],
    ['ヤマダ　タロウ', 'やまだ たろう'],
    ['やまだ  たろう ', 'やまだ たろう'],
    ['ﾋﾏﾜﾘ作業所', 'ひまわり作業所'],
    ['ガッコウ', 'がっこう'],
    ['か゛っこう', 'がっこう'],
    ['ヴァイオリン', 'ゔぁいおりん'],
    ['ヷイン', 'ヷいん'],
    ['サトウ・ジョン', 'さとう・じょん'],
  ])('%s → %s', (typed, stored) => {
    expect(normaliseKana(typed)).toBe(stored);
  });
});

describe('PINs and codes', () => {
  it.each([
    ['１２３４５６', '123456'],
    ['123 456', '123456'],
    ['ｋｘ７ーｐ２ｍ', 'KX7-P2M'],
    ['kx7－p2m', 'KX7-P2M'],
    ['abcd efgh ijkl mnop', 'ABCDEFGHIJKLMNOP'],
  ])('%s → %s', (typed, stored) => {
    expect(normaliseCode(typed)).toBe(stored);
  });
});

describe('normaliseInput: the fold the client applies before checking and sending', () => {
  it('folds the marked fields of a body in place, and leaves names as typed', () => {
    const body = {
      name: '髙橋 ﾀﾛｳ',
      kana: 'ﾀｶﾊｼ ﾀﾛｳ',
      birthDate: '1980-01-01',
      phone: '０９０－１２３４－５６７８',
      usesWelfareServices: true,
      teamRole: 'planning_consultation',
    };
    expect(Value.Check(RegisterPersonBody, body)).toBe(false);
    normaliseInput(RegisterPersonBody, body);
    expect(body).toMatchObject({ name: '髙橋 ﾀﾛｳ', kana: 'たかはし たろう', phone: '090-1234-5678' });
    expect(Value.Check(RegisterPersonBody, body)).toBe(true);
  });

  it('follows array items and leaves null and unmarked values alone', () => {
    const body = {
      contacts: [
        { name: '母', phone: '(03)1234-5678' },
        { name: '救急安心センター', phone: '＃７１１９' },
      ],
      notWanted: null,
    };
    normaliseInput(CrisisPlanBody, body);
    expect(body.contacts.map((c) => c.phone)).toEqual(['03-1234-5678', '#7119']);
    expect(body.notWanted).toBeNull();
  });
});
