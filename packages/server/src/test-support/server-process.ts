import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverMain = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A real Parley server process (from source, through tsx), for tests that need several processes. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly output: string[],
  ) {}

  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['--conditions=parley-source', '--import', 'tsx', serverMain], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    const url = `http://127.0.0.1:${port}`;
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output.join('')}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() - started > 90_000) {
        child.kill('SIGKILL');
        throw new Error(`server did not become ready:\n${output.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return new ServerProcess(child, url, output);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** kill -9: no shutdown work at all (what a crash or an OOM kill does). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }
}
