import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const serverMain = join(repoRoot, 'packages/server/dist/main.js');

export interface AdminCredentials {
  email: string;
  password: string;
}

/** How long a start may take: PARLEY_READY_TIMEOUT_MS on a busy machine (a first start migrates the database). */
export const readyTimeoutMs = Number(process.env.PARLEY_READY_TIMEOUT_MS) || 60_000;

export const defaultAdmin: AdminCredentials = { email: 'admin@parley.test', password: 'correct horse battery' };

export interface StartOptions {
  /** Create this admin at start (PARLEY_ADMIN_*). `false`: no admin, the server prints a setup link. */
  admin?: AdminCredentials | false;
  /** Extra environment (e.g. `DATABASE_URL`, `SMTP_URL`); wins over the defaults. */
  env?: Record<string, string>;
  /** Give up if not ready after this long. */
  readyTimeoutMs?: number;
}

export interface ParleyServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  dataDir: string;
  admin: AdminCredentials | undefined;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, waiting for it if needed. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The one-time `/setup?token=…` link (servers started with `admin: false`). */
  setupLink(): Promise<string>;
  stop(): Promise<void>;
}

/** Variables of the developer's shell that would point the test server somewhere else. */
const inheritedButUnwanted = ['DATABASE_URL', 'REDIS_URL', 'PARLEY_ADMIN_EMAIL', 'PARLEY_ADMIN_PASSWORD', 'PUBLIC_URL'];

/**
 * Starts a real Parley from the built dist (`npm run build` first) on a free port with a fresh
 * embedded database in a temporary DATA_DIR, and resolves once `/readyz` answers 200.
 */
export async function startParley(opts: StartOptions = {}): Promise<ParleyServer> {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`npm run build\` first`);
  const admin = opts.admin === false ? undefined : (opts.admin ?? defaultAdmin);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !inheritedButUnwanted.includes(k)) env[k] = v;
  Object.assign(
    env,
    // Webhook receivers of the specs listen on loopback.
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      OUTBOUND_ALLOW_PRIVATE: 'true',
    },
    admin ? { PARLEY_ADMIN_EMAIL: admin.email, PARLEY_ADMIN_PASSWORD: admin.password } : {},
    opts.env,
  );

  const child = spawn(process.execPath, [serverMain], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => {
    running = false;
    for (const w of waiters) w();
  });

  const server: ParleyServer = {
    url,
    port,
    dataDir,
    admin,
    output: () => out,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) done(() => resolve(m));
          else if (!running) done(() => reject(new Error(`Parley exited before printing ${pattern}:\n${out}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`Parley did not print ${pattern} within ${timeoutMs} ms:\n${out}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async setupLink() {
      const m = await server.waitForOutput(/(https?:\/\/\S+\/setup\?token=\S+)/);
      return m[1]!;
    },
    async stop() {
      if (running) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  try {
    await waitUntilReady(url, () => running, opts.readyTimeoutMs ?? readyTimeoutMs);
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- Parley output ---\n${out}`, { cause: err });
  }
  return server;
}

async function waitUntilReady(url: string, running: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running()) throw new Error('Parley exited during start');
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Parley was not ready within ${timeoutMs} ms`);
}
