import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../server/src/db/tables.ts';
import { likePattern } from '../server/src/db/sql-text.ts';
import { searchDirectory } from '../server/src/features/directory/directory-search.repository.ts';
import { createDirectoryImportService } from '../server/src/features/directory/directory-import.service.ts';
import { openingMoment } from '../server/src/features/directory/directory.service.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { systemContext } from '../server/src/platform/context.ts';
import { searchKey } from '../server/src/platform/text/search-key.ts';
import { officialCsv, officialRow } from '../server/test/directory-fixtures.ts';
import { freshDatabase } from './cases-escalations.ts';
import type { Engine } from './prepare.ts';
import { result, summarise, timeCalls, type Result } from './stats.ts';

/** Published service names the synthetic rows rotate through (as 障害福祉サービス等情報公表 writes them). */
const services = [
  '共同生活援助（介護サービス包括型）',
  '就労継続支援Ｂ型',
  '生活介護',
  '短期入所',
  '計画相談支援',
  '放課後等デイサービス',
  '居宅介護',
  '就労移行支援',
];
/** Office names: a kind of place and a word, as real names go (さくら, 高橋 …); the number makes each unique. */
const prefixes: [string, string][] = [
  ['グループホーム', 'ぐるーぷほーむ'],
  ['事業所', 'じぎょうしょ'],
  ['ケアセンター', 'けあせんたー'],
  ['ワークス', 'わーくす'],
];
const words: [string, string][] = [
  ['さくら', 'さくら'],
  ['ひまわり', 'ひまわり'],
  ['高橋', 'たかはし'],
  ['あおば', 'あおば'],
  ['中央', 'ちゅうおう'],
  ['北山', 'きたやま'],
  ['若葉', 'わかば'],
  ['青空', 'あおぞら'],
  ['みどり', 'みどり'],
  ['太陽', 'たいよう'],
  ['東', 'ひがし'],
  ['光', 'ひかり'],
];
const MUNICIPALITIES = 10;
const codeOf = (m: number) => String(990100 + m);

/** Row `n` of a synthetic official file: spread over ten municipalities, half open all day, half on weekdays. */
function rowOf(n: number) {
  const [prefix, prefixKana] = prefixes[n % prefixes.length]!;
  const [word, wordKana] = words[Math.floor(n / prefixes.length) % words.length]!;
  const weekdaysOnly = n % 2 === 1;
  return officialRow(n, {
    都道府県コード又は市区町村コード: codeOf(n % MUNICIPALITIES),
    サービス種別: services[n % services.length]!,
    事業所の名称: `${prefix}${word}${n}`,
    事業所の名称_かな: `${prefixKana}${wordKana}`,
    '事業所住所（市区町村）': `ベンチ市${n % MUNICIPALITIES}`,
    事業所緯度: (34 + ((n * 7919) % 20_000) / 10_000).toFixed(5),
    事業所経度: (135 + ((n * 104_729) % 30_000) / 10_000).toFixed(5),
    '利用可能な時間帯（平日）': weekdaysOnly ? '9:00～17:00' : '０：００～２４：００',
    '利用可能な時間帯（土曜）': weekdaysOnly ? '' : '０：００～２４：００',
    '利用可能な時間帯（日曜）': weekdaysOnly ? '' : '０：００～２４：００',
    '利用可能な時間帯（祝日）': weekdaysOnly ? '' : '０：００～２４：００',
  });
}

