import pg from 'pg';
import { runEscalationCases } from '../cases-escalations.ts';

/**
 * Profile: every statement the escalation cases send to PostgreSQL, counted and timed at the
 * driver (200 simultaneous escalations), most frequent first — the round trips one step costs.
 * Run: `node bench/profiles/escalation-statements.ts`.
 */
const counts = new Map<string, { n: number; ms: number }>();
const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = prototype.query;
prototype.query = function (this: unknown, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : '?';
  const key = text.replace(/\s+/g, ' ').slice(0, 140);
  const started = performance.now();
  const r = original.apply(this, args);
  if (r instanceof Promise)
    r.then(
      () => {
        const c = counts.get(key) ?? { n: 0, ms: 0 };
        c.n++;
        c.ms += performance.now() - started;
        counts.set(key, c);
      },
      () => {},
    );
  return r;
};
const results = await runEscalationCases('postgres', { cases: 200, noopJobs: 10 }, console.log);
console.log(results.map((r) => `${r.case} p50 ${r.p50_ms} p99 ${r.p99_ms}`).join('\n'));
for (const [k, v] of [...counts.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 40))
  console.log(String(v.n).padStart(6), (v.ms / v.n).toFixed(2).padStart(7), k);
process.exit(0);
