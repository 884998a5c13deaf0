/**
 * Loaded into the measured server process with `node --expose-gc --import bench/lib/probe.js …`. It does
 * nothing until the benchmark asks over the IPC channel: memory after a full GC, and a CPU profile of
 * exactly the measured window (the same V8 profiler as --cpu-prof). When the benchmark process goes
 * away, the server is asked to shut down, so nothing outlives a killed run.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

if (process.send) {
  /** @type {Session | undefined} */
  let session;
  const post = (method, params = {}) =>
    new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  const reply = (id, body) => process.send({ probe: true, id, ...body });

  process.on('message', async (m) => {
    if (!m || typeof m !== 'object' || !('probe' in m)) return;
    try {
      if (m.probe === 'mem') {
        if (m.gc && typeof globalThis.gc === 'function') {
          globalThis.gc();
          await new Promise((r) => setImmediate(r));
          globalThis.gc();
        }
        reply(m.id, { mem: process.memoryUsage() });
      } else if (m.probe === 'profile-start') {
        session = new Session();
        session.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: m.intervalUs ?? 500 });
        await post('Profiler.start');
        reply(m.id, { ok: true });
      } else if (m.probe === 'profile-stop') {
        const { profile } = await post('Profiler.stop');
        session.disconnect();
        session = undefined;
        writeFileSync(m.path, JSON.stringify(profile));
        reply(m.id, { ok: true });
      }
    } catch (err) {
      reply(m.id, { error: String(err) });
    }
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
