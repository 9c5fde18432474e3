import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Tables } from './tables.ts';
import { Migrator, type Migration, type MigrationProvider, type MigrationResult } from 'kysely/migration';

const migrationsDir = path.join(import.meta.dirname, 'migrations');

/** Every file in migrations/, in the order of its timestamped name. Files are frozen once landed. */
class MigrationFolder implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.ts')).sort();
    const entries = await Promise.all(
      files.map(
        async (f) =>
          [
            f.replace(/\.ts$/, ''),
            (await import(pathToFileURL(path.join(migrationsDir, f)).href)) as Migration,
          ] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
}

/** The migrations this code knows, for the Migrator. */
export const migrationProvider: MigrationProvider = new MigrationFolder();

export class MigrationFailed extends Error {}

/** Brings the schema to the newest migration; returns the names applied now. */
export async function migrateToLatest(db: Kysely<Tables>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r: MigrationResult) => r.status === 'Error');
  if (error || failed) {
    throw new MigrationFailed(
      `migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * On PostgreSQL the server connects as a limited role: it may read and write the app's
 * tables but never UPDATE, DELETE or TRUNCATE the audit log. Run after each migration
 * as the owner, so new tables are covered too.
 */
export async function grantAppRole(db: Kysely<Tables>, role: string): Promise<void> {
  const r = sql.id(role);
  await sql`grant usage on schema public to ${r}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${r}`.execute(db);
  await sql`grant usage, select on all sequences in schema public to ${r}`.execute(db);
  await sql`revoke update, delete, truncate on audit_events, audit_seals from ${r}`.execute(db);
  await sql`revoke all on kysely_migration, kysely_migration_lock from ${r}`.execute(db);
}
