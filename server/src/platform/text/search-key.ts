import { normaliseKana } from '@tsunagu/contract';
import variants from './variant-map.json' with { type: 'json' };

const variantOf = new Map(Object.entries(variants));

/**
 * Left out of a key: spaces (NFKC made full-width ones ASCII), the 中黒 between names, and
 * variation selectors (葛 with an IVS is 葛 for searching).
 */
function isIgnored(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return /\s/.test(c) || c === '・' || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}
// ヵ and ヶ (hiragana ゕ ゖ after the kana fold) are written for か and け/が (八ヶ岳, 霞ヶ関).
const SMALL_KA_KE: Record<string, string> = { ゕ: 'か', ゖ: 'け' };

/**
 * 検索キー: the form in which names and readings are compared, stored beside them (name_key,
 * kana_key) and computed the same way from what is searched. normaliseKana's fold (NFKC,
 * half-width katakana joined, katakana → hiragana), lower case, old and variant kanji to the
 * MJ縮退マップ's single target (variant-map.json: 髙→高, 﨑→崎, 濵→浜, 齋→斎, 齊→斉, never 斉↔斎),
 * and no spaces or ・. Small kana stay (きょうこ and きようこ are different readings).
 * 「髙橋 ﾀﾛｳ」 → 「高橋たろう」. Idempotent: the key of a key is the same key.
 */
export function searchKey(text: string): string {
  let key = '';
  for (const c of normaliseKana(text).toLowerCase()) {
    if (isIgnored(c)) continue;
    const kana = SMALL_KA_KE[c] ?? c;
    key += variantOf.get(kana) ?? kana;
  }
  return key;
}

/** The stored keys of a name and its reading, for an insert. */
export function searchKeys(name: string, kana: string): { nameKey: string; kanaKey: string } {
  return { nameKey: searchKey(name), kanaKey: searchKey(kana) };
}

/** The stored keys of whichever of a name and its reading an update changes. */
export function changedSearchKeys(change: { name?: string | undefined; kana?: string | undefined }): {
  nameKey?: string;
  kanaKey?: string;
} {
  return {
    ...(change.name !== undefined ? { nameKey: searchKey(change.name) } : {}),
    ...(change.kana !== undefined ? { kanaKey: searchKey(change.kana) } : {}),
  };
}
