/**
 * Generates server/src/platform/text/variant-map.json, the old and variant kanji forms that the
 * search key folds (髙→高, 﨑→崎, 濵→浜, 齋→斎, 齊→斉, 𠮷→吉), from the MJ縮退マップ of
 * 文字情報技術促進協議会 (CC BY-SA 2.1 JP, © IPA) as the npm package @mandel59/mojidata ships it.
 * Run by hand when the source changes, never at install:
 *
 *   cd "$(mktemp -d)" && npm pack @mandel59/mojidata@1.8.1 && tar xzf mandel59-mojidata-1.8.1.tgz
 *   node scripts/generate-variant-map.ts "$PWD/package/dist/moji.db"
 *
 * The rule (see the README beside the table): each character folds to the map's single reduction
 * target, never through the closure of all its relations (which would join 斉 and 斎, two surnames).
 * 1. The glyph a plain code point shows is the MJ glyph that implements it (実装したUCS); other
 *    glyphs that merely correspond to it are its variants (IVS) and may reduce elsewhere
 *    (辺's variant MJ025759 reduces to 邊), so they are used only when no glyph implements it.
 * 2. Targets: the 戸籍統一文字情報_親字正字 reductions of those glyphs with the fewest hops; if
 *    none, 法務省告示582号別表第四 (一・二, 順位 1); if none, JIS包摂規準UCS統合規則. Never
 *    辞書類等による関連字 or 読み字形による類推 (too loose). NFKC is applied first (the search key
 *    does that already), a character never targets itself.
 * 3. Where a target reduces further in the same map (𢷛 → 據 → 拠, which the map lists as hops 1
 *    and 2), the table holds the end, so the search key is idempotent and applied once. Several
 *    targets that end in one character count as one (邉 → 辺 or 邊 → 辺); otherwise the character is
 *    ambiguous and not folded. Characters on a cycle (址 ⇄ 阯) are not folded.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/generate-variant-map.ts <path to @mandel59/mojidata dist/moji.db>');
  process.exit(2);
}
const out = path.resolve(import.meta.dirname, '../server/src/platform/text/variant-map.json');
const db = new DatabaseSync(source, { readOnly: true });

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const isOneCodePoint = (s: string) => [...s].length === 1;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------- glyphs of each code point
const implementing = new Map<string, string[]>();
const corresponding = new Map<string, string[]>();
for (const row of db
  .prepare('select "MJ文字図形名" as mj, "対応するUCS" as ucs, "実装したUCS" as impl from mji')
  .all()) {
  const mj = text(row.mj);
  if (!mj) continue;
  const impl = text(row.impl);
  const ucs = text(row.ucs);
  if (impl) push(implementing, impl, mj);
  if (ucs) push(corresponding, ucs, mj);
}

// ---------------------------------------------------------------- reductions of each glyph
function reductions(sql: string): Map<string, { target: string; rank: number }[]> {
  const byGlyph = new Map<string, { target: string; rank: number }[]>();
  for (const row of db.prepare(sql).all()) {
    const mj = text(row.mj);
    const target = text(row.target);
    if (mj && target) push(byGlyph, mj, { target, rank: typeof row.rank === 'number' ? row.rank : 1 });
  }
  return byGlyph;
}
const koseki = reductions(
  'select "MJ文字図形名" as mj, "縮退UCS" as target, "ホップ数" as rank from "mjsm_戸籍統一文字情報_親字正字"',
);
const notice = reductions(
  `select "MJ文字図形名" as mj, "縮退UCS" as target, "順位" as rank from "mjsm_法務省告示582号別表第四_一"
   union all select "MJ文字図形名", "縮退UCS", "順位" from "mjsm_法務省告示582号別表第四_二"`,
);
const jis = reductions('select "MJ文字図形名" as mj, "縮退UCS" as target from "mjsm_JIS包摂規準UCS統合規則"');

const fewestHops = (rows: { target: string; rank: number }[]) => {
  const least = Math.min(...rows.map((r) => r.rank));
  return rows.filter((r) => r.rank === least).map((r) => r.target);
};
const sources = [
  { name: '戸籍統一文字情報_親字正字', targets: (mj: string) => fewestHops(koseki.get(mj) ?? []) },
  {
    name: '法務省告示582号別表第四',
    targets: (mj: string) => (notice.get(mj) ?? []).filter((r) => r.rank === 1).map((r) => r.target),
  },
  { name: 'JIS包摂規準UCS統合規則', targets: (mj: string) => (jis.get(mj) ?? []).map((r) => r.target) },
];

// ---------------------------------------------------------------- direct targets
const direct = new Map<string, { targets: string[]; from: string }>();
for (const c of new Set([...implementing.keys(), ...corresponding.keys()])) {
  if (!isOneCodePoint(c) || c.normalize('NFKC') !== c) continue;
  const glyphs = implementing.get(c) ?? corresponding.get(c) ?? [];
  for (const s of sources) {
    const targets = new Set(
      glyphs
        .flatMap((g) => s.targets(g))
        .map((t) => t.normalize('NFKC'))
        .filter((t) => t !== c && isOneCodePoint(t)),
    );
    if (targets.size) {
      direct.set(c, { targets: [...targets], from: s.name });
      break;
    }
  }
}

// ---------------------------------------------------------------- ends of reduction paths
/** Characters on a cycle of direct targets (址 ⇄ 阯): the map disagrees with itself, so none folds. */
function charactersOnCycles(): Set<string> {
  const onCycle = new Set<string>();
  const done = new Set<string>();
  const visit = (c: string, stack: string[]): void => {
    const at = stack.indexOf(c);
    if (at >= 0) {
      for (const x of stack.slice(at)) onCycle.add(x);
      return;
    }
    if (done.has(c)) return;
    for (const t of direct.get(c)?.targets ?? []) visit(t, [...stack, c]);
    done.add(c);
  };
  for (const c of direct.keys()) visit(c, []);
  return onCycle;
}
const onCycle = charactersOnCycles();
const ends = new Map<string, string>();
/** Where c's reductions end: c itself when it has none, they disagree, or it is on a cycle. */
function endOf(c: string): string {
  const known = ends.get(c);
  if (known !== undefined) return known;
  const d = direct.get(c);
  const reached = d && !onCycle.has(c) ? new Set(d.targets.map(endOf)) : new Set<string>();
  const [only] = reached;
  const end = reached.size === 1 && only !== undefined ? only : c;
  ends.set(c, end);
  return end;
}

