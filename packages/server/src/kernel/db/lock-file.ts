import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Two processes opening one PGlite directory corrupt it. The first process holds `parley.lock`
 * (created exclusively, holding its PID); a second one refuses to start. A lock left by a process that
 * no longer exists is taken over.
 */
const heldHere = new Set<string>();

export class DataDirLock {
  private constructor(private readonly path: string) {
    heldHere.add(path);
  }

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'parley.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DataDirLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = Number(readFileSafe(path));
        if (Number.isInteger(holder) && holder > 0 && isAlive(holder, path)) {
          throw new DataDirLockedError(
            `The data directory ${dataDir} is in use by another Parley process (pid ${holder}). ` +
              'Stop it first, or point DATA_DIR elsewhere. Two processes on one embedded database would corrupt it; ' +
              'to run several processes, use PostgreSQL (DATABASE_URL).',
          );
        }
        try {
          unlinkSync(path); // stale: its process is gone
        } catch {
          /* another starter removed it first; retry */
        }
      }
    }
    throw new DataDirLockedError(`Could not take the lock ${path}; another process is starting on it.`);
  }

  release(): void {
    heldHere.delete(this.path);
    try {
      if (readFileSafe(this.path) === String(process.pid)) unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}

export class DataDirLockedError extends Error {}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number, path: string): boolean {
  // Our own PID: held by this process only if we took it; otherwise it is a leftover of an earlier
  // process that had the same PID (PID 1 in a container, every time).
  if (pid === process.pid) return heldHere.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
