import { describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from './csv.ts';

describe('the CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","見る")', `'=HYPERLINK("http://evil.example","見る")`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['＝１＋１', "'＝１＋１"],
    ['＠ほーむ', "'＠ほーむ"],
  ])('prefixes %j, which a spreadsheet could evaluate, with a single quote', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it.each(['山田 太郎', 'a=b', '1+1', 'メモ - 2', "'quoted", '', '192.0.2.10'])(
    'leaves %j as it is',
    (cell) => {
      expect(neutraliseCell(cell)).toBe(cell);
    },
  );

  it('writes a BOM, CRLF records, quotes where CSV needs them and neutralised text, numbers as they are', () => {
    const csv = toCsv(
      ['名前', '件数', 'メモ'],
      [
        ['=1+1', -2, 'a,b'],
        ['+81 90', 3, 'line\nbreak'],
        ['\rx', null, undefined],
        ['"@x"', 0, '-'],
      ],
    );
    expect(csv).toBe(
      '\uFEFF名前,件数,メモ\r\n' +
        '\'=1+1,-2,"a,b"\r\n' +
        '\'+81 90,3,"line\nbreak"\r\n' +
        '"\'\rx",,\r\n' +
        '"""@x""",0,\'-\r\n',
    );
  });
});
