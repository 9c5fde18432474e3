import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * Two processes on one PGlite directory corrupt it, so the embedded database is guarded by a
 * lock file holding the owner's pid. A lock left by a process that died (SIGKILL, power cut)
 * is taken over, because its pid no longer runs; a live owner makes us refuse with a clear
 * message. An OS advisory lock would be released by the kernel, but Node has no flock.
 */
export class DataDirLockedError extends Error {
  readonly ownerPid: number;
  constructor(dir: string, ownerPid: number) {
    super(
      `データディレクトリ ${dir} は別の tsunagu プロセス (pid ${ownerPid}) が使用中です。` +
        ` The data directory ${dir} is in use by another tsunagu process (pid ${ownerPid}); ` +
        'stop it first, or set TSUNAGU_DATA_DIR to another directory.',
    );
    this.ownerPid = ownerPid;
  }
}

export interface DataDirLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'tsunagu.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        // A lock file cut short by a crash between create and write names no owner: stale.
      }
      const pid = owner.pid ?? 0;
      if (pid > 0 && pid !== process.pid && (owner.host ?? hostname()) === hostname() && isRunning(pid)) {
        throw new DataDirLockedError(dir, pid);
      }
      if (pid > 0 && owner.host && owner.host !== hostname()) {
        throw new DataDirLockedError(dir, pid);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock on ${dir}`);
}
