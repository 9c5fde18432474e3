/** One benchmark figure, as docs/benchmarks.json records it. */
export interface Result {
  case: string;
  engine: 'pglite' | 'postgres';
  scale: string;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  throughput_per_s: number;
  samples: number;
  baseline: string | null;
  baseline_p50_ms: number | null;
  baseline_p99_ms: number | null;
  baseline_throughput_per_s: number | null;
  /** The figure the target compares (e.g. p99 / baseline p99), or null when there is no target. */
  ratio: number | null;
  target: string | null;
  met: boolean | null;
  note?: string;
  /** The machine and time of the run that measured it (a report merges several runs). */
  run?: string;
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
  samples: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarise(samplesMs: number[], elapsedMs?: number): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = elapsedMs ?? samplesMs.reduce((a, b) => a + b, 0);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    throughput: total > 0 ? (samplesMs.length / total) * 1000 : 0,
    samples: samplesMs.length,
  };
}

/** Times `fn` sequentially `n` times after `warmup` runs; returns per-call milliseconds. */
export async function timeCalls(
  n: number,
  fn: (i: number) => Promise<unknown>,
  warmup = Math.min(20, n),
): Promise<{ samples: number[]; elapsed: number }> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return { samples, elapsed: performance.now() - start };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function result(
  base: Pick<Result, 'case' | 'engine' | 'scale'>,
  measured: Summary,
  baseline: { name: string; summary: Summary } | null,
  target: { text: string; ratio: number; met: boolean } | null,
  note?: string,
): Result {
  return {
    ...base,
    p50_ms: round(measured.p50, 3),
    p95_ms: round(measured.p95, 3),
    p99_ms: round(measured.p99, 3),
    throughput_per_s: round(measured.throughput, 1),
    samples: measured.samples,
    baseline: baseline?.name ?? null,
    baseline_p50_ms: baseline ? round(baseline.summary.p50, 3) : null,
    baseline_p99_ms: baseline ? round(baseline.summary.p99, 3) : null,
    baseline_throughput_per_s: baseline ? round(baseline.summary.throughput, 1) : null,
    ratio: target ? round(target.ratio, 3) : null,
    target: target?.text ?? null,
    met: target ? target.met : null,
    ...(note ? { note } : {}),
  };
}
