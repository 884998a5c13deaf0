/**
 * The routing load generator (a process of its own). Agents are online over real WebSockets, subscribed
 * to "my conversations"; a burst of visitors starts conversations; each assignment an agent hears about
 * is timed from the start request, and the agent closes the conversation at once so its capacity goes
 * to the next one in the queue.
 *
 * When the server does not route (no assignment arrives), it falls back to the manual method: the load
 * generator hands each queued conversation to an agent with room, who takes it
 * (POST /conversations/:id/take) — which then measures the take path, not a router.
 */
import WebSocket from 'ws';
import { call, request, sleep } from '../lib/http.js';
import { summarize } from '../lib/stats.js';
import { serve } from '../lib/worker.js';

/** @type {{ url: string, urls: string[] }} */
let cfg;
/** @type {Array<{ id: string, cookie: string, url: string, ws: WebSocket, open: number, maxOpen: number }>} */
let agents = [];
/** @type {Map<string, (typeof agents)[number]>} */
const agentById = new Map();

// Per conversation: when it was asked for, when (and to whom) it was assigned, when closed.
/** @type {Map<string, { startedAt?: number, assignedAt?: number, agentId?: string, agents: Set<string>, closedAt?: number, closing?: boolean }>} */
const convs = new Map();
const conv = (id) => {
  let c = convs.get(id);
  if (!c) {
    c = { agents: new Set() };
    convs.set(id, c);
  }
  return c;
};
let assigned = 0;
let closed = 0;
let closeErrors = 0;
let firstAssignmentAt = 0;
let mode = 'server';

/** The agent heard that a conversation is theirs: time it, then close it to free the capacity. */
function onAssigned(agent, conversationId) {
  const c = conv(conversationId);
  c.agents.add(agent.id);
  if (c.assignedAt !== undefined) return;
  c.assignedAt = performance.now();
  c.agentId = agent.id;
  assigned++;
  firstAssignmentAt ||= c.assignedAt;
  agent.open++;
  agent.maxOpen = Math.max(agent.maxOpen, agent.open);
  void closeIt(agent, conversationId);
}

async function closeIt(agent, conversationId) {
  const c = conv(conversationId);
  if (c.closing) return;
  c.closing = true;
  const r = await request(agent.url, 'POST', `/api/v1/conversations/${conversationId}/close`, {
    headers: { cookie: agent.cookie },
    body: {},
  }).catch(() => ({ status: -1, text: '' }));
  agent.open--;
  if (r.status === 200) {
    c.closedAt = performance.now();
    closed++;
  } else closeErrors++;
}

