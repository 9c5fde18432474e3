import { stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import type { Database } from './db/database.ts';
import { backupDatabase, RestoreRefused } from './db/backup.ts';
import { scaleNames, type ScaleName } from './synthetic/scales.ts';
import type { CrossOrganisationMembership } from '@tsunagu/contract';
import { AppError } from './platform/errors.ts';
import { systemClock } from './platform/clock.ts';
import { systemContext } from './platform/context.ts';
import { describeErrorForLog } from './platform/log-redaction.ts';

// Each command imports what it runs when it runs: `serve` needs the whole app, `help` nothing,
// `migrate` or `backup` only the database, and loading the app costs a second or two per command.

const usage = `tsunagu — にも包括の情報連携基盤

使い方: tsunagu <command> [options]

  serve [--demo]                       サーバーを起動（--demo: 初回にデモデータを投入）
  migrate                              データベースを最新のスキーマにする
  seed --demo                          デモ用の架空の地域・機関・職員を投入（一度だけ）
  seed --synthetic --scale small|medium|city [--seed N]
                                       ベンチマーク用の架空の市を生成（空のデータベースに。city は PostgreSQL で）
  create-admin --email E --password P [--name 氏名] [--kana ふりがな]
                                       システム管理者を作成（未指定の項目は尋ねます）
  audit verify [--json]                監査ログの改ざんを検証（異常があれば終了コード 1）
  report memberships [--json]          別の機関に所属するアカウントを機関に追加した過去の記録（監査ログから）
  directory import FILE [--all] [--mapping ID]
                                       社会資源のオープンデータ（ZIP・CSV、Shift_JIS・UTF-8）を取り込む（--all: 圏域外の行も）
  backup --out FILE                    データベース全体をファイルに書き出す（組み込みDBはサーバー停止中に）
  restore --in FILE [--force]          バックアップを空のデータベースに復元（DATABASE_URL で PostgreSQL へ移行も可）

環境変数: DATABASE_URL, PORT, TSUNAGU_DATA_DIR, TSUNAGU_SESSION_SECRET ほか（README 参照）
終了コード: 0 成功 / 1 検証・処理の失敗 / 2 使い方・設定の誤り
`;

async function ask(question: string, hidden = false): Promise<string> {
  if (!stdin.isTTY) throw new UsageError(`${question} をフラグで指定してください（対話できません）`);
  const rl = createInterface({ input: stdin, output: stdout, terminal: true });
  if (hidden) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write(s.startsWith(question) ? s : '*'.repeat(s.length > 0 ? 1 : 0));
  }
  try {
    return (await rl.question(`${question}: `)).trim();
  } finally {
    rl.close();
    if (hidden) stdout.write('\n');
  }
}

class UsageError extends Error {}

