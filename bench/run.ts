import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Database } from '../server/src/db/database.ts';
import { scaleNames, type ScaleName } from '../server/src/synthetic/scales.ts';
import { runDatabaseCases } from './cases-db.ts';
import { runDirectoryCases } from './cases-directory.ts';
import { runEscalationCases } from './cases-escalations.ts';
import { runHttpCases } from './cases-http.ts';
import { adminUrl, prepare, type Engine } from './prepare.ts';
import { machine, mergeResults, printTable, writeReports } from './report.ts';
import { result, summarise, timeCalls, type Result, type Summary } from './stats.ts';

/**
 * `npm run bench`: the benchmark suite on both engines. `--scale small|medium|city` (city runs
 * on PostgreSQL, with PGlite at medium), `--quick` for the CI smoke run, `--report` to write
 * docs/benchmarks.json and docs/benchmarks.md.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    engines: { type: 'string', default: 'pglite,postgres' },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    /**
     * Which groups to run: city (database and HTTP cases on the synthetic city), escalation,
     * directory (import and search of the community resource directory on its own database).
     */
    only: { type: 'string', default: 'city,escalation,directory' },
  },
});
const scale = values.scale as ScaleName;
if (!scaleNames.includes(scale)) throw new Error(`--scale must be one of ${scaleNames.join(', ')}`);
const engines = values.engines.split(',') as Engine[];
const seed = Number(values.seed);
const quick = values.quick;
const log = (line: string) => console.log(line);
const groups = new Set(values.only.split(','));

async function rawNotifyRoundTrip(database: Database, n: number): Promise<Summary> {
  if (database.pglite) {
    const pglite = database.pglite;
    let resolveNext: () => void = () => {};
    const unlisten = await pglite.listen('bench_ping', () => resolveNext());
    const { samples } = await timeCalls(n, async () => {
      const got = new Promise<void>((r) => (resolveNext = r));
      await pglite.query(`notify bench_ping, 'x'`);
      await got;
    });
    await unlisten();
    return summarise(samples);
  }
  const url = database.pool!.options.connectionString!;
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await listener.connect();
  await sender.connect();
  await listener.query('listen bench_ping');
  let resolveNext: () => void = () => {};
  listener.on('notification', () => resolveNext());
  const { samples } = await timeCalls(n, async () => {
    const got = new Promise<void>((r) => (resolveNext = r));
    await sender.query(`notify bench_ping, 'x'`);
    await got;
  });
  await listener.end();
  await sender.end();
  return summarise(samples);
}

async function postgresVersion(): Promise<string | null> {
  try {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    const row = (await client.query('show server_version')).rows[0] as { server_version: string };
    await client.end();
    return row.server_version;
  } catch {
    return null;
  }
}

const all: Result[] = [];
for (const engine of engines) {
  if (groups.has('escalation')) {
    log(`\n== ${engine}: off-hours escalation and the job queue`);
    all.push(
      ...(await runEscalationCases(
        engine,
        { cases: quick ? 100 : 1000, noopJobs: quick ? 1000 : 5000 },
        log,
      )),
    );
  }
  if (groups.has('directory')) {
    log(`\n== ${engine}: the community resource directory`);
    all.push(
      ...(await runDirectoryCases(
        engine,
        quick
          ? { entries: 2000, importRows: 1000, iterations: 50 }
          : { entries: 100_000, importRows: 50_000, iterations: 1000 },
        log,
      )),
    );
  }
  if (!groups.has('city')) continue;
  const engineScale: ScaleName = engine === 'pglite' && scale === 'city' ? 'medium' : scale;
  log(`\n== ${engine}, ${engineScale} city (seed ${seed})`);
  const prepared = await prepare(engine, engineScale, seed, log);
  const database = await prepared.open();
  let rawNotify: Summary;
  try {
    log('  database: timeline, my persons, raw NOTIFY round trip');
    all.push(...(await runDatabaseCases(prepared, database, quick ? 100 : 2000)));
    rawNotify = await rawNotifyRoundTrip(database, quick ? 50 : 500);
    all.push(
      result(
        { case: 'live.raw_notify_round_trip', engine, scale: engineScale },
        rawNotify,
        null,
        null,
        'baseline: NOTIFY from one connection to a LISTEN on another (PGlite: in process)',
      ),
    );
  } finally {
    await database.close();
  }
  all.push(
    ...(await runHttpCases(
      prepared,
      {
        seconds: quick ? 1 : 10,
        postIntervalMs: 4000,
        livePosts: quick ? 10 : 100,
        fanOut: quick ? [100] : [100, 1000],
        rawNotify,
      },
      log,
    )),
  );
}

const pgliteTimeline = all.find((r) => r.engine === 'pglite' && r.case === 'http.timeline_throughput');
const pgTimeline = all.find((r) => r.engine === 'postgres' && r.case === 'http.timeline_throughput');
if (pgliteTimeline && pgTimeline) {
  const ratio = pgliteTimeline.throughput_per_s / pgTimeline.throughput_per_s;
  all.push({
    ...pgliteTimeline,
    case: 'http.pglite_vs_postgres',
    baseline: `postgres/${pgTimeline.scale} http.timeline_throughput`,
    baseline_p50_ms: pgTimeline.p50_ms,
    baseline_p99_ms: pgTimeline.p99_ms,
    baseline_throughput_per_s: pgTimeline.throughput_per_s,
    ratio: Math.round(ratio * 1000) / 1000,
    target: 'PGlite route throughput ≥ 25% of PostgreSQL’s',
    met: ratio >= 0.25,
  });
}

printTable(all, log);
const resultsDir = path.resolve(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(all, null, 2));
if (values.report) {
  const { readFileSync } = await import('node:fs');
  const pgliteVersion = (
    JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../node_modules/@electric-sql/pglite/package.json'),
        'utf8',
      ),
    ) as { version: string }
  ).version;
  const notesFile = path.resolve(import.meta.dirname, 'notes.md');
  const m = machine(await postgresVersion(), pgliteVersion);
  await writeReports(mergeResults(all, m), m, readFileSync(notesFile, 'utf8'));
  log('wrote docs/benchmarks.json and docs/benchmarks.md');
}
const missed = all.filter((r) => r.met === false);
log(
  missed.length === 0
    ? 'every target met'
    : `targets missed: ${missed.map((r) => `${r.engine}/${r.case}`).join(', ')} (see the report)`,
);
process.exit(0);
