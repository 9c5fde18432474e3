/**
 * Normalises Japanese readings for search: NFKC (half-width katakana → full-width),
 * katakana → hiragana, and no spaces (half- or full-width), so 「ヤマダ タロウ」, 「やまだ たろう」 and 「ﾔﾏﾀﾞﾀﾛｳ」 all
 * become 「やまだたろう」.
 */
export function normaliseKana(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000・]/g, '');
}
