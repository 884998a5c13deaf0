/**
 * Idle widget connections (a load-generator process of its own; several run side by side, each with its
 * own loopback source addresses, so neither the per-process file limit nor the ephemeral ports of one
 * address pair run out). Each connection authenticates with its visitor token, follows its visitor's
 * conversation, then stays idle (answering the server's pings, as browsers do).
 */
import WebSocket from 'ws';
import { serve } from '../lib/worker.js';

/** @type {WebSocket[]} */
let sockets = [];
let closedAfterReady = 0;

/**
 * @param {string} url
 * @param {{ token: string, conversationId: string | null }} item
 * @param {string} localAddress
 * @returns {Promise<WebSocket>}
 */
function openOne(url, item, localAddress) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress, perMessageDeflate: false, handshakeTimeout: 30_000 });
    let ready = false;
    const fail = (why) => {
      ws.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('not ready within 30 s'), 30_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', visitorToken: item.token })));
    ws.on('message', (raw) => {
      if (ready) return;
      const f = JSON.parse(raw.toString());
      if (f.type === 'ready') {
        if (!item.conversationId) {
          ready = true;
          clearTimeout(timer);
          return resolve(ws);
        }
        ws.send(JSON.stringify({ type: 'subscribe', topic: 'conversation', id: item.conversationId }));
      } else if (f.type === 'subscribed') {
        ready = true;
        clearTimeout(timer);
        resolve(ws);
      } else if (f.type === 'error') {
        clearTimeout(timer);
        fail(`${f.code}: ${f.message}`);
      }
    });
    ws.on('close', () => {
      if (ready) closedAfterReady++;
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      if (!ready) reject(err);
    });
  });
}

serve({
  /**
   * @param {{ url: string, items: Array<{ token: string, conversationId: string | null }>, localAddresses: string[], perAddress: number, concurrency: number }} a
   */
  async open(a) {
    const wsUrl = `${a.url.replace(/^http/, 'ws')}/ws`;
    const t0 = performance.now();
    let next = 0;
    let failed = 0;
    const errors = new Map();
    const run = async () => {
      while (next < a.items.length) {
        const i = next++;
        const addr = a.localAddresses[Math.floor(i / a.perAddress) % a.localAddresses.length];
        try {
          sockets.push(await openOne(wsUrl, a.items[i], addr));
        } catch (err) {
          failed++;
          const k = err instanceof Error ? err.message : String(err);
          errors.set(k, (errors.get(k) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: a.concurrency }, run));
    return {
      opened: a.items.length - failed,
      failed,
      errors: Object.fromEntries([...errors.entries()].slice(0, 5)),
      ms: performance.now() - t0,
    };
  },
  status() {
    return { open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length, closedAfterReady };
  },
  async closeAll() {
    for (const s of sockets) s.terminate();
    sockets = [];
    return { ok: true };
  },
  exit() {
    for (const s of sockets) s.terminate();
  },
});
