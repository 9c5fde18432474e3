import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start`: builds the web client if it is missing or older than its sources, then
 * serves the app on the embedded database, seeding the fictional demo region on first start.
 */
const root = path.resolve(import.meta.dirname, '..');
const clientDir = path.join(root, 'client');
const builtIndex = path.join(clientDir, 'dist', 'index.html');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < newestChange(clientDir)) {
  console.log('画面を準備しています（初回のみ数十秒かかります）… / Building the web client…');
  const { build } = await import('vite');
  await build({ root: clientDir, configFile: path.join(clientDir, 'vite.config.ts'), logLevel: 'warn' });
}

const { serve } = await import('../server/src/main.ts');
await serve({ demo: true });
