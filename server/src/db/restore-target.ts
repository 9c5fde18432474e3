import { existsSync, readdirSync, renameSync } from 'node:fs';
import { Migrator } from 'kysely/migration';
import type { Config } from '../config.ts';
import { createPool, databaseFromPool, openDatabase, pgliteDirectory, type Database } from './database.ts';
import { readBackupHeader, restoreDatabase, RestoreRefused } from './backup.ts';
import { grantAppRole, migrateToLatest, migrationProvider } from './migrate.ts';

/**
 * `tsunagu restore`: into the configured database (embedded, or PostgreSQL via DATABASE_URL).
 * The schema is brought to the backup's migration, the rows loaded, then migrated to the latest.
 */
export async function restoreInto(
  config: Config,
  file: string,
  options: { force: boolean },
): Promise<{ tables: number; rows: number }> {
  const header = await readBackupHeader(file);
  const target = header.migrations.at(-1);
  if (!target) throw new RestoreRefused('バックアップにスキーマの版がありません。');
  if (!config.databaseUrl) {
    const dir = pgliteDirectory(config.dataDir);
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      if (!options.force) {
        throw new RestoreRefused(
          `${dir} には既にデータがあります。置き換える場合は --force を付けてください（元のデータは別名で残します）。`,
        );
      }
      renameSync(dir, `${dir}.before-restore-${Date.now()}`);
    }
  }
  const database: Database =
    config.databaseUrl && config.migrationDatabaseUrl
      ? databaseFromPool(createPool(config.migrationDatabaseUrl, 2))
      : await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrator = new Migrator({ db: database.db, provider: migrationProvider });
    const { error } = await migrator.migrateTo(target);
    if (error)
      throw new RestoreRefused(
        `スキーマを ${target} にできません: ${error instanceof Error ? error.message : '不明なエラー'}`,
      );
    const stats = await restoreDatabase(database.db, file);
    await migrateToLatest(database.db);
    if (config.databaseUrl && config.appRole) await grantAppRole(database.db, config.appRole);
    return stats;
  } finally {
    await database.close();
  }
}
