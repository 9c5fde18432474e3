import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openMigratedDatabase } from './db/prepare.ts';
import { demoAccounts, hasDemoData, seedDemo } from './demo/seed-demo.ts';
import { DEMO_PASSWORD } from './demo/demo-data.ts';
import { AuditSealer } from './platform/audit/audit-sealer.ts';
import { verifyPassword } from './platform/auth/passwords.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Deps } from './platform/deps.ts';
import { scheduleHousekeeping } from './platform/jobs/housekeeping.ts';
import { scheduleDueReminders } from './features/due/due-reminders.ts';
import { registerTestJobs } from './platform/jobs/test-jobs.ts';
import { createDeps } from './platform/runtime.ts';
import type { App } from './platform/http/typed-app.ts';

export class UnsafeProductionError extends Error {}

/** Passwords nobody may run an administrator on in production. */
const DEFAULT_PASSWORDS = [DEMO_PASSWORD, 'admin', 'password', 'changeme', 'tsunagu', 'administrator'];

async function assertSafeForProduction(deps: Deps): Promise<void> {
  if (await hasDemoData(deps.db)) {
    throw new UnsafeProductionError(
      'NODE_ENV=production ではデモデータのあるデータベースで起動できません。デモ用でない新しいデータベースを使ってください。',
    );
  }
  const admins = await deps.db
    .selectFrom('users')
    .select(['id', 'passwordHash'])
    .where('isSystemAdmin', '=', true)
    .execute();
  for (const admin of admins) {
    for (const candidate of DEFAULT_PASSWORDS) {
      if (await verifyPassword(admin.passwordHash, candidate)) {
        // Named by id, not e-mail: this message goes to the service's log (stderr).
        throw new UnsafeProductionError(
          `管理者（ユーザーID ${admin.id}）のパスワードが既定値のままです。変更してから起動してください。`,
        );
      }
    }
  }
}

export interface RunningServer {
  app: App;
  deps: Deps;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Seed the fictional demo region on first start (npm start does). */
  demo?: boolean;
  clock?: Clock;
  logger?: boolean;
  print?: (line: string) => void;
}

/** config → database → migrate → (demo) → safety checks → listen → audit sealer. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  const { database } = await openMigratedDatabase(config);
  let sealer: AuditSealer | null = null;
  let app: App | null = null;
  try {
    if (options.demo) {
      if (config.isProduction)
        throw new UnsafeProductionError('NODE_ENV=production ではデモデータを投入できません。');
      await seedDemo(database, config, clock.now());
    }
    const demoMode = !config.isProduction && (await hasDemoData(database.db));
    const deps: Deps = createDeps({
      database,
      clock,
      config,
      demoMode,
      onError: (error) => app?.log.error({ err: error }, 'background job failed'),
    });
    if (config.isProduction) await assertSafeForProduction(deps);
    // Refused in production by config.ts: queues whose jobs crash, hang or fail on purpose.
    if (config.testJobs) registerTestJobs(deps);

    app = await buildApp(deps, { logger: options.logger ?? true });
    await app.listen({ host: config.host, port: config.port });
    sealer = new AuditSealer({
      db: database.db,
      engine: database.engine,
      key: config.auditKey,
      checkpointFile: config.auditCheckpointFile,
      onError: (error) => app?.log.error({ err: error }, 'audit sealer failed'),
    });
    sealer.start();
    await deps.bus.start();
    await scheduleHousekeeping(deps.jobs, deps.db, clock.now());
    await scheduleDueReminders(deps.jobs, deps.db, clock.now());
    await deps.jobs.start();
    deps.hub.start();

    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    print(
      `tsunagu が起動しました: ${url}  (${database.engine === 'pglite' ? `組み込みDB ${config.dataDir}` : 'PostgreSQL'})`,
    );
    if (demoMode) printDemoAccounts(print);

    let closing: Promise<void> | null = null;
    const runningApp = app;
    const runningSealer = sealer;
    return {
      app: runningApp,
      deps,
      url,
      close() {
        closing ??= (async () => {
          await deps.hub.stop();
          await runningApp.close();
          await deps.jobs.stop();
          await deps.bus.stop();
          await runningSealer.stop();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close();
    await sealer?.stop().catch(() => {});
    await database.close();
    throw error;
  }
}

export function printDemoAccounts(print: (line: string) => void): void {
  print('');
  print('デモ用アカウント（すべて架空）  パスワード: ' + DEMO_PASSWORD);
  print(
    '二要素認証の確認コードは、サインイン画面にデモ用として表示されます（認証アプリを使う場合は下の秘密鍵を登録）。',
  );
  for (const a of demoAccounts()) {
    const role = a.isSystemAdmin ? ' [システム管理者]' : '';
    print(
      `  ${a.email.padEnd(38)} ${a.displayName}（${a.organisation}）${role}  TOTP: ${a.totpSecret ?? '初回サインイン時に設定'}`,
    );
  }
  print('');
}
