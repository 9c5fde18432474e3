/**
 * A set of code points as a compact text (a font covers thousands in a few thousand ranges):
 * ranges in ascending order, comma-separated, each `gap` or `gap+extra` in base 36, where gap is
 * the range's first code point minus the previous range's last (0 before the first) and extra
 * its last minus its first. contract/src/pdf-font-coverage.ts is written this way.
 */

/** The ranges [first, last] of an encoded set. */
export function decodeCoverage(encoded: string): [number, number][] {
  const ranges: [number, number][] = [];
  let end = 0;
  for (const entry of encoded.split(',')) {
    const [gap = '0', extra = '0'] = entry.split('+');
    const start = end + parseInt(gap, 36);
    end = start + parseInt(extra, 36);
    ranges.push([start, end]);
  }
  return ranges;
}

/** The inverse of decodeCoverage, from code points in ascending order. */
export function encodeCoverage(codePoints: readonly number[]): string {
  const entries: string[] = [];
  let end = 0;
  let i = 0;
  while (i < codePoints.length) {
    const start = codePoints[i]!;
    let last = start;
    while (codePoints[i + 1] === last + 1) last = codePoints[++i]!;
    entries.push((start - end).toString(36) + (last > start ? `+${(last - start).toString(36)}` : ''));
    end = last;
    i++;
  }
  return entries.join(',');
}
