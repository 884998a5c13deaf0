/**
 * Everything a run starts (server processes, load generators, databases, temp directories) registers
 * how to undo it here. The undo steps run in reverse order on a normal end, on Ctrl-C / SIGTERM, and on
 * a crash, so a failed run leaves nothing behind.
 */

/** @type {Array<{ name: string, fn: () => unknown }>} */
const tasks = [];
let running = false;

/**
 * @param {string} name
 * @param {() => unknown} fn
 * @returns {() => void} removes the task (call it once you undid the thing yourself)
 */
export function onCleanup(name, fn) {
  const task = { name, fn };
  tasks.push(task);
  return () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

export async function runCleanups() {
  if (running) return;
  running = true;
  while (tasks.length > 0) {
    const t = tasks.pop();
    try {
      await withTimeout(Promise.resolve().then(t.fn), 15_000, t.name);
    } catch (err) {
      console.error(`cleanup "${t.name}" failed: ${err instanceof Error ? err.message : err}`);
    }
  }
  running = false;
}

/**
 * @template T
 * @param {Promise<T>} p
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
export function withTimeout(p, ms, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

let installed = false;
/** Ctrl-C, SIGTERM, uncaught errors: undo everything, then exit. */
export function installExitHandlers() {
  if (installed) return;
  installed = true;
  const bail = (code, why) => {
    if (why) console.error(why);
    void runCleanups().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => bail(130, '\ninterrupted: cleaning up'));
  process.on('SIGTERM', () => bail(143, 'terminated: cleaning up'));
  process.on('uncaughtException', (err) => bail(1, err));
  process.on('unhandledRejection', (err) => bail(1, err));
}
