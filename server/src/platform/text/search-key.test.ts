import { describe, expect, it } from 'vitest';
import variants from './variant-map.json' with { type: 'json' };
import { changedSearchKeys, searchKey } from './search-key.ts';

describe('searchKey (検索キー)', () => {
  it.each([
    ['髙橋', '高橋'],
    ['﨑子', '崎子'],
    ['濵田', '浜田'],
    ['齋藤', '斎藤'],
    ['齊藤', '斉藤'],
    ['𠮷田', '吉田'],
    ['渡邉', '渡辺'],
    ['渡邊', '渡辺'],
    ['髙橋　太郎', '高橋太郎'],
    ['タカハシ タロウ', 'たかはしたろう'],
    ['ﾀｶﾊｼ ﾀﾛｳ', 'たかはしたろう'],
    ['さとう・じょん', 'さとうじょん'],
    ['八ヶ岳ホーム', '八け岳ほーむ'],
    ['ＮＰＯ法人あおば', 'npo法人あおば'],
    ['葛\u{e0100}西', '葛西'],
    ['きょうこ', 'きょうこ'],
  ])('%s → %s', (text, key) => {
    expect(searchKey(text)).toBe(key);
  });

  it('keeps different surnames apart: 斉藤 and 斎藤, 濵 and 瀕, small kana', () => {
    expect(searchKey('斉藤')).not.toBe(searchKey('斎藤'));
    expect(searchKey('齊藤')).not.toBe(searchKey('齋藤'));
    expect(searchKey('濵')).not.toBe(searchKey('瀕'));
    expect(searchKey('きょうこ')).not.toBe(searchKey('きようこ'));
  });

  it('is idempotent: every target of the variant table is a fixed point', () => {
    const table = new Map(Object.entries(variants));
    const refolded = [...table.values()].filter((target) => table.has(target));
    expect(refolded).toEqual([]);
    for (const text of ['髙橋', '渡邉', 'ﾀｶﾊｼ', '齋藤'])
      expect(searchKey(searchKey(text))).toBe(searchKey(text));
  });

  it('gives the keys an update changes, and only those', () => {
    expect(changedSearchKeys({ name: '髙橋' })).toEqual({ nameKey: '高橋' });
    expect(changedSearchKeys({ kana: 'タカハシ' })).toEqual({ kanaKey: 'たかはし' });
    expect(changedSearchKeys({})).toEqual({});
  });
});
