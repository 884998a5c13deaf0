/**
 * A webhook receiver on loopback (a process of its own, never the server's or the load generator's), driven
 * over IPC by the webhooks scenario: it answers 200 to every POST, or is "down" (it stops listening and
 * drops its open connections, so the sender meets connection refused, as with a receiver that crashed).
 *
 * For every request it keeps the X-Parley-Delivery id, when it arrived (wall clock, ms) and the commit time
 * the body carries: the chat message's `ts` (its createdAt, taken by the server in the message's transaction
 * just before the commit, so arrival − ts is at most a few tenths of a millisecond longer than commit →
 * request). The server and this process read the same system clock.
 */
import http from 'node:http';
import { serve } from './worker.js';

/** @type {http.Server | undefined} */
let server;
let port = 0;
let up = false;

/** Per request, in arrival order: delivery index, arrival time, the body's commit time (NaN if none). */
let ids = /** @type {string[]} */ ([]);
let arrivedAt = /** @type {number[]} */ ([]);
let committedAt = /** @type {number[]} */ ([]);
/** Answered 200 (1) or cut off by an outage before its answer (0). */
let answered = /** @type {number[]} */ ([]);
let badSignature = 0;

/** @param {string} text */
function commitTimeOf(text) {
  try {
    const b = JSON.parse(text);
    const ts = b?.messages?.[0]?.ts;
    return ts ? Date.parse(ts) : NaN;
  } catch {
    return NaN;
  }
}

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
function onRequest(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    const id = String(req.headers['x-parley-delivery'] ?? '');
    if (!req.headers['x-parley-signature']) badSignature++;
    const i = ids.push(id) - 1;
    arrivedAt[i] = now;
    committedAt[i] = commitTimeOf(Buffer.concat(chunks).toString('utf8'));
    answered[i] = 0;
    if (!up) {
      // Went down while this one was on its way: no answer (the sender sees the connection reset).
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok', () => (answered[i] = 1));
  });
}

function listen() {
  return new Promise((resolve, reject) => {
    server = http.createServer({ keepAliveTimeout: 30_000 }, onRequest);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      up = true;
      resolve(undefined);
    });
  });
}

function close() {
  up = false;
  if (!server) return Promise.resolve();
  const s = server;
  server = undefined;
  return new Promise((resolve) => {
    s.close(() => resolve(undefined));
    s.closeAllConnections();
  });
}

serve({
  async start() {
    await listen();
    return { port, url: `http://127.0.0.1:${port}/hook` };
  },
  /** Stops listening and cuts the open connections: the sender gets ECONNREFUSED / ECONNRESET. */
  async down() {
    await close();
    return { at: Date.now() };
  },
  /** Listens again on the same port. */
  async up() {
    await listen();
    return { at: Date.now() };
  },
  /** Requests so far (from index `from` on), as columns. */
  requests({ from = 0 } = {}) {
    return {
      next: ids.length,
      ids: ids.slice(from),
      arrivedAt: Float64Array.from(arrivedAt.slice(from)),
      committedAt: Float64Array.from(committedAt.slice(from)),
      answered: Uint8Array.from(answered.slice(from)),
      withoutSignature: badSignature,
    };
  },
  count() {
    let n = 0;
    for (const a of answered) n += a;
    return { requests: ids.length, answered: n };
  },
  reset() {
    ids = [];
    arrivedAt = [];
    committedAt = [];
    answered = [];
    badSignature = 0;
    return {};
  },
  exit: close,
});
