import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from './import-file.ts';

// The encoding is judged from the first 64 KB of a file, which may end anywhere in a character.

describe('detectEncoding', () => {
  const cp932 = iconv.encode('グループホーム高橋,０９９－１２３\r\n'.repeat(50), 'cp932');

  it('reads CP932 whether the sample ends on a whole character or inside one', () => {
    const lastWhole = cp932.lastIndexOf(iconv.encode('３', 'cp932')) + 2;
    expect(detectEncoding(cp932.subarray(0, lastWhole))).toEqual({ encoding: 'cp932', bom: false });
    expect(detectEncoding(cp932.subarray(0, lastWhole - 1))).toEqual({ encoding: 'cp932', bom: false });
  });

  it('reads UTF-8 with and without a BOM, and refuses bytes that are neither', () => {
    const utf8 = Buffer.from('グループホーム高橋\r\n', 'utf8');
    expect(detectEncoding(utf8)).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toEqual({
      encoding: 'utf-8',
      bom: true,
    });
    // 0x85 0x40 is outside CP932's table: a replacement before the end.
    expect(() => detectEncoding(Buffer.from([0x41, 0x85, 0x40, 0x41, 0x0d, 0x0a]))).toThrow(/文字コード/);
  });
});
