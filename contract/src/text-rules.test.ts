import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import Value from 'typebox/value';
import { EmergencyAccessBody } from './persons.ts';
import { findTextProblem, forbiddenCharacterIn, isBlankText } from './text-rules.ts';

describe('characters no text may hold', () => {
  it('finds NUL, the other C0 controls, DEL and the C1 controls', () => {
    expect(forbiddenCharacterIn('ab\u0000')).toBe('U+0000');
    expect(forbiddenCharacterIn('\u0007')).toBe('U+0007');
    expect(forbiddenCharacterIn('\u000B')).toBe('U+000B');
    expect(forbiddenCharacterIn('\u001B[31m')).toBe('U+001B');
    expect(forbiddenCharacterIn('\u007F')).toBe('U+007F');
    expect(forbiddenCharacterIn('\u0085')).toBe('U+0085');
  });

  it('finds a lone surrogate, high or low, but not a pair', () => {
    expect(forbiddenCharacterIn('a\uD800')).toBe('U+D800');
    expect(forbiddenCharacterIn('\uDC00b')).toBe('U+DC00');
    expect(forbiddenCharacterIn('\uDBFF\uDBFF\uDFFF')).toBe('U+DBFF');
    expect(forbiddenCharacterIn('𠮷野家 🙂')).toBeNull();
  });

  it('keeps tab, line breaks and ordinary Japanese text', () => {
    expect(forbiddenCharacterIn('一行目\r\n\t二行目　（全角）・～')).toBeNull();
  });
});

describe('whitespace-only text', () => {
  it('counts ASCII and full-width spaces, tabs and line breaks as whitespace', () => {
    expect(isBlankText(' '.repeat(12))).toBe(true);
    expect(isBlankText('\u3000'.repeat(12))).toBe(true);
    expect(isBlankText(' \t\r\n\u3000')).toBe(true);
    expect(isBlankText('')).toBe(false);
    expect(isBlankText(' a ')).toBe(false);
  });
});

describe('findTextProblem', () => {
  const body = Type.Object({
    title: Type.String({ minLength: 1, maxLength: 50 }),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
    summary: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()])),
    date: Type.Optional(Type.String({ format: 'date', minLength: 1 })),
    goals: Type.Optional(Type.Array(Type.Object({ text: Type.String({ minLength: 1, maxLength: 50 }) }))),
    tags: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 50 }))),
  });

  it('accepts text with content and optional text left blank', () => {
    expect(findTextProblem(body, { title: ' 訪問 ', note: '   ', summary: null })).toBeNull();
  });

  it('refuses whitespace-only text where the schema asks for text, through unions and arrays', () => {
    expect(findTextProblem(body, { title: '　　' })).toMatchObject({
      keyword: 'blankText',
      instancePath: '/title',
    });
    expect(findTextProblem(body, { title: 'a', summary: ' \n ' })).toMatchObject({
      keyword: 'blankText',
      instancePath: '/summary',
    });
    expect(findTextProblem(body, { title: 'a', goals: [{ text: 'ok' }, { text: '\t' }] })).toMatchObject({
      keyword: 'blankText',
      instancePath: '/goals/1/text',
    });
  });

  it('leaves whitespace to a format, and refuses it where a pattern that asks for text lets it through', () => {
    expect(findTextProblem(body, { title: 'a', date: '   ' })).toBeNull();
    const kana = Type.Object({ kana: Type.String({ pattern: '^[ぁ-ゖ\\s　]+$', maxLength: 20 }) });
    expect(findTextProblem(kana, { kana: '　 ' })).toMatchObject({
      keyword: 'blankText',
      instancePath: '/kana',
    });
    const spacer = Type.Object({ spacer: Type.String({ pattern: '^[0-9 ]*$', maxLength: 6 }) });
    expect(findTextProblem(spacer, { spacer: '  ' })).toBeNull();
  });

  it('refuses a forbidden character in any string or key, even one the schema does not describe', () => {
    expect(findTextProblem(body, { title: 'a', note: 'x\u0000' })).toEqual({
      keyword: 'forbiddenCharacter',
      instancePath: '/note',
      params: { character: 'U+0000' },
    });
    expect(findTextProblem(body, { title: 'a', tags: { 'k\uDC00': 'v' } })).toMatchObject({
      instancePath: '/tags/k\uDC00',
      params: { character: 'U+DC00' },
    });
    expect(findTextProblem(Type.Unknown(), { deep: [{ 'a/b': ['\u0001'] }] })).toMatchObject({
      instancePath: '/deep/0/a~1b/0',
    });
  });

  it('refuses the break-glass reason of twelve spaces that the schema (minLength 10) lets through', () => {
    for (const reason of [' '.repeat(12), '\u3000'.repeat(12)]) {
      const request = { name: '架空 花子', birthDate: '1980-04-01', reason };
      expect(Value.Check(EmergencyAccessBody, request)).toBe(true);
      expect(findTextProblem(EmergencyAccessBody, request)).toMatchObject({
        keyword: 'blankText',
        instancePath: '/reason',
      });
    }
  });
});