async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const { openMigratedDatabase } = await import('./db/prepare.ts');
  const { database } = await openMigratedDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      synthetic: { type: 'boolean' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      kana: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      in: { type: 'string' },
      force: { type: 'boolean' },
      all: { type: 'boolean' },
      mapping: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!command || command === 'help' || values.help) {
    stdout.write(usage);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { serve } = await import('./main.ts');
      await serve({ demo: values.demo ?? false });
      return -1; // keeps running
    }
    case 'migrate': {
      const { openMigratedDatabase } = await import('./db/prepare.ts');
      const { database, applied } = await openMigratedDatabase(config);
      await database.close();
      console.log(
        applied.length ? `適用したマイグレーション:\n  ${applied.join('\n  ')}` : 'スキーマは最新です。',
      );
      return 0;
    }
    case 'seed': {
      if (values.synthetic) return seedSynthetic(config, values.scale ?? 'small', values.seed ?? '1');
      if (!values.demo) throw new UsageError('seed には --demo か --synthetic を指定してください');
      if (config.isProduction) throw new UsageError('NODE_ENV=production ではデモデータを投入できません');
      const { seedDemo } = await import('./demo/seed-demo.ts');
      const { printDemoAccounts } = await import('./server.ts');
      const seeded = await withDatabase(config, (d) => seedDemo(d, config, systemClock.now()));
      console.log(seeded ? 'デモデータを投入しました。' : 'デモデータは投入済みです。');
      printDemoAccounts((l) => console.log(l));
      return 0;
    }
    case 'create-admin': {
      const email = values.email ?? (await ask('メールアドレス'));
      const displayName = values.name ?? (stdin.isTTY ? await ask('氏名') : 'システム管理者');
      const kana = values.kana ?? (stdin.isTTY ? await ask('ふりがな') : 'しすてむかんりしゃ');
      const password = values.password ?? (await ask('パスワード（10文字以上）', true));
      const { createSystemAdmin } = await import('./features/staff/create-admin.ts');
      const id = await withDatabase(config, (d) =>
        createSystemAdmin(d.db, { email, displayName, kana, password }, systemClock.now()),
      );
      console.log(
        `システム管理者を作成しました（${email}, id ${id}）。初回サインイン時に二要素認証を設定します。`,
      );
      return 0;
    }
    case 'audit': {
      if (positionals[0] !== 'verify') throw new UsageError('audit verify と指定してください');
      const { verifyAuditLog } = await import('./platform/audit/audit-verify.ts');
      const report = await withDatabase(config, (d) =>
        verifyAuditLog(d.db, { key: config.auditKey, checkpointFile: config.auditCheckpointFile }),
      );
      if (values.json) {
        console.log(JSON.stringify(report, null, 2));
      } else {
        console.log(
          `封印済み ${report.sealedRows} 件 / 未封印 ${report.unsealedRows} 件 / 最新チェックポイント位置 ${report.lastCheckpointPosition ?? 'なし'}`,
        );
        for (const p of report.problems) console.log(`異常 [${p.kind}] ${p.message}`);
        console.log(report.ok ? '監査ログは改ざんされていません。' : '監査ログに異常があります。');
      }
      return report.ok ? 0 : 1;
    }
    case 'report': {
      if (positionals[0] !== 'memberships') throw new UsageError('report memberships と指定してください');
      const { readMembershipReport } = await import('./features/staff/membership-report.ts');
      const rows = await withDatabase(config, (d) =>
        readMembershipReport(
          d.db,
          systemContext('cli:report-memberships', '別の機関のアカウントを加えた記録の確認'),
        ),
      );
      if (values.json) console.log(JSON.stringify(rows, null, 2));
      else printMembershipReport(rows);
      return 0;
    }
    case 'directory': {
      if (positionals[0] !== 'import' || !positionals[1])
        throw new UsageError('directory import FILE と指定してください');
      const file = positionals[1];
      const { importDirectoryFile } = await import('./features/directory/directory-import-cli.ts');
      return withDatabase(config, (d) =>
        importDirectoryFile(d, file, { all: values.all ?? false, mappingId: values.mapping }),
      );
    }
    case 'backup': {
      if (!values.out) throw new UsageError('backup --out FILE と指定してください');
      const stats = await withDatabase(config, (d) =>
        backupDatabase(
          d.db,
          values.out!,
          systemContext('cli:backup', 'コマンドでデータベース全体を書き出す'),
        ),
      );
      console.log(`バックアップを書き出しました: ${values.out}（${stats.tables} 表, ${stats.rows} 行）`);
      return 0;
    }
    case 'restore': {
      if (!values.in) throw new UsageError('restore --in FILE と指定してください');
      const { restoreInto } = await import('./db/restore-target.ts');
      const stats = await restoreInto(config, values.in, { force: values.force ?? false });
      console.log(`復元しました: ${stats.tables} 表, ${stats.rows} 行`);
      return 0;
    }
    default:
      throw new UsageError(`不明なコマンドです: ${command}`);
  }
}

const tokyoTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** One paragraph per addition; the ones followed by credential changes from the added organisation first. */
function printMembershipReport(rows: CrossOrganisationMembership[]): void {
  if (rows.length === 0) {
    console.log('別の機関に所属するアカウントを追加した記録はありません。');
    return;
  }
  const ordered = [...rows].sort((a, b) => b.laterCredentialChanges.length - a.laterCredentialChanges.length);
  for (const r of ordered) {
    const by = `${r.actorName ?? '不明'}${r.actorWasSystemAdmin ? '（システム管理者）' : ''}`;
    console.log(
      `${tokyoTime.format(new Date(r.occurredAt))} ${r.userName ?? r.userId} を ${r.organisationName ?? r.organisationId} に追加` +
        `（${r.viaInvitation ? '本人が招待を承諾' : `追加した人: ${by}`}${r.stillMember ? '' : '、現在は所属していません'}）`,
    );
    console.log(`  それまでの所属: ${r.earlierOrganisations.map((o) => o.name ?? o.id).join('、')}`);
    for (const c of r.laterCredentialChanges) {
      console.log(
        `  その後、この機関から: ${tokyoTime.format(new Date(c.occurredAt))} ${c.action}（${c.outcome}）`,
      );
    }
  }
  const suspicious = rows.filter((r) => r.laterCredentialChanges.length > 0).length;
  console.log(`${rows.length} 件（うち追加した機関から資格情報の変更があったもの ${suspicious} 件）`);
}

async function seedSynthetic(config: Config, scaleName: string, seedText: string): Promise<number> {
  if (config.isProduction) throw new UsageError('NODE_ENV=production では架空の市を生成できません');
  if (!(scaleNames as string[]).includes(scaleName))
    throw new UsageError(`--scale は ${scaleNames.join(' | ')} のどれかです`);
  const seed = Number(seedText);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed は 0 以上の整数です');
  const { SingleBar, Presets } = await import('cli-progress');
  const { generateSyntheticCity, SYNTHETIC_PASSWORD } = await import('./synthetic/generate.ts');
  const bar = new SingleBar(
    {
      format: ' {phase} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    Presets.shades_classic,
  );
  let phase = '';
  const started = Date.now();
  const counts = await withDatabase(config, (d) =>
    generateSyntheticCity(d.db, {
      scale: scaleName as ScaleName,
      seed,
      now: systemClock.now(),
      encryptionKey: config.encryptionKey,
      onProgress: (p, done, total) => {
        if (p !== phase) {
          if (phase) bar.stop();
          phase = p;
          bar.start(total, done, { phase: p.padEnd(8) });
        } else bar.update(done, { phase: p.padEnd(8) });
      },
    }),
  );
  bar.stop();
  console.log(
    `架空の市（${scaleName}, seed ${seed}）を ${Math.round((Date.now() - started) / 1000)} 秒で生成しました:`,
  );
  console.log(
    Object.entries(counts)
      .map(([k, v]) => `  ${k.padEnd(14)} ${Number(v).toLocaleString('ja-JP')}`)
      .join('\n'),
  );
  console.log(`職員のパスワードはすべて ${SYNTHETIC_PASSWORD}、二要素認証はデモと同じく画面に表示されます。`);
  return 0;
}

/** Runs the command line and exits with its code (0 success, 1 failure, 2 usage or configuration). */
export async function main(argv: string[]): Promise<void> {
  try {
    const code = await runCli(argv);
    if (code >= 0) process.exit(code);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(2);
    }
    if (error instanceof DataDirLockedError || error instanceof RestoreRefused || error instanceof AppError) {
      console.error(error.message);
      process.exit(error instanceof AppError && error.status < 500 ? 2 : 1);
    }
    // A database error can carry the row it refused (a restore's data): only its code and message.
    console.error(describeErrorForLog(error));
    process.exit(1);
  }
}

if (import.meta.main) await main(process.argv.slice(2));
