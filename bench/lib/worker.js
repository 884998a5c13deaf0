import { fork } from 'node:child_process';
import { onCleanup, withTimeout } from './cleanup.js';
import { sleep } from './http.js';

/**
 * A load-generator process (never the server's): the orchestrator sends it commands over IPC and
 * awaits the answers. It exits when told to, when the orchestrator goes away, or at cleanup.
 */
export class Worker {
  /**
   * @param {string} script absolute path
   * @param {string} label
   * @param {{ env?: Record<string, string> }} [o]
   */
  constructor(script, label, o = {}) {
    this.label = label;
    this.child = fork(script, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, ...o.env },
    });
    this.pid = /** @type {number} */ (this.child.pid);
    this.nextId = 1;
    /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
    this.pending = new Map();
    this.exited = false;
    this.child.on('message', (m) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(`${label}: ${m.error}`));
      else p.resolve(m.result);
    });
    this.exitPromise = new Promise((r) => this.child.once('exit', r));
    void this.exitPromise.then((code) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`${label} exited (code ${code})`));
      this.pending.clear();
    });
    this.unregister = onCleanup(`stop ${label}`, () => this.stop());
  }

  /**
   * @param {string} cmd
   * @param {Record<string, unknown>} [args]
   * @param {number} [timeoutMs]
   */
  ask(cmd, args = {}, timeoutMs = 120_000) {
    if (this.exited) return Promise.reject(new Error(`${this.label} has exited`));
    const id = this.nextId++;
    const p = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.child.send({ id, cmd, args });
    return withTimeout(p, timeoutMs, `${this.label} ${cmd}`);
  }

  async stop() {
    this.unregister();
    if (this.exited) return;
    this.child.send({ id: 0, cmd: 'exit', args: {} }, () => undefined);
    const done = await Promise.race([this.exitPromise.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
  }
}

/**
 * The worker side: answers commands with `handlers[cmd](args)`.
 * @param {Record<string, (args: any) => unknown>} handlers
 */
export function serve(handlers) {
  process.on('message', async (m) => {
    if (m.cmd === 'exit') {
      await handlers.exit?.({});
      process.exit(0);
    }
    try {
      const h = handlers[m.cmd];
      if (!h) throw new Error(`unknown command ${m.cmd}`);
      const result = await h(m.args);
      process.send({ id: m.id, result });
    } catch (err) {
      process.send({ id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
