#!/usr/bin/env node
/**
 * `node bench/ab.js <dirA> <dirB> [--rate 1000] [--steps 8] [--step-ms 3000] [--db postgres|pglite]`
 *
 * Compares two Parley builds (checkouts with a built server) on the message path, both running at
 * once, with steps at one fixed rate taken in turn (A, B, A, B, …) so that other work on the machine
 * hits both alike. Reports, per build, the CPU time per message of the server and of its PostgreSQL
 * backends (best and median step) and the latency. CPU per message at a rate both sustain is the
 * figure to compare: a change that removes work shows there even on a busy machine, where latency
 * and the highest sustained rate are mostly noise.
 */
import { join, resolve } from 'node:path';
import { installExitHandlers, runCleanups } from './lib/cleanup.js';
import { closeAgents, sleep } from './lib/http.js';
import { createAgents, signIn } from './lib/parley.js';
import { backendPids } from './lib/pg.js';
import { CpuMeter } from './lib/proc.js';
import { ADMIN, ROOT, startParley, stopServer } from './lib/server.js';
import { formatTable } from './lib/table.js';
import { Worker } from './lib/worker.js';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv.splice(i, 2)[1] : dflt;
};
const rate = Number(opt('rate', '1000'));
const steps = Number(opt('steps', '8'));
const stepMs = Number(opt('step-ms', '3000'));
const db = opt('db', 'postgres');
const dirs = argv.filter((a) => !a.startsWith('--')).map((d) => resolve(d));
if (dirs.length !== 2) {
  console.error('usage: node bench/ab.js <dirA> <dirB> [--rate 1000] [--steps 8] [--step-ms 3000] [--db postgres]');
  process.exit(2);
}
installExitHandlers();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const sides = [];
  for (const [i, dir] of dirs.entries()) {
    process.env.BENCH_PARLEY_DIR = dir;
    const server = await startParley({ db, label: `ab-${'AB'[i]}` });
    const admin = await signIn(server.url, ADMIN);
    const agents = await createAgents(server.url, admin, 10, { maxChats: 50, ipOffset: 6000 + i * 100 });
    const worker = new Worker(join(ROOT, 'bench', 'loadgen', 'message-worker.js'), `ab ${'AB'[i]} load generator`);
    await worker.ask('setup', { target: 'parley', url: server.url, agents, visitors: 100, ipBase: 7000 + i * 10 });
    await worker.ask('warmup', { perVisitor: 5 });
    sides.push({ name: 'AB'[i], dir, server, worker, runs: [] });
  }
  for (let n = 0; n < steps; n++) {
    for (const s of n % 2 === 0 ? sides : [...sides].reverse()) {
      const pids = s.server.database ? await backendPids(s.server.database.name) : [];
      const server = new CpuMeter(() => [s.server.pid]);
      const pg = new CpuMeter(() => pids);
      server.start();
      pg.start();
      const r = await s.worker.ask('step', { rate, durationMs: stepMs, graceMs: 2000 });
      server.stop();
      pg.stop();
      s.runs.push({
        server: (server.usedMs * 1000) / r.sent,
        pg: (pg.usedMs * 1000) / r.sent,
        p50: r.latency.p50,
        p99: r.latency.p99,
        complete: r.missing === 0 && r.pending === 0 && r.errors === 0,
      });
      await sleep(300);
    }
  }
  const rows = sides.map((s) => {
    const ok = s.runs.filter((r) => r.complete);
    const col = (k) => ok.map((r) => r[k]);
    return [
      s.name,
      s.dir,
      `${ok.length}/${s.runs.length}`,
      Math.round(Math.min(...col('server'))),
      Math.round(median(col('server'))),
      Math.round(Math.min(...col('pg'))),
      Math.round(median(col('pg'))),
      Math.round(median(col('p50')) * 10) / 10,
      Math.round(median(col('p99')) * 10) / 10,
    ];
  });
  console.log(`\n${rate} msg/s, ${steps} steps of ${stepMs / 1000} s each per build, taken in turn (${db})\n`);
  console.log(
    formatTable(
      ['', 'build', 'complete steps', 'server µs/msg best', 'median', 'pg µs/msg best', 'median', 'p50 ms', 'p99 ms'],
      rows,
    ),
  );
  for (const s of sides) {
    await s.worker.stop();
    await stopServer(s.server);
  }
} finally {
  closeAgents();
  await runCleanups();
}
