import type { Config } from '../config.ts';
import { createPool, databaseFromPool, openDatabase, type Database } from './database.ts';
import { grantAppRole, migrateToLatest } from './migrate.ts';

/**
 * Opens the database for the server or a command: migrations first (as the owner role when
 * one is configured), then the connection the server runs on (the limited app role).
 */
export async function openMigratedDatabase(
  config: Config,
): Promise<{ database: Database; applied: string[] }> {
  if (config.databaseUrl && config.migrationDatabaseUrl) {
    const owner = databaseFromPool(createPool(config.migrationDatabaseUrl, 2));
    let applied: string[];
    try {
      applied = await migrateToLatest(owner.db);
      if (config.appRole) await grantAppRole(owner.db, config.appRole);
    } finally {
      await owner.close();
    }
    return {
      database: await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolSize: config.databasePoolSize,
      }),
      applied,
    };
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  try {
    const applied = await migrateToLatest(database.db);
    if (config.databaseUrl && config.appRole) await grantAppRole(database.db, config.appRole);
    return { database, applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}