serve({
  async setup(a) {
    // Several server processes (one database): agents and visitors are spread over them in turn.
    cfg = { url: a.url, urls: a.urls ?? [a.url] };
    let i = 0;
    const connectOne = async (ag, n) => {
      const url = cfg.urls[n % cfg.urls.length];
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
        headers: { cookie: ag.cookie },
        perMessageDeflate: false,
      });
      const agent = { ...ag, url, ws, open: 0, maxOpen: 0 };
      await new Promise((resolve, reject) => {
        ws.on('message', (raw) => {
          const f = JSON.parse(raw.toString());
          if (f.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', topic: 'my-conversations' }));
          else if (f.type === 'subscribed') resolve(undefined);
          else if (
            f.type === 'conversation.updated' &&
            f.conversation.agent?.id === agent.id &&
            f.conversation.status === 'open'
          )
            onAssigned(agent, f.conversation.id);
        });
        ws.once('error', reject);
        setTimeout(() => reject(new Error('agent socket not ready within 15 s')), 15_000);
      });
      await call(url, 'PUT', '/api/v1/agents/me/status', {
        headers: { cookie: agent.cookie },
        body: { availability: 'available' },
      });
      return agent;
    };
    const runners = Array.from({ length: 16 }, async () => {
      const out = [];
      while (i < a.agents.length) {
        const n = i++;
        out.push(await connectOne(a.agents[n], n));
      }
      return out;
    });
    agents = (await Promise.all(runners)).flat();
    for (const ag of agents) agentById.set(ag.id, ag);
    return { agents: agents.length };
  },

  /**
   * @param {{ visitors: Array<{ token: string }>, concurrency: number, capacity: number, timeoutMs: number, noRoutingMs: number, rate?: number }} a
   */
  async burst(a) {
    const t0 = performance.now();
    /** @type {string[]} conversation ids in start order */
    const started = [];
    let startErrors = 0;
    let next = 0;
    const deadline = t0 + a.timeoutMs;
    /** @type {number[]} start request latency, in start order */
    const startMs = [];
    const starter = async () => {
      while (next < a.visitors.length && performance.now() < deadline) {
        const n = next++;
        const v = a.visitors[n];
        // Paced arrivals (`rate` per second): wait for this start's turn.
        if (a.rate) {
          const due = t0 + (n * 1000) / a.rate;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        const at = performance.now();
        const r = await request(cfg.urls[n % cfg.urls.length], 'POST', '/api/v1/widget/conversations', {
          headers: { 'x-parley-visitor-token': v.token },
          body: { text: 'Hello, I need help with my order' },
        }).catch((err) => ({ status: -1, text: String(err), body: undefined }));
        startMs.push(performance.now() - at);
        if (r.status !== 201 && r.status !== 200) {
          startErrors++;
          continue;
        }
        const c = conv(r.body.conversation.id);
        c.startedAt = at;
        started.push(r.body.conversation.id);
        // The answer itself may already name the agent (the router ran inside the start).
        const agent = r.body.conversation.agent && agentById.get(r.body.conversation.agent.id);
        if (agent && r.body.conversation.status === 'open') onAssigned(agent, r.body.conversation.id);
      }
    };
    await Promise.all(Array.from({ length: a.concurrency }, starter));
    const burstMs = performance.now() - t0;
    // Queued first (routing off while they arrived): routing is switched on now, the whole queue waiting.
    let releasedAt;
    if (a.release) {
      const r = await request(cfg.url, 'PATCH', '/api/v1/settings', {
        headers: { cookie: a.release.cookie },
        body: { 'routing.method': a.release.method },
      });
      if (r.status !== 200) throw new Error(`switching routing on → ${r.status} ${r.text.slice(0, 200)}`);
      releasedAt = performance.now();
    }
    const tenth = Math.max(1, Math.floor(startMs.length / 10));

    // Did the server route anything? If not, fall back to manual takes driven from here.
    const routedDeadline = performance.now() + a.noRoutingMs;
    while (assigned === 0 && performance.now() < routedDeadline) await sleep(50);
    let takeConflicts = 0;
    let takeErrors = 0;
    let dispatchStart = releasedAt ?? t0;
    const takeMs = [];
    if (assigned === 0 && started.length > 0) {
      mode = 'manual-take';
      dispatchStart = performance.now();
      let q = 0;
      let s = 0;
      const reserved = new Map(agents.map((ag) => [ag.id, 0]));
      const taker = async () => {
        while (q < started.length && performance.now() - t0 < a.timeoutMs) {
          const id = started[q++];
          // The next agent (round robin) with room: open chats plus takes under way below capacity.
          let agent = agents[s++ % agents.length];
          while (agent.open + reserved.get(agent.id) >= a.capacity) {
            await sleep(1);
            agent = agents[s++ % agents.length];
          }
          reserved.set(agent.id, reserved.get(agent.id) + 1);
          const at = performance.now();
          const r = await request(agent.url, 'POST', `/api/v1/conversations/${id}/take`, {
            headers: { cookie: agent.cookie },
          }).catch(() => ({ status: -1 }));
          reserved.set(agent.id, reserved.get(agent.id) - 1);
          if (r.status === 200) {
            takeMs.push(performance.now() - at);
            onAssigned(agent, id);
          } else if (r.status === 409) takeConflicts++;
          else takeErrors++;
        }
      };
      await Promise.all(Array.from({ length: a.concurrency }, taker));
    }
    while ((assigned < started.length || closed + closeErrors < assigned) && performance.now() - t0 < a.timeoutMs)
      await sleep(20);
    const endMs = performance.now() - t0;

    const waits = [];
    const fromRelease = [];
    let lastAssigned = 0;
    let doubleAssigned = 0;
    for (const id of started) {
      const c = convs.get(id);
      if (c.assignedAt !== undefined) {
        waits.push(c.assignedAt - c.startedAt);
        if (releasedAt !== undefined) fromRelease.push(c.assignedAt - releasedAt);
        lastAssigned = Math.max(lastAssigned, c.assignedAt);
      }
      if (c.agents.size > 1) doubleAssigned++;
    }
    // The fill phase: assignments while every agent still had room (no queue wait involved).
    const firstWave = Math.min(started.length, agents.length * a.capacity);
    const assignTimes = started
      .map((id) => convs.get(id).assignedAt)
      .filter((x) => x !== undefined)
      .sort((x, y) => x - y);
    const fillEnd = assignTimes[firstWave - 1];
    return {
      mode,
      started: started.length,
      startErrors,
      assigned,
      closed,
      closeErrors,
      takeConflicts,
      takeErrors,
      doubleAssigned,
      maxOpenPerAgent: Math.max(0, ...agents.map((ag) => ag.maxOpen)),
      // The run hit its time limit before every conversation was asked for, assigned and closed.
      timedOut: next < a.visitors.length || assigned < started.length || closed + closeErrors < assigned,
      burstSeconds: burstMs / 1000,
      startsNotSent: a.visitors.length - next,
      // How long asking for a conversation took, at the start of the burst and at its end (the queue
      // is long then): a start whose cost grows with the queue shows here.
      startRequest: summarize(startMs),
      startRequestFirstTenth: summarize(startMs.slice(0, tenth)),
      startRequestLastTenth: summarize(startMs.slice(-tenth)),
      totalSeconds: endMs / 1000,
      assignmentsPerSecond: assigned > 0 ? assigned / ((lastAssigned - dispatchStart) / 1000) : 0,
      fillAssignmentsPerSecond: fillEnd !== undefined ? firstWave / ((fillEnd - dispatchStart) / 1000) : null,
      // With manual takes, the wait includes the seconds spent finding out that nothing routes.
      startToAssignment: mode === 'server' ? summarize(waits) : null,
      // Queued first: from switching routing on to each assignment (the whole drain, in seconds too).
      releaseToAssignment: releasedAt !== undefined ? summarize(fromRelease) : null,
      drainSeconds: releasedAt !== undefined ? (lastAssigned - releasedAt) / 1000 : null,
      takeLatency: mode === 'manual-take' ? summarize(takeMs) : null,
    };
  },

  exit() {
    for (const ag of agents) ag.ws.terminate();
  },
});
