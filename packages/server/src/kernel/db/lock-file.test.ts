import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbedded } from './connect.js';
import { DataDirLock, DataDirLockedError } from './lock-file.js';

describe('data directory lock', () => {
  it('refuses a second holder with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    const first = DataDirLock.acquire(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dir)).toThrow(/in use by another Parley process/);
    first.release();
    DataDirLock.acquire(dir).release();
  });

  it('refuses when another live process holds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'parley.lock'), String(other.pid));
      expect(() => DataDirLock.acquire(dir)).toThrow(new RegExp(`pid ${other.pid}`));
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    writeFileSync(join(dir, 'parley.lock'), '999999999');
    const lock = DataDirLock.acquire(dir);
    lock.release();
  });

  it('keeps a second embedded database off a directory in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    const first = await openEmbedded(dir);
    try {
      await expect(openEmbedded(dir)).rejects.toThrow(/in use by another Parley process/);
    } finally {
      await first.close();
    }
    const again = await openEmbedded(dir); // released on close
    await again.close();
  }, 180_000); // creates an embedded cluster twice: slow when the machine is shared
});
