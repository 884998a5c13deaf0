/**
 * The message-path load generator (a process of its own, never the server's). It plays N visitors and
 * M agents over real WebSockets: visitors send over HTTP at a fixed total rate, agents receive over
 * their WebSocket, and every message's send → agent-receive latency is measured on this process's
 * monotonic clock (the same clock at both ends). It drives either a real Parley or the bare baseline
 * (bench/bare/bare-server.js), which speak the same shapes. With `agentReplies` (Parley only) every
 * second message of a conversation is the agent's answer, sent over the staff API and timed to the
 * visitor's socket: the traffic that arms and cancels the visitor-abandonment timer.
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { call, loopbackAddress, mapLimit, request, sleep } from '../lib/http.js';
import { summarize } from '../lib/stats.js';
import { serve } from '../lib/worker.js';

/** A socket that records how it is doing and lets setup code wait for one frame. */
class Sock {
  /**
   * @param {string} url
   * @param {Record<string, string>} headers
   * @param {(f: any) => void} onFrame
   */
  constructor(url, headers, onFrame) {
    this.ws = new WebSocket(url, { headers, perMessageDeflate: false });
    /** @type {Array<{ test: (f: any) => boolean, resolve: (f: any) => void }>} */
    this.waiters = [];
    this.closed = false;
    this.ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString());
      onFrame(f);
      if (this.waiters.length > 0) {
        this.waiters = this.waiters.filter((w) => {
          if (!w.test(f)) return true;
          w.resolve(f);
          return false;
        });
      }
    });
    this.ws.on('close', () => (this.closed = true));
    this.ws.on('error', () => undefined);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
  }

  /** @param {(f: any) => boolean} test */
  next(test, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no expected frame within 15 s')), timeoutMs);
      this.waiters.push({
        test,
        resolve: (f) => {
          clearTimeout(t);
          resolve(f);
        },
      });
    });
  }

  /** @param {unknown} frame */
  send(frame) {
    this.ws.send(JSON.stringify(frame));
  }
}

