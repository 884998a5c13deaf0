import { loopbackAddress, mapLimit, request } from '../lib/http.js';
import { registerVisitor, signIn, startConversation, visitorHeaders, withCookie } from '../lib/parley.js';
import { ADMIN, startParley, stopServer } from '../lib/server.js';
import { round, summarize } from '../lib/stats.js';

/**
 * @typedef {{ people: number, concurrency: number, roundMs: number, rounds: number, log: (s: string) => void }} ApiChannelOptions
 */

/**
 * A closed loop of `concurrency` senders posting for `ms`: each request a new message of one of the
 * senders' people, in turn. Answers the messages stored per second, the latencies, and the server's CPU.
 * @param {import('../lib/server.js').ServerProcess} server
 * @param {number} concurrency
 * @param {number} ms
 * @param {(i: number, n: number) => Promise<number>} send answers the HTTP status
 */
async function loop(server, concurrency, ms, send) {
  const latencies = [];
  let stored = 0;
  let failed = 0;
  let n = 0;
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  const until = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      while (performance.now() < until) {
        const s = performance.now();
        const status = await send(i, n++);
        latencies.push(performance.now() - s);
        if (status === 201) stored++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = server.cpuMs() - cpu0;
  const l = summarize(latencies);
  return {
    perSecond: round(stored / seconds, 0),
    failed,
    p50Ms: round(l.p50, 2),
    p99Ms: round(l.p99, 2),
    cpuMsPerMessage: round(cpu / Math.max(1, stored), 3),
  };
}

/**
 * Issue 22: the API channel's message path against the widget's, in one run on one server (PostgreSQL):
 * `people` widget visitors with a conversation each and `people` persons of an API channel with one each;
 * then alternating rounds (widget, API, widget, …) of a closed loop of `concurrency` senders, each
 * request one new visitor message over HTTP (the widget's `POST …/conversations/:id/messages`; the API
 * channel's `POST /api/v1/channel-api/messages` by the person's external id, which finds the identity and
 * its conversation and keeps the client id per channel). The figure is messages stored per second, median
 * of the rounds, and the ratio API ÷ widget (target ≥ 0.8).
 * @param {ApiChannelOptions} o
 */
export async function runApiChannel(o) {
  const server = await startParley({ db: 'postgres', label: 'parley-api-channel' });
  try {
    const admin = await signIn(server.url, ADMIN);
    const headers = withCookie(admin);
    // No agents online: conversations wait in the queue (both paths alike), nothing is routed meanwhile.
    await request(server.url, 'PATCH', '/api/v1/settings', {
      headers,
      body: { 'routing.acceptWithNoOnlineAgents': true },
    });
    const made = await request(server.url, 'POST', '/api/v1/channels', {
      headers,
      body: { type: 'api', name: 'Bench SMS' },
    });
    if (made.status !== 201) throw new Error(`channel not created: ${made.status} ${made.text.slice(0, 200)}`);
    const api = { authorization: `Bearer ${made.body.token}` };

    const visitors = await mapLimit(
      Array.from({ length: o.people }, (_, i) => i),
      8,
      async (i) => {
        const token = await registerVisitor(server.url, loopbackAddress(2000 + Math.floor(i / 25)));
        const c = await startConversation(server.url, token, { text: 'hello', clientId: 'first' });
        return { token, conversationId: c.id };
      },
    );
    await mapLimit(
      Array.from({ length: o.people }, (_, i) => i),
      8,
      async (i) => {
        const r = await request(server.url, 'POST', '/api/v1/channel-api/messages', {
          headers: api,
          body: { externalId: `+1555${String(i).padStart(7, '0')}`, clientId: `first-${i}`, text: 'hello' },
        });
        if (r.status !== 201) throw new Error(`API channel message: ${r.status} ${r.text.slice(0, 200)}`);
      },
    );
    o.log(`  api-channel: ${o.people} widget visitors and ${o.people} API channel persons, a conversation each`);

    const paths = {
      widget: (/** @type {number} */ round) => (/** @type {number} */ i, /** @type {number} */ n) => {
        const v = visitors[(i + n) % visitors.length];
        return request(server.url, 'POST', `/api/v1/widget/conversations/${v.conversationId}/messages`, {
          headers: visitorHeaders(v.token),
          body: { text: `message ${n}`, clientId: `w${round}-${n}` },
        }).then((r) => r.status);
      },
      api: (/** @type {number} */ round) => (/** @type {number} */ i, /** @type {number} */ n) =>
        request(server.url, 'POST', '/api/v1/channel-api/messages', {
          headers: api,
          body: {
            externalId: `+1555${String((i + n) % o.people).padStart(7, '0')}`,
            clientId: `a${round}-${n}`,
            text: `message ${n}`,
          },
        }).then((r) => r.status),
    };
    // A warm-up round of each, not counted.
    await loop(server, o.concurrency, Math.min(2000, o.roundMs), paths.widget(-1));
    await loop(server, o.concurrency, Math.min(2000, o.roundMs), paths.api(-1));
    /** @type {{ widget: any[], api: any[] }} */
    const rounds = { widget: [], api: [] };
    for (let r = 0; r < o.rounds; r++) {
      // Alternate which goes first, so a drift of the machine's load falls on both.
      const order = r % 2 === 0 ? /** @type {const} */ (['widget', 'api']) : /** @type {const} */ (['api', 'widget']);
      for (const path of order) {
        const m = await loop(server, o.concurrency, o.roundMs, paths[path](r));
        rounds[path].push(m);
        o.log(
          `  api-channel round ${r + 1} ${path.padEnd(6)}: ${m.perSecond} msg/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ` +
            `${m.cpuMsPerMessage} ms server CPU/msg${m.failed ? `, ${m.failed} FAILED` : ''}`,
        );
      }
    }
    const median = (/** @type {number[]} */ xs) => summarize(xs).p50;
    const widget = median(rounds.widget.map((m) => m.perSecond));
    const apiRate = median(rounds.api.map((m) => m.perSecond));
    const out = {
      concurrency: o.concurrency,
      roundMs: o.roundMs,
      rounds,
      widgetPerSecond: widget,
      apiPerSecond: apiRate,
      ratio: round(apiRate / widget, 2),
      widgetCpuMsPerMessage: median(rounds.widget.map((m) => m.cpuMsPerMessage)),
      apiCpuMsPerMessage: median(rounds.api.map((m) => m.cpuMsPerMessage)),
      failed: [...rounds.widget, ...rounds.api].reduce((s, m) => s + m.failed, 0),
    };
    o.log(
      `  api-channel: widget ${widget} msg/s, API channel ${apiRate} msg/s (medians of ${o.rounds} rounds): ratio ${out.ratio} (target ≥ 0.8)`,
    );
    return out;
  } finally {
    await stopServer(server);
  }
}
