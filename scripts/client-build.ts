import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const clientDir = path.resolve(import.meta.dirname, '..', 'client');
export const clientDist = path.join(clientDir, 'dist');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web client when its build is missing or older than any of its sources. */
export async function ensureClientBuilt(log: (line: string) => void = console.log): Promise<void> {
  const index = path.join(clientDist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestChange(clientDir)) return;
  log('画面を準備しています… / Building the web client…');
  const { build } = await import('vite');
  // Vite sets NODE_ENV=production for its build; the server started afterwards must not inherit it.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ root: clientDir, configFile: path.join(clientDir, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
