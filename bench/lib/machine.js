import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { serverVersion } from './pg.js';

/** @param {string[]} args */
function git(args, cwd) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function hardOpenFiles() {
  try {
    const m = /Max open files\s+(\d+)\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? { soft: Number(m[1]), hard: Number(m[2]) } : null;
  } catch {
    return null;
  }
}

/**
 * What the figures were measured on.
 * @param {string} parleyDir the checkout whose server is measured
 */
export async function describeMachine(parleyDir) {
  const cpus = os.cpus();
  const commit = git(['rev-parse', '--short', 'HEAD'], parleyDir);
  const dirty = git(['status', '--porcelain', '--untracked-files=no', 'packages/server', 'packages/shared'], parleyDir);
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: await serverVersion().catch((err) => `unavailable (${err.message})`),
    openFiles: hardOpenFiles(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    parley: { dir: parleyDir, commit, uncommittedServerChanges: dirty ? dirty.split('\n').length : 0 },
  };
}