async function createMunicipalities(db: Kysely<Tables>): Promise<string[]> {
  const now = new Date();
  const rows = await db
    .insertInto('regions')
    .values(
      Array.from({ length: MUNICIPALITIES }, (_, m) => ({
        parentId: null,
        level: 'municipality' as const,
        name: `ベンチ市${m}`,
        kana: null,
        code: codeOf(m),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Imports rows [from, to) as one official CP932 file through the import service; returns its milliseconds. */
async function importRows(db: Kysely<Tables>, from: number, to: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-bench-directory-'));
  try {
    const file = path.join(dir, 'bench.csv');
    writeFileSync(file, officialCsv(Array.from({ length: to - from }, (_, i) => rowOf(from + i))));
    const service = createDirectoryImportService({ db, clock: systemClock }, { workerId: 'bench' });
    const started = performance.now();
    const { run } = await service.start(systemContext('bench', 'directory import benchmark'), {
      path: file,
      filename: 'bench.csv',
      format: 'official',
      importAllRegions: false,
    });
    const done = await run();
    const ms = performance.now() - started;
    if (done.status !== 'done' || done.inserted !== to - from)
      throw new Error(
        `bench import: ${done.status} ${done.inserted}/${to - from} ${done.errorMessage ?? ''}`,
      );
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The directory (issue 22) on a fresh database per engine: the import of `importRows` official
 * rows (rows/s), grown to `entries`; then search — text of two and of five characters, a
 * municipality and a service type, open now — each beside a primary-key read of one entry and a
 * bare LIKE on the same text through the trigram index, measured right before in the same run.
 */
export async function runDirectoryCases(
  engine: Engine,
  o: { entries: number; importRows: number; iterations: number },
  log: (line: string) => void,
): Promise<Result[]> {
  const { database, dispose } = await freshDatabase(engine);
  const scale = `${o.entries} entries`;
  const base = { engine, scale } as const;
  try {
    const db = database.db;
    const municipalities = await createMunicipalities(db);
    log(`  directory: importing ${o.importRows} rows, then growing to ${o.entries}`);
    const importMs = await importRows(db, 0, o.importRows);
    const rate = (o.importRows / importMs) * 1000;
    for (let from = o.importRows; from < o.entries; from += o.importRows)
      await importRows(db, from, Math.min(o.entries, from + o.importRows));
    await sql`analyze organisations`.execute(db);
    const results: Result[] = [
      {
        // One sample: the whole import, from the file on disk to the last batch committed.
        ...result({ ...base, case: 'directory.import_rows' }, summarise([importMs]), null, null),
        throughput_per_s: Math.round(rate),
        ratio: Math.round(rate),
        samples: o.importRows,
        target: engine === 'postgres' ? '≥ 5,000 rows/s (PostgreSQL)' : 'reported (PGlite)',
        met: engine === 'postgres' ? rate >= 5000 : null,
        note: `${o.importRows} official rows (CP932 CSV) through the import service`,
      },
    ];

    const ids = (await db.selectFrom('organisations').select('id').limit(1000).execute()).map((r) => r.id);
    const pk = await timeCalls(o.iterations, (i) =>
      db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', ids[i % ids.length]!)
        .executeTakeFirst(),
    );
    const pkS = summarise(pk.samples, pk.elapsed);
    results.push(result({ ...base, case: 'directory.primary_key_select' }, pkS, null, null, 'baseline'));

    for (const text of ['高橋', 'ホーム高橋']) {
      const key = searchKey(text);
      const bare = await timeCalls(o.iterations, () =>
        sql`select o.id, o.name from organisations o where o.search_text like ${likePattern(key)} limit 20`.execute(
          db,
        ),
      );
      const search = await timeCalls(o.iterations, (i) =>
        searchDirectory(db, {
          query: { q: text, serviceType: 'group_home_inclusive', openNow: true, limit: 20 },
          key,
          moment: openingMoment(new Date()),
          point: null,
          regionIds: [municipalities[i % municipalities.length]!],
        }),
      );
      const bareS = summarise(bare.samples, bare.elapsed);
      const searchS = summarise(search.samples, search.elapsed);
      const chars = [...text].length;
      results.push(
        result(
          { ...base, case: `directory.search_${chars}_chars` },
          searchS,
          { name: 'directory.primary_key_select', summary: pkS },
          {
            text: 'p99 ≤ 10× primary-key SELECT p99',
            ratio: searchS.p99 / pkS.p99,
            met: searchS.p99 <= 10 * pkS.p99,
          },
          `「${text}」 + municipality + service type + open now`,
        ),
        result(
          { ...base, case: `directory.search_${chars}_chars_vs_like` },
          searchS,
          { name: `bare trigram LIKE '%${text}%'`, summary: bareS },
          {
            text: 'p99 ≤ 2× a bare trigram-indexed LIKE on the same text',
            ratio: searchS.p99 / bareS.p99,
            met: searchS.p99 <= 2 * bareS.p99,
          },
        ),
      );
    }
    return results;
  } finally {
    await dispose();
  }
}
