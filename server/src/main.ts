import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { describeErrorForLog } from './platform/log-redaction.ts';
import { startServer, UnsafeProductionError, type RunningServer } from './server.ts';

/** `tsunagu serve`: runs until SIGINT/SIGTERM, then closes gracefully (sealing the audit log). */
export async function serve(options: { demo: boolean }): Promise<void> {
  // Signals are handled from the first moment: a stop during start-up waits for the start, then closes.
  let starting: Promise<RunningServer | null> = Promise.resolve(null);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) process.exit(1);
    signalled = true;
    void starting
      .then(async (running) => {
        running?.app.log.info({ signal }, 'shutting down');
        await running?.close();
      })
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(describeErrorForLog(error));
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  starting = Promise.resolve()
    .then(() => startServer(loadConfig(), { demo: options.demo }))
    .catch((error: unknown) => {
      if (
        error instanceof ConfigError ||
        error instanceof DataDirLockedError ||
        error instanceof UnsafeProductionError
      ) {
        console.error(`起動できません: ${error.message}`);
        process.exit(2);
      }
      throw error;
    });
  await starting;
}

if (import.meta.main) {
  await serve({ demo: process.argv.includes('--demo') });
}
