import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system, in milliseconds) a process used so far, from /proc. Linux only; 0 elsewhere.
 * @param {number} pid
 */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return (ticks * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Linux reports CPU times in clock ticks; 100 per second on every mainstream distribution. */
const CLK_TCK = 100;

/**
 * Resident set size in bytes, from /proc (0 when unavailable).
 * @param {number} pid
 */
export function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The open-files limit of a process (soft), from /proc.
 * @param {number} pid
 */
export function openFilesLimit(pid) {
  try {
    const m = /Max open files\s+(\d+)\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return m ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

/**
 * Sums CPU time over a changing set of processes between `start()` and `stop()`.
 */
export class CpuMeter {
  /** @param {() => number[]} pids */
  constructor(pids) {
    this.pids = pids;
    /** @type {Map<number, number>} */
    this.base = new Map();
    this.t0 = 0;
  }
  start() {
    this.base = new Map(this.pids().map((p) => [p, cpuMs(p)]));
    this.t0 = performance.now();
  }
  /** @returns {number} percent of one core over the interval */
  stop() {
    const elapsed = performance.now() - this.t0;
    let used = 0;
    // A process that appeared meanwhile counts from zero; one that exited meanwhile is lost (its time
    // can no longer be read), so the figure is a lower bound when processes come and go.
    for (const p of this.pids()) used += Math.max(0, cpuMs(p) - (this.base.get(p) ?? 0));
    /** CPU milliseconds used over the interval. */
    this.usedMs = used;
    return elapsed > 0 ? (100 * used) / elapsed : 0;
  }
}

/**
 * The whole machine's busy CPU time in milliseconds (all cores; user, nice, system, irq, softirq,
 * steal), from /proc/stat: what our processes did not use of it is other people's load.
 */
export function machineBusyMs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** The whole machine's busy CPU between `start()` and `stop()`, in percent of one core. */
export class MachineMeter {
  start() {
    this.busy0 = machineBusyMs();
    this.t0 = performance.now();
  }
  stop() {
    const elapsed = performance.now() - this.t0;
    return elapsed > 0 ? (100 * (machineBusyMs() - this.busy0)) / elapsed : 0;
  }
}

/**
 * Waits until the machine is quiet: under `maxPct` (of one core) of busy CPU for `quietMs` in a row,
 * or until `timeoutMs` passed. Returns how long it waited and whether it found quiet.
 * @param {{ maxPct?: number, quietMs?: number, timeoutMs?: number }} [o]
 */
export async function waitForQuiet(o = {}) {
  const maxPct = o.maxPct ?? 25;
  const quietMs = o.quietMs ?? 5000;
  const timeoutMs = o.timeoutMs ?? 120_000;
  const t0 = performance.now();
  let quietSince = performance.now();
  const m = new MachineMeter();
  while (performance.now() - t0 < timeoutMs) {
    m.start();
    await new Promise((r) => setTimeout(r, 1000));
    if (m.stop() > maxPct) quietSince = performance.now();
    else if (performance.now() - quietSince >= quietMs) return { waitedMs: performance.now() - t0, quiet: true };
  }
  return { waitedMs: performance.now() - t0, quiet: false };
}

/**
 * How many file descriptors a process has open now (Infinity when unknown).
 * @param {number} pid
 */
export function openFileCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Infinity;
  }
}