const RUN = `bench${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PREFIX = `${RUN}-`;

// The ledger: one slot per message, indexed by the number in its client id.
/** @type {number[]} */ const sentAt = [];
/** When the other side's socket delivered it (the agent's for a visitor's message, and vice versa). */
/** @type {number[]} */ const recvAt = [];
/** 1 when the agent sent it (agentReplies), 0 when the visitor did. */
/** @type {number[]} */ const byAgent = [];
/** @type {number[]} */ const agentCount = [];
/** @type {number[]} */ const visitorCount = [];
/** @type {number[]} */ const httpStatus = [];
/** @type {number[]} */ const httpMs = [];
/** @type {string[]} */ const convOf = [];

/** @type {{ target: 'parley' | 'bare', url: string, wsUrl: string, agentReplies: boolean }} */
let cfg;
/** @type {Array<{ id: string, cookie?: string, sock: Sock }>} */
let agents = [];
/** @type {Array<{ token?: string, visitorId?: string, conversationId: string, sock: Sock, agentId?: string, sent?: number, agentCookie?: string }>} */
let visitors = [];
let inFlight = 0;
let rr = 0;

/** @param {string | undefined} clientId */
function indexOf(clientId) {
  if (typeof clientId !== 'string' || !clientId.startsWith(PREFIX)) return -1;
  return Number(clientId.slice(PREFIX.length));
}

/** How often the recipient's socket (not the sender's echo) delivered message i. */
const receivedN = (i) => (byAgent[i] ? visitorCount[i] : agentCount[i]);

/** @param {any} f */
function onAgentFrame(f) {
  if (f.type !== 'message.created') return;
  const i = indexOf(f.message?.clientId);
  if (i < 0) return;
  if (agentCount[i]++ === 0 && !byAgent[i]) recvAt[i] = performance.now();
}

/** @param {any} f */
function onVisitorFrame(f) {
  if (f.type !== 'message.created') return;
  const i = indexOf(f.message?.clientId);
  if (i < 0) return;
  if (visitorCount[i]++ === 0 && byAgent[i]) recvAt[i] = performance.now();
}

const wsBase = (url) => url.replace(/^http/, 'ws');

/** Opens the agents' and visitors' sockets and the conversations between them. */
async function setup(args) {
  cfg = { target: args.target, url: args.url, wsUrl: `${wsBase(args.url)}/ws`, agentReplies: !!args.agentReplies };
  const ipBase = args.ipBase ?? 0;
  if (cfg.target === 'parley') {
    agents = await mapLimit(args.agents, 8, async (a) => {
      const sock = new Sock(cfg.wsUrl, { cookie: a.cookie }, onAgentFrame);
      const ready = sock.next((f) => f.type === 'ready');
      await sock.opened;
      await ready;
      const sub = sock.next((f) => f.type === 'subscribed');
      sock.send({ type: 'subscribe', topic: 'my-conversations' });
      await sub;
      await call(cfg.url, 'PUT', '/api/v1/agents/me/status', {
        headers: { cookie: a.cookie },
        body: { availability: 'available' },
      });
      return { ...a, sock };
    });
    visitors = await mapLimit(
      Array.from({ length: args.visitors }, (_, i) => i),
      8,
      async (i) => {
        // Registration is limited to 30 per minute per client IP: 25 visitors per loopback address.
        const localAddress = loopbackAddress(ipBase + Math.floor(i / 25));
        const reg = await call(cfg.url, 'POST', '/api/v1/widget/visitors', { body: {}, localAddress });
        const token = reg.token;
        const headers = { 'x-parley-visitor-token': token };
        const started = await call(cfg.url, 'POST', '/api/v1/widget/conversations', { headers, body: {} });
        const conversationId = started.conversation.id;
        const sock = new Sock(cfg.wsUrl, {}, onVisitorFrame);
        await sock.opened;
        const ready = sock.next((f) => f.type === 'ready');
        sock.send({ type: 'auth', visitorToken: token });
        await ready;
        const sub = sock.next((f) => f.type === 'subscribed');
        sock.send({ type: 'subscribe', topic: 'conversation', id: conversationId });
        await sub;
        return { token, visitorId: reg.visitor?.id, conversationId, sock, agentId: started.conversation.agent?.id };
      },
    );
    // Until the router assigns conversations itself, the agents take them from the queue. Once it
    // does, the take answers "already taken" and the router's choice stands.
    let routed = 0;
    await mapLimit(visitors, 8, async (v, i) => {
      if (v.agentId) return routed++;
      const a = agents[i % agents.length];
      const r = await request(cfg.url, 'POST', `/api/v1/conversations/${v.conversationId}/take`, {
        headers: { cookie: a.cookie },
      });
      if (r.status === 200) v.agentId = a.id;
      else if (r.status === 409) routed++;
      else throw new Error(`take → ${r.status} ${r.text.slice(0, 200)}`);
    });
    if (cfg.agentReplies) await findServingAgents();
    return { agents: agents.length, visitors: visitors.length, routedByServer: routed };
  }

  // The bare baseline: conversations are made up here and announced to the bare server.
  agents = await mapLimit(args.agentIds, 8, async (id) => {
    const sock = new Sock(`${cfg.wsUrl}?agent=${id}`, {}, onAgentFrame);
    await sock.opened;
    return { id, sock };
  });
  visitors = await mapLimit(
    Array.from({ length: args.visitors }, (_, i) => i),
    8,
    async (i) => {
      const conversationId = randomUUID();
      const visitorId = randomUUID();
      const agentId = agents[i % agents.length].id;
      await call(cfg.url, 'POST', '/conversations', { body: { id: conversationId, visitorId, agentId } });
      const sock = new Sock(`${cfg.wsUrl}?conversation=${conversationId}`, {}, onVisitorFrame);
      await sock.opened;
      return { visitorId, conversationId, sock, agentId };
    },
  );
  return { agents: agents.length, visitors: visitors.length, routedByServer: 0 };
}

/**
 * The agent serving each conversation (the router may have assigned it after the start answered), for
 * the agents' replies.
 */
async function findServingAgents() {
  const cookieOf = new Map(agents.map((a) => [a.id, a.cookie]));
  await mapLimit(visitors, 8, async (v) => {
    if (!v.agentId) {
      const c = await call(cfg.url, 'GET', `/api/v1/widget/conversations/${v.conversationId}`, {
        headers: { 'x-parley-visitor-token': v.token },
      });
      v.agentId = c.agent?.id ?? c.conversation?.agent?.id;
    }
    v.agentCookie = cookieOf.get(v.agentId);
    if (!v.agentCookie) throw new Error(`conversation ${v.conversationId} has no agent of this run (${v.agentId})`);
  });
}

/** Sends message number `i` in the next conversation; the clock starts just before the request. */
function send(i) {
  const v = visitors[rr++ % visitors.length];
  const clientId = `${PREFIX}${i}`;
  // With agent replies, a conversation's messages alternate: visitor, agent, visitor, agent…
  const fromAgent = cfg.agentReplies && (v.sent = (v.sent ?? 0) + 1) % 2 === 0;
  const text = fromAgent
    ? `Thanks for waiting, this is answer ${i} from a benchmark agent. Could you tell me more?`
    : `Hello, this is message ${i} from a benchmark visitor. Is anybody there?`;
  const path = fromAgent
    ? `/api/v1/conversations/${v.conversationId}/messages`
    : cfg.target === 'parley'
      ? `/api/v1/widget/conversations/${v.conversationId}/messages`
      : `/conversations/${v.conversationId}/messages`;
  const headers = fromAgent
    ? { cookie: /** @type {string} */ (v.agentCookie) }
    : cfg.target === 'parley'
      ? { 'x-parley-visitor-token': v.token }
      : { 'x-visitor': v.visitorId };
  byAgent[i] = fromAgent ? 1 : 0;
  sentAt[i] = performance.now();
  recvAt[i] = NaN;
  agentCount[i] = 0;
  visitorCount[i] = 0;
  httpStatus[i] = 0;
  httpMs[i] = NaN;
  convOf[i] = v.conversationId;
  inFlight++;
  request(cfg.url, 'POST', path, { headers, body: { text, clientId }, timeoutMs: 30_000 }).then(
    (r) => {
      inFlight--;
      httpStatus[i] = r.status;
      httpMs[i] = performance.now() - sentAt[i];
    },
    () => {
      inFlight--;
      httpStatus[i] = -1;
      httpMs[i] = performance.now() - sentAt[i];
    },
  );
}

let nextIndex = 0;
const MAX_IN_FLIGHT = 5000;

/**
 * Sends at `rate` messages per second for `durationMs`, waits up to `graceMs` for the stragglers, and
 * reports this step's latencies.
 */
async function step({ rate, durationMs, graceMs }) {
  const first = nextIndex;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  let starved = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = Math.min(now - t0, durationMs);
      const due = Math.floor((rate * elapsed) / 1000);
      while (sent < due) {
        if (inFlight >= MAX_IN_FLIGHT) {
          starved++;
          break;
        }
        send(nextIndex++);
        sent++;
      }
      if (now - t0 >= durationMs) {
        clearInterval(timer);
        resolve(undefined);
      }
    }, 1);
  });
  const sendSeconds = (performance.now() - t0) / 1000;
  const last = nextIndex;
  const deadline = performance.now() + graceMs;
  const done = () => {
    for (let i = first; i < last; i++) if (receivedN(i) === 0 || httpStatus[i] === 0) return false;
    return true;
  };
  while (!done() && performance.now() < deadline) await sleep(20);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  loop.disable();

  const lat = [];
  const http = [];
  let missing = 0;
  let errors = 0;
  let pending = 0;
  let duplicates = 0;
  for (let i = first; i < last; i++) {
    if (receivedN(i) > 0) lat.push(recvAt[i] - sentAt[i]);
    else missing++;
    if (receivedN(i) > 1) duplicates++;
    if (httpStatus[i] === 0) pending++;
    else if (httpStatus[i] !== 201) errors++;
    if (Number.isFinite(httpMs[i])) http.push(httpMs[i]);
  }
  return {
    rate,
    sent: last - first,
    achievedRate: (last - first) / sendSeconds,
    latency: summarize(lat),
    http: summarize(http),
    missing,
    errors,
    pending,
    duplicates,
    starved,
    loadgenCpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    loadgenLoopDelayP99Ms: loop.percentile(99) / 1e6,
    loadgenLoopDelayMaxMs: loop.max / 1e6,
  };
}

/**
 * Every message sent so far: its client id, conversation, HTTP status and how often each side got it.
 * First waits for the requests still under way (they time out after 30 s) and for the deliveries of
 * the accepted ones, so that what is missing then is really missing.
 */
async function ledger() {
  const n = nextIndex;
  const until = performance.now() + 40_000;
  const settled = () => {
    if (inFlight > 0) return false;
    for (let i = 0; i < n; i++)
      if (httpStatus[i] === 201 && (agentCount[i] === 0 || visitorCount[i] === 0)) return false;
    return true;
  };
  while (!settled() && performance.now() < until) await sleep(100);
  const out = { prefix: PREFIX, count: n, conversations: [...new Set(visitors.map((v) => v.conversationId))] };
  const status = new Int16Array(n);
  const agentN = new Uint8Array(n);
  const visitorN = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    status[i] = httpStatus[i];
    agentN[i] = Math.min(255, agentCount[i]);
    visitorN[i] = Math.min(255, visitorCount[i]);
  }
  return { ...out, status, agentN, visitorN, convOf: convOf.slice(0, n) };
}

async function close() {
  for (const s of [...agents, ...visitors]) s.sock.ws.terminate();
}

serve({
  setup,
  step,
  ledger,
  exit: close,
  async warmup({ perVisitor }) {
    // Untimed: a few messages per visitor so both sides' code is warm before the first measured step.
    const first = nextIndex;
    for (let k = 0; k < perVisitor; k++) for (let j = 0; j < visitors.length; j++) send(nextIndex++);
    const last = nextIndex;
    const until = performance.now() + 20_000;
    while (performance.now() < until) {
      let pending = 0;
      for (let i = first; i < last; i++) if (receivedN(i) === 0 || httpStatus[i] === 0) pending++;
      if (pending === 0) break;
      await sleep(50);
    }
    return { sent: last - first };
  },
});