const map = new Map<string, string>();
const counts = { chained: 0, ambiguous: 0, cycle: onCycle.size, bySource: new Map<string, number>() };
for (const [c, d] of direct) {
  if (onCycle.has(c)) continue;
  const end = endOf(c);
  if (end === c) {
    counts.ambiguous++;
    continue;
  }
  if (!d.targets.includes(end)) counts.chained++;
  map.set(c, end);
  counts.bySource.set(d.from, (counts.bySource.get(d.from) ?? 0) + 1);
}

// ---------------------------------------------------------------- checks, then the file
const expected: [string, string | undefined][] = [
  ['髙', '高'],
  ['﨑', '崎'],
  ['濵', '浜'],
  ['齋', '斎'],
  ['齊', '斉'],
  ['𠮷', '吉'],
  ['邊', '辺'],
  ['邉', '辺'],
  ['斉', undefined],
  ['斎', undefined],
  ['瀕', undefined],
  ['浜', undefined],
  ['高', undefined],
  ['崎', undefined],
  ['辺', undefined],
];
const wrong = expected.filter(([c, t]) => map.get(c) !== t);
const chains = [...map.values()].filter((t) => map.has(t));
if (wrong.length || chains.length) {
  console.error(
    'unexpected:',
    wrong.map(([c, t]) => `${c}→${map.get(c) ?? '∅'} (expected ${t ?? '∅'})`),
  );
  console.error('targets that fold again:', chains.slice(0, 20));
  process.exit(1);
}
const sorted = [...map].sort(([a], [b]) => a.codePointAt(0)! - b.codePointAt(0)!);
writeFileSync(out, `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
console.log(`${map.size} entries → ${path.relative(process.cwd(), out)}`);
for (const [name, n] of counts.bySource) console.log(`  from ${name}: ${n}`);
console.log(`  ends of longer reduction paths: ${counts.chained}`);
console.log(`  not folded: ${counts.ambiguous} ambiguous, ${counts.cycle} on a cycle`);
