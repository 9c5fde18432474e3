import { describe, expect, it } from 'vitest';
import { decodeCoverage, encodeCoverage } from './code-point-ranges.ts';
import { printableText, printWarnings, unprintableCharacters, unprintableMessage } from './printable.ts';

describe('characters the PDF font cannot print', () => {
  it('finds emoji, which Noto Sans JP has none of', () => {
    expect(unprintableCharacters('夜は一人が不安😀です😢😀')).toEqual(['😀', '😢']);
  });

  it('tells a rare CJK extension character the font lacks from 𠮷, which it has', () => {
    // U+2A6D6 (CJK Extension B) and U+2CEB0 (Extension F) are not in the font; U+20BB7 𠮷 is.
    expect(unprintableCharacters('𠮷野さん、𪛖と𬺰')).toEqual(['𪛖', '𬺰']);
    expect(unprintableCharacters('𠮷野 髙橋 﨑 ① ㈱ ～ 「本人の言葉」')).toEqual([]);
  });

  it('takes an emoji ZWJ sequence as one character, and a joiner between printable letters as a character of its own', () => {
    expect(unprintableCharacters('家族👨‍👩‍👧と')).toEqual(['👨‍👩‍👧']);
    expect(printableText('家族👨‍👩‍👧と')).toBe('家族〓と');
    // A ZWJ the font has no glyph for would be a silent box between あ and い.
    expect(unprintableCharacters('あ\u200dい')).toHaveLength(1);
  });

  it('prints variation selectors, line breaks and tabs (a tab as a space)', () => {
    expect(unprintableCharacters('葛\u{E0100}城\n♥\uFE0F\r\n列1\t列2')).toEqual([]);
    expect(printableText('列1\t列2')).toBe('列1 列2');
    expect(printableText('葛\u{E0100}城\n次の行')).toBe('葛\u{E0100}城\n次の行');
  });

  it('replaces each unprintable character with 〓 and leaves the rest', () => {
    expect(printableText('つらい時😀は、𪛖さんに電話🙏🏽')).toBe('つらい時〓は、〓さんに電話〓');
  });

  it('warns by field path over a whole request body, skipping keys that are not printed', () => {
    const warnings = printWarnings(
      {
        planDate: '2026-12-08',
        changeNote: '絵文字😀',
        warningSigns: '眠れない😢',
        contacts: [{ name: '母', phone: '090-0000-0000' }, { name: '𪛖さん🙏' }],
      },
      ['changeNote'],
    );
    expect(warnings).toEqual([
      {
        field: 'warningSigns',
        code: 'UNPRINTABLE_CHARACTERS',
        characters: ['😢'],
        message: '印刷できない文字（😢）があります。PDFでは〓と表示されます。',
      },
      {
        field: 'contacts.1.name',
        code: 'UNPRINTABLE_CHARACTERS',
        characters: ['𪛖', '🙏'],
        message: unprintableMessage(['𪛖', '🙏']),
      },
    ]);
  });

  it('encodes a set of code points as ranges and reads them back', () => {
    const codePoints = [0x20, 0x21, 0x22, 0x41, 0x3042, 0x3043, 0x20bb7];
    const encoded = encodeCoverage(codePoints);
    // 0x20 = 32 = 'w' (+2 more); 0x41 − 0x22 = 31 = 'v'; 0x3042 − 0x41 = 12289 = '9hd' (+1); 0x20bb7 − 0x3043 = 121716 = '2lx0'.
    expect(encoded).toBe('w+2,v,9hd+1,2lx0');
    expect(decodeCoverage(encoded)).toEqual([
      [0x20, 0x22],
      [0x41, 0x41],
      [0x3042, 0x3043],
      [0x20bb7, 0x20bb7],
    ]);
  });
});
