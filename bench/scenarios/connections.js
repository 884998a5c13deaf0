import { join } from 'node:path';
import { loopbackAddress, sleep } from '../lib/http.js';
import { withClient } from '../lib/pg.js';
import { CpuMeter, openFileCount, openFilesLimit } from '../lib/proc.js';
import { seedVisitors } from '../lib/seed.js';
import { ROOT, startParley, stopServer } from '../lib/server.js';
import { Worker } from '../lib/worker.js';

export const BYTES_PER_CONNECTION_TARGET = 50 * 1024;
const PER_WORKER = 5000;
/** Spare file descriptors left to the server beyond those it holds at rest (pool growth, files). */
const FD_SPARE = 60;

/**
 * Idle widget connections: how many one server holds, and what each costs in memory. Memory is read
 * from the server after a full GC, before the connections (with the code already warm) and after; and
 * once more after closing them all and waiting `releaseWaitMs` (the gateway's 10 s authentication timer
 * holds each socket that long after it opened).
 * @param {{ connections: number, idleMs: number, releaseWaitMs: number, log: (s: string) => void }} o
 */
export async function runConnections(o) {
  const t0 = Date.now();
  const server = await startParley({ db: 'postgres', label: 'parley-connections' });
  /** @type {Worker[]} */
  const workers = [];
  try {
    const fdLimit = openFilesLimit(server.pid);
    const fdInUse = openFileCount(server.pid);
    const count = Math.min(o.connections, fdLimit - (Number.isFinite(fdInUse) ? fdInUse + FD_SPARE : 200));
    const limitedBy =
      count < o.connections
        ? `the server's open-files limit (${fdLimit}; raise it with ulimit -n, as root up to the hard limit)`
        : null;
    if (limitedBy) o.log(`  connections: ${o.connections} asked, ${count} possible: limited by ${limitedBy}`);
    const warm = 200;
    const items = await withClient(server.database.url, (c) =>
      seedVisitors(c, count + warm, { conversation: 'closed', tag: 'conn' }),
    );

    const nWorkers = Math.max(1, Math.ceil(count / PER_WORKER));
    for (let w = 0; w < nWorkers; w++) {
      workers.push(new Worker(join(ROOT, 'bench', 'loadgen', 'conn-worker.js'), `connections load generator ${w + 1}`));
    }
    const addressesOf = (w) => Array.from({ length: 4 }, (_, k) => loopbackAddress(20_000 + w * 4 + k));

    // Warm the server's code paths, then measure the baseline with no connection open.
    await workers[0].ask('open', {
      url: server.url,
      items: items.slice(count),
      localAddresses: addressesOf(0),
      perAddress: 2000,
      concurrency: 50,
    });
    await workers[0].ask('closeAll');
    await sleep(1000);
    const before = await server.memory();

    const cpu = new CpuMeter(() => [server.pid]);
    cpu.start();
    const tOpen = performance.now();
    const results = await Promise.all(
      workers.map((w, i) =>
        w.ask(
          'open',
          {
            url: server.url,
            items: items.slice(i * PER_WORKER, Math.min(count, (i + 1) * PER_WORKER)),
            localAddresses: addressesOf(i),
            perAddress: 2000,
            concurrency: 64,
          },
          600_000,
        ),
      ),
    );
    const openSeconds = (performance.now() - tOpen) / 1000;
    const openCpuPct = cpu.stop();
    const opened = results.reduce((n, r) => n + r.opened, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const errors = Object.assign({}, ...results.map((r) => r.errors));
    o.log(
      `  connections: ${opened} open (${failed} failed) in ${openSeconds.toFixed(1)} s; idle for ${o.idleMs / 1000} s`,
    );
    await sleep(o.idleMs);
    const status = await Promise.all(workers.map((w) => w.ask('status')));
    const stillOpen = status.reduce((n, s) => n + s.open, 0);
    const after = await server.memory();

    await Promise.all(workers.map((w) => w.ask('closeAll')));
    let released = null;
    if (o.releaseWaitMs > 0) {
      await sleep(o.releaseWaitMs);
      released = await server.memory();
    }

    const per = (k) => (opened > 0 ? (after[k] - before[k]) / opened : NaN);
    const result = {
      asked: o.connections,
      possible: count,
      limitedBy,
      opened,
      failed,
      errors,
      stillOpenAfterIdle: stillOpen,
      openSeconds,
      connectionsPerSecond: opened / openSeconds,
      serverCpuPctWhileOpening: openCpuPct,
      idleSeconds: o.idleMs / 1000,
      memory: { before, after, released },
      bytesPerConnection: {
        rss: per('rss'),
        heapUsed: per('heapUsed'),
        external: per('external'),
      },
      seconds: (Date.now() - t0) / 1000,
    };
    o.log(
      `  connections: ${stillOpen} still open after idling; per connection: RSS ${(result.bytesPerConnection.rss / 1024).toFixed(1)} KB, ` +
        `heap ${(result.bytesPerConnection.heapUsed / 1024).toFixed(1)} KB` +
        (released
          ? `; ${o.releaseWaitMs / 1000} s after closing them all, the heap is ` +
            `${((released.heapUsed - before.heapUsed) / 1024 / 1024).toFixed(1)} MB over the baseline`
          : ''),
    );
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await stopServer(server);
  }
}
