import http from 'node:http';

/** Keep-alive agents, one per local (source) address: the server rate-limits per client IP. */
const agents = new Map();

/** @param {string | undefined} localAddress */
export function agentFor(localAddress) {
  const key = localAddress ?? '';
  let a = agents.get(key);
  if (!a) {
    // No cap on sockets: a cap would queue requests here, in the load generator, and turn an open-loop
    // load (a fixed rate of visitors) into a closed loop that hides the server's own queueing.
    a = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 2048, scheduling: 'lifo' });
    agents.set(key, a);
  }
  return a;
}

export function closeAgents() {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

/**
 * Loopback source addresses: 127.0.0.0/8 all reach the server on Linux, and each counts as another
 * client for the per-IP rate limits (sign-in 20/min, visitor registration 30/min) and gives another
 * 28k ephemeral ports. Index 0 is 127.10.0.1; 127.0.0.1 stays the ordinary client.
 * @param {number} i
 */
export function loopbackAddress(i) {
  const lo = 1 + (i % 254);
  const mid = Math.floor(i / 254) % 256;
  const hi = 10 + Math.floor(i / (254 * 256));
  return `127.${hi}.${mid}.${lo}`;
}

/**
 * @typedef {{ status: number, headers: http.IncomingHttpHeaders, body: any, text: string }} Response
 */

/**
 * A JSON request over a keep-alive connection.
 * @param {string} base e.g. http://127.0.0.1:3000
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, headers?: Record<string, string>, localAddress?: string, timeoutMs?: number }} [o]
 * @returns {Promise<Response>}
 */
export function request(base, method, path, o = {}) {
  const url = new URL(path, base);
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  const headers = { accept: 'application/json', ...o.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent: agentFor(o.localAddress),
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text) {
            try {
              body = JSON.parse(text);
            } catch {
              /* keep the text */
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(o.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Like `request`, but a non-2xx answer is an error naming what failed.
 * @param {string} base
 * @param {string} method
 * @param {string} path
 * @param {Parameters<typeof request>[3]} [o]
 */
export async function call(base, method, path, o) {
  const r = await request(base, method, path, o);
  if (r.status < 200 || r.status >= 300) {
    throw new Error(`${method} ${path} → ${r.status} ${r.text.slice(0, 300)}`);
  }
  return r.body;
}

/**
 * Runs `fn` over `items` with at most `limit` running at once.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T, index: number) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
