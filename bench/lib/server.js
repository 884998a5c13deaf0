import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup, withTimeout } from './cleanup.js';
import { request, sleep } from './http.js';
import { createDatabase } from './pg.js';
import { cpuMs, rssBytes } from './proc.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
/**
 * The Parley being measured: this checkout's build, or another checkout's (`--server-dir`, or the
 * BENCH_PARLEY_DIR variable), e.g. to compare two versions on one machine.
 */
export const parleyDir = () => resolve(process.env.BENCH_PARLEY_DIR ?? ROOT);
export const serverMain = () => join(parleyDir(), 'packages', 'server', 'dist', 'main.js');
const PROBE = join(here, 'probe.js');

export const ADMIN = { email: 'bench-admin@example.test', password: 'correct horse battery staple 1' };

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * A child process with the probe's IPC protocol (memory, CPU profile) and a clean stop.
 */
export class ServerProcess {
  /**
   * @param {import('node:child_process').ChildProcess} child
   * @param {string} url
   * @param {string} label
   */
  constructor(child, url, label) {
    this.child = child;
    this.url = url;
    this.label = label;
    this.pid = /** @type {number} */ (child.pid);
    this.output = '';
    this.exited = false;
    this.nextId = 1;
    /** @type {Map<number, (m: any) => void>} */
    this.waiting = new Map();
    child.on('message', (m) => {
      if (m && m.probe && this.waiting.has(m.id)) {
        this.waiting.get(m.id)(m);
        this.waiting.delete(m.id);
      }
    });
    const keep = (d) => {
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exitPromise = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    void this.exitPromise.then(() => (this.exited = true));
  }

  /** @param {Record<string, unknown>} msg */
  ask(msg, timeoutMs = 30_000) {
    if (this.exited) return Promise.reject(new Error(`${this.label} has exited`));
    const id = this.nextId++;
    const p = new Promise((res) => this.waiting.set(id, res));
    this.child.send({ ...msg, id });
    return withTimeout(p, timeoutMs, `${this.label} ${String(msg.probe)}`).then((m) => {
      if (m.error) throw new Error(m.error);
      return m;
    });
  }

  /** Memory of the server after a full GC (heap figures from the process, RSS from /proc). */
  async memory() {
    const { mem } = await this.ask({ probe: 'mem', gc: true });
    return { ...mem, rss: rssBytes(this.pid) || mem.rss };
  }

  cpuMs() {
    return cpuMs(this.pid);
  }

  startProfile() {
    return this.ask({ probe: 'profile-start' });
  }

  /** @param {string} path */
  stopProfile(path) {
    return this.ask({ probe: 'profile-stop', path }, 120_000);
  }

  /** SIGTERM (graceful), then SIGKILL if it does not exit within `graceMs`. */
  async stop(graceMs = 10_000) {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const done = await Promise.race([this.exitPromise, sleep(graceMs).then(() => undefined)]);
    if (!done && !this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
  }
}

/**
 * Waits until GET /readyz answers 200 (or the process dies, or `timeoutMs` passes).
 * @param {ServerProcess} s
 */
async function waitReady(s, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (s.exited) throw new Error(`${s.label} exited during start:\n${s.output.slice(-3000)}`);
    const ok = await request(s.url, 'GET', '/readyz', { timeoutMs: 2000 }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${s.label} not ready after ${timeoutMs} ms:\n${s.output.slice(-3000)}`);
}

/**
 * Starts a real Parley (the built server, `packages/server/dist/main.js`) on a fresh database: a new
 * PostgreSQL database, or the embedded PGlite in a fresh data directory. Everything is removed at
 * cleanup. `database`: start again on the PostgreSQL database of a server started (and stopped) before.
 * @param {{ db: 'postgres' | 'pglite', label?: string, env?: Record<string, string>, database?: Awaited<ReturnType<typeof createDatabase>> }} o
 */
export async function startParley(o) {
  const label = o.label ?? `parley-${o.db}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const database =
    o.db === 'postgres' ? (o.database ?? (await createDatabase(label.replace(/[^a-z0-9]/g, '_')))) : undefined;
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PARLEY_ADMIN_EMAIL: ADMIN.email,
    PARLEY_ADMIN_PASSWORD: ADMIN.password,
    WIDGET_RATE_PER_MINUTE: '10000000',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...o.env,
  };
  const server = await launch(serverMain(), env, port, label, parleyDir());
  return Object.assign(server, { database, dataDir });
}

/**
 * @param {string} script
 * @param {Record<string, string>} env
 * @param {number} port
 * @param {string} label
 */
async function launch(script, env, port, label, cwd = ROOT) {
  const child = fork(script, [], {
    cwd,
    env,
    execArgv: ['--expose-gc', '--import', PROBE],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const server = new ServerProcess(child, `http://127.0.0.1:${port}`, label);
  onCleanup(`stop ${label}`, () => server.stop());
  await waitReady(server);
  return server;
}

/**
 * Starts the bare baseline (bench/bare/bare-server.js) on a fresh PostgreSQL database.
 * @param {{ poolSize?: number }} [o]
 */
export async function startBare(o = {}) {
  const database = await createDatabase('bare');
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: String(o.poolSize ?? 10),
  };
  const server = await launch(join(ROOT, 'bench', 'bare', 'bare-server.js'), env, port, 'bare-baseline');
  return Object.assign(server, { database, dataDir: undefined });
}

/**
 * Stops a server started here and removes its database and data directory.
 * @param {ServerProcess & { database?: { drop: () => Promise<void> }, dataDir?: string }} s
 */
export async function stopServer(s) {
  await s.stop();
  await s.database?.drop();
  if (s.dataDir) rmSync(s.dataDir, { recursive: true, force: true });
}
