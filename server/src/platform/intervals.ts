/**
 * Half-open time intervals [from, to) in epoch milliseconds, and the set operations the business
 * calendars and the on-call coverage check are built from. Inputs need not be sorted; outputs are
 * sorted, disjoint and never touch (adjacent intervals are merged).
 */
export interface Interval {
  from: number;
  to: number;
}

/** The union of intervals: sorted, disjoint, adjacent ones merged, empty ones dropped. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ from: i.from, to: i.to });
  }
  return out;
}

/** What of `base` no interval of `minus` covers. */
export function subtract(base: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const cut = union(minus);
  const out: Interval[] = [];
  for (const b of union(base)) {
    let from = b.from;
    for (const c of cut) {
      if (c.to <= from) continue;
      if (c.from >= b.to) break;
      if (c.from > from) out.push({ from, to: c.from });
      from = Math.max(from, c.to);
      if (from >= b.to) break;
    }
    if (from < b.to) out.push({ from, to: b.to });
  }
  return out;
}

/** The parts of intervals inside [from, to). */
export function clip(intervals: readonly Interval[], from: number, to: number): Interval[] {
  return union(intervals.map((i) => ({ from: Math.max(i.from, from), to: Math.min(i.to, to) })));
}
