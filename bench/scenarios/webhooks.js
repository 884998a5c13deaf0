import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, sleep } from '../lib/http.js';
import { createAgents, signIn } from '../lib/parley.js';
import { backendPids, withClient } from '../lib/pg.js';
import { CpuMeter, MachineMeter } from '../lib/proc.js';
import { summarizeProfile } from '../lib/profile.js';
import { median, RateSearch } from '../lib/rate-search.js';
import { ADMIN, ROOT, startParley, stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { answeredRate, commitToReceiver, deliveryLedger, drainFigures } from '../lib/webhook-figures.js';
import { Worker } from '../lib/worker.js';
import { cpuUsable } from './abandonment.js';
import { describeStep, NOISY_OTHERS_PCT, stepper, verify } from './message-path.js';

/** The A/B's arms: the visitor- and agent-message webhooks on, against off (the URL set in both). */
export const ARMS = {
  off: { 'crm.on.visitorMessage': false, 'crm.on.agentMessage': false },
  on: { 'crm.on.visitorMessage': true, 'crm.on.agentMessage': true },
};

/** Issue 15's targets. */
export const EVENT_RATE = 1000;
export const DRAIN_TARGET_PER_SECOND = 1000;
export const AB_RATIO_TARGET = 0.8;

/**
 * @typedef {{
 *   visitors: number, agents: number, rate: number, steadyMs: number, outageMs: number, afterMs: number,
 *   drainWaitMs: number, settleWaitMs: number,
 *   ab: { rounds: number, stepMs: number, graceMs: number, startRate: number, resolution: number,
 *     maxSteps: number, cpuPairs: number, cpuMinRate: number, backlogWaitMs: number } | null,
 *   profileDir?: string, log: (s: string) => void,
 * }} WebhooksOptions
 */

/**
 * The runs: `--full` is issue 15's (60 s steady, 60 s outage, 2 A/B rounds of 5 s steps); the quick one
 * (the default) takes under two minutes: 10 s steady, a 15 s outage, one A/B round of 2.5 s steps.
 * @param {boolean} quick
 * @param {(s: string) => void} log
 * @returns {WebhooksOptions}
 */
export function webhookOptions(quick, log) {
  return {
    visitors: quick ? 100 : 500,
    agents: quick ? 10 : 50,
    rate: EVENT_RATE,
    steadyMs: quick ? 10_000 : 60_000,
    outageMs: quick ? 15_000 : 60_000,
    afterMs: quick ? 20_000 : 60_000,
    drainWaitMs: quick ? 30_000 : 300_000,
    settleWaitMs: quick ? 10_000 : 30_000,
    ab: {
      rounds: quick ? 1 : 2,
      stepMs: quick ? 2500 : 5000,
      graceMs: quick ? 1000 : 2000,
      startRate: 1000,
      resolution: quick ? 0.15 : 0.1,
      maxSteps: quick ? 3 : 5,
      cpuPairs: quick ? 1 : 3,
      // Before each step, the sender's backlog is let drain for at most this long.
      backlogWaitMs: quick ? 5000 : 30_000,
      cpuMinRate: 1000,
    },
    log,
  };
}

/**
 * Issue 15's benchmark, on the built server with PostgreSQL and a receiver on loopback (a process of its
 * own: bench/lib/webhook-receiver.js). Visitors and agents of the message path's load generator write in
 * many conversations (agents answer every other message), with `crm.on.visitorMessage` and
 * `crm.on.agentMessage` on: one delivery per message.
 *
 * 1. Steady: `rate` events/s for `steadyMs`: commit → receiver latency, deliveries answered per second,
 *    what stays pending.
 * 2. Outage: the same rate on; the receiver stops listening (connection refused) for `outageMs`, comes back,
 *    and the load goes on for `afterMs`: the backlog, how long until it is back to the steady level and how
 *    fast it shrank; then, the load stopped and everything sent, every delivery row against the receiver's
 *    requests (once per X-Parley-Delivery id, no losses).
 * 3. A/B, on a fresh server: the message path's highest sustained rate with the two switches on and off,
 *    steps of both arms in turns, as the abandonment A/B does (bench/scenarios/abandonment.js); before each
 *    step the sender's backlog is let drain, so an arm's step never pays for the other's deliveries.
 * @param {WebhooksOptions} o
 */
export async function runWebhooks(o) {
  const t0 = Date.now();
  const receiver = new Worker(join(ROOT, 'bench', 'lib', 'webhook-receiver.js'), 'webhook receiver');
  try {
    const { url: hookUrl } = await receiver.ask('start');
    const out = { visitors: o.visitors, agents: o.agents, rate: o.rate, receiver: hookUrl };
    const flow = await withServer(o, hookUrl, 'webhooks', (ctx) => steadyAndOutage(ctx, receiver, o));
    Object.assign(out, flow);
    if (o.ab) {
      await receiver.ask('reset');
      out.ab = await withServer(o, hookUrl, 'webhooks-ab', (ctx) => abRuns(ctx, o));
    }
    return { ...out, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await receiver.stop();
  }
}

/**
 * A server with the CRM webhook pointing at the receiver, agents, and the load generator's visitors.
 * @template T
 * @param {WebhooksOptions} o
 * @param {string} hookUrl
 * @param {string} label
 * @param {(ctx: { server: any, worker: Worker, set: (body: Record<string, unknown>) => Promise<unknown> }) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withServer(o, hookUrl, label, fn) {
  // The receiver is on loopback: the operator's leave for private addresses (issue 15, item 6).
  const server = await startParley({ db: 'postgres', label: `parley-${label}`, env: { OUTBOUND_ALLOW_PRIVATE: '1' } });
  const worker = new Worker(join(ROOT, 'bench', 'loadgen', 'message-worker.js'), `${label} load generator`);
  try {
    const admin = await signIn(server.url, ADMIN);
    const set = (body) => call(server.url, 'PATCH', '/api/v1/settings', { headers: { cookie: admin }, body });
    await set({ 'crm.webhookUrl': hookUrl, 'crm.secretToken': 'bench-webhook-secret', ...ARMS.on });
    const agents = await createAgents(server.url, admin, o.agents, {
      maxChats: Math.ceil(o.visitors / o.agents) * 2 + 5,
      prefix: label,
    });
    await worker.ask(
      'setup',
      { target: 'parley', url: server.url, agents, visitors: o.visitors, agentReplies: true },
      300_000,
    );
    await worker.ask('warmup', { perVisitor: 4 }, 60_000);
    await waitForBacklog(server, 0, 60_000);
    return await fn({ server, worker, set });
  } finally {
    await worker.stop();
    await stopServer(server);
  }
}

/**
 * Pending deliveries now (the partial index of the heads covers them).
 * @param {any} server
 */
function pendingCount(server) {
  return withClient(server.database.url, async (c) =>
    Number((await c.query(`select count(*)::int as n from webhook_deliveries where status = 'pending'`)).rows[0].n),
  );
}

/**
 * Waits until at most `max` deliveries are pending (or `timeoutMs` passed); returns how many are.
 * @param {any} server
 */
async function waitForBacklog(server, max, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const n = await pendingCount(server);
    if (n <= max || Date.now() >= until) return n;
    await sleep(250);
  }
}

/**
 * Polls the pending count every `everyMs` until stopped: `{ at, pending }` in time order.
 * @param {any} server
 */
function pollBacklog(server, everyMs = 500) {
  /** @type {Array<{ at: number, pending: number }>} */
  const polls = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = Date.now();
      polls.push({ at, pending: await pendingCount(server) });
      await sleep(Math.max(0, everyMs - (Date.now() - at)));
    }
  })();
  return {
    polls,
    stop: async () => {
      running = false;
      await done;
      return polls;
    },
  };
}

/**
 * The sender's claim (packages/server/src/modules/webhooks/sender.ts) without its update: the heads of
 * every line, the due ones first, 64 of them; its execution time with what is pending now.
 * @param {any} server
 */
function claimCost(server) {
  return withClient(server.database.url, async (c) => {
    const pending = Number(
      (await c.query(`select count(*)::int as n from webhook_deliveries where status = 'pending'`)).rows[0].n,
    );
    const heads = Number(
      (
        await c.query(
          `select count(distinct (endpoint_id, order_key))::int as n from webhook_deliveries where status = 'pending'`,
        )
      ).rows[0].n,
    );
    const plan = (
      await c.query(`explain (analyze, format json)
        with heads as (
          select distinct on (endpoint_id, order_key) id, next_attempt_at, locked_until
          from webhook_deliveries where status = 'pending'
          order by endpoint_id, order_key, seq
        )
        select id from heads where next_attempt_at <= now() and (locked_until is null or locked_until < now())
        order by next_attempt_at limit 64`)
    ).rows[0]['QUERY PLAN'][0];
    return { pending, heads, ms: plan['Execution Time'] + plan['Planning Time'] };
  });
}

/**
 * The database's cumulative counters: transactions, rows written, and scans (sequential and index) over
 * all tables — about one per statement that reads or writes a table.
 * @param {import('pg').Client} c
 */
async function dbCounters(c) {
  const db = (
    await c.query(
      `select xact_commit + xact_rollback as transactions, tup_inserted + tup_updated + tup_deleted as rows_written
       from pg_stat_database where datname = current_database()`,
    )
  ).rows[0];
  const t = (
    await c.query(`select coalesce(sum(seq_scan), 0) + coalesce(sum(idx_scan), 0) as scans from pg_stat_user_tables`)
  ).rows[0];
  return { transactions: Number(db.transactions), rowsWritten: Number(db.rows_written), scans: Number(t.scans) };
}

/**
 * Runs `wait` (the sender draining with no load) and measures it: requests the receiver answered, the
 * server's and its backends' CPU, and the database's work, per delivery answered.
 * @param {any} server
 * @param {Worker} receiver
 * @param {() => Promise<number>} wait resolves to what is left pending
 */
async function senderAlone(server, receiver, wait) {
  const pids = await backendPids(server.database.name);
  const serverCpu = new CpuMeter(() => [server.pid]);
  const pgCpu = new CpuMeter(() => pids);
  const machine = new MachineMeter();
  const before = await withClient(server.database.url, dbCounters);
  const n0 = (await receiver.ask('count')).answered;
  const t0 = Date.now();
  serverCpu.start();
  pgCpu.start();
  machine.start();
  const pendingAfter = await wait();
  const serverPct = serverCpu.stop();
  const pgPct = pgCpu.stop();
  const otherPct = Math.max(0, machine.stop() - serverPct - pgPct);
  const ms = Date.now() - t0;
  const answered = (await receiver.ask('count')).answered - n0;
  // Statistics reach pg_stat_* when a backend goes idle: give them a moment.
  await sleep(1500);
  const after = await withClient(server.database.url, dbCounters);
  const per = (x) => (answered > 0 ? x / answered : NaN);
  return {
    answered,
    ms,
    perSecond: ms > 0 ? (answered * 1000) / ms : NaN,
    pendingAfter,
    serverPct,
    pgPct,
    otherPct,
    serverUsPerDelivery: per(serverCpu.usedMs * 1000),
    pgUsPerDelivery: per(pgCpu.usedMs * 1000),
    db: {
      transactions: per(after.transactions - before.transactions),
      scans: per(after.scans - before.scans),
      rowsWritten: per(after.rowsWritten - before.rowsWritten),
    },
  };
}

/**
 * Phases 1 and 2 on one server.
 * @param {{ server: any, worker: Worker }} ctx
 * @param {Worker} receiver
 * @param {WebhooksOptions} o
 */
async function steadyAndOutage({ server, worker }, receiver, o) {
  const log = o.log;
  const takeStep = stepper(server, worker, { stepMs: o.steadyMs, graceMs: 2000 });

  // 1. Steady.
  let poll = pollBacklog(server);
  const steadyFrom = Date.now();
  const step = await takeStep(o.rate);
  const steadyTo = steadyFrom + o.steadyMs;
  const steadyPolls = await poll.stop();
  const left = await waitForBacklog(server, 0, o.settleWaitMs);
  let req = await receiver.ask('requests', {}, 60_000);
  const pendingDuring = steadyPolls.filter((p) => p.at >= steadyFrom + 1000 && p.at < steadyTo).map((p) => p.pending);
  const steady = {
    events: step.sent,
    eventRate: step.achievedRate,
    commitToReceiver: commitToReceiver(req, steadyFrom, steadyTo),
    // From the first second on: the deliveries of the step's own events, not a warm-up's.
    answeredPerSecond: answeredRate(req, steadyFrom + 1000, steadyTo),
    pending: {
      p50: median(pendingDuring),
      max: Math.max(0, ...pendingDuring),
      atEnd: steadyPolls.at(-1)?.pending ?? NaN,
      /** Left after waiting up to settleWaitMs once the step ended. */
      afterWait: left,
    },
    messagePath: { latency: step.latency, pass: step.pass },
    cpu: {
      serverPct: step.serverCpuPct,
      pgPct: step.pgCpuPct,
      otherPct: step.otherCpuPct,
      serverUsPerEvent: step.cpuUsPerMessage.server,
      pgUsPerEvent: step.cpuUsPerMessage.pg,
    },
  };
  const lat = steady.commitToReceiver;
  log(
    `  webhooks steady: ${step.sent} events at ${Math.round(step.achievedRate)}/s; commit → receiver p50 ${round(lat.p50)} ms, ` +
      `p99 ${round(lat.p99)} ms, max ${round(lat.max)} ms (${lat.count} deliveries); answered ${Math.round(steady.answeredPerSecond)}/s; ` +
      `pending p50 ${steady.pending.p50}, max ${steady.pending.max}; cpu: server ${Math.round(step.serverCpuPct)}% ` +
      `(${Math.round(step.cpuUsPerMessage.server)} µs/event), pg ${Math.round(step.pgCpuPct)}% (${Math.round(step.cpuUsPerMessage.pg)} µs/event), ` +
      `others ${Math.round(step.otherCpuPct)}%; message path ${step.pass ? 'pass' : 'FAIL'} (p99 ${round(step.latency.p99)} ms)`,
  );

  // 2. Outage: the load runs for lead + outage + after; the receiver is down in between.
  const leadMs = 3000;
  const total = leadMs + o.outageMs + o.afterMs;
  poll = pollBacklog(server);
  const stepPromise = worker.ask('step', { rate: o.rate, durationMs: total, graceMs: 2000 }, total + 120_000);
  await sleep(leadMs);
  const downAt = (await receiver.ask('down')).at;
  await sleep(o.outageMs - 1000);
  // What the sender's claim costs with the outage's backlog pending (its select part, not its update).
  const claimAtBacklog = await claimCost(server);
  await sleep(1000);
  if (o.profileDir) await server.startProfile();
  const backAt = (await receiver.ask('up')).at;
  const outageStep = await stepPromise;
  const loadEnd = Date.now();
  // The load is over: everything still pending goes out now (retries 10 s apart: give it time). Only the
  // sender works meanwhile: its CPU and the database's work per delivery, the figures least moved by
  // other work on the machine.
  const pendingAtLoadEnd = await pendingCount(server);
  const alone = await senderAlone(server, receiver, () => waitForBacklog(server, 0, o.drainWaitMs));
  const finalLeft = alone.pendingAfter;
  const polls = await poll.stop();
  let profile;
  if (o.profileDir) {
    mkdirSync(o.profileDir, { recursive: true });
    const file = join(o.profileDir, `webhooks-drain-${Date.now()}.cpuprofile`);
    await server.stopProfile(file);
    profile = { file, ...summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 20) };
  }
  const allDoneAt = polls.findLast((p) => p.pending > 0)?.at ?? loadEnd;
  // The rows first: a row marked delivered was answered by the receiver before, so it is in what the
  // receiver reports next (the other order would count a delivery made in between as lost).
  const rows = await withClient(
    server.database.url,
    async (c) => (await c.query(`select id, status, attempts from webhook_deliveries`)).rows,
  );
  await sleep(200);
  req = await receiver.ask('requests', {}, 60_000);
  const ledger = deliveryLedger(req, rows);
  // "Settled": twice the steady phase's highest backlog, at least a tenth of a second of events.
  const settled = Math.max(2 * steady.pending.max, Math.ceil(o.rate / 10));
  const drain = drainFigures(req, polls, backAt, settled);
  const outage = {
    outageMs: backAt - downAt,
    afterMs: o.afterMs,
    events: outageStep.sent,
    eventRate: outageStep.achievedRate,
    drain,
    pendingWhenLoadStopped: polls.filter((p) => p.at <= loadEnd).at(-1)?.pending ?? NaN,
    emptyAfterLoadMs: allDoneAt - loadEnd,
    pendingAtLoadEnd,
    senderAlone: alone,
    leftPending: finalLeft,
    ledger,
    withoutSignature: req.withoutSignature,
    claimAtBacklog,
    profile,
    // The backlog over time, thinned to one point a second.
    backlog: polls.filter((_, i) => i % 2 === 0).map((p) => [round((p.at - downAt) / 1000, 1), p.pending]),
  };
  log(
    `  webhooks outage: receiver down ${round(outage.outageMs / 1000, 1)} s (connection refused) with ${Math.round(outageStep.achievedRate)} events/s; ` +
      `backlog ${drain.backlog} when it came back; first answer ${round(drain.firstAnswerAfterMs / 1000, 1)} s later; ` +
      (drain.drained
        ? `back to ≤ ${settled} pending ${round(drain.drainMs / 1000, 1)} s later (net ${Math.round(drain.netPerSecond)}/s, ` +
          `answered ${Math.round(drain.grossPerSecond)}/s with new events still coming)`
        : `NOT back to ≤ ${settled} pending within ${round(o.afterMs / 1000)} s of load`) +
      `; ${ledger.deliveries} deliveries: received once ${ledger.receivedOnce}, duplicates ${ledger.duplicates}, ` +
      `lost ${ledger.deliveredNotReceived}, pending ${ledger.pending}, failed ${ledger.failed}, unknown ${ledger.unknown}; ` +
      `retried requests ${ledger.extraRequests}, attempts max ${ledger.attempts.max} → ${ledger.ok ? 'ok' : 'PROBLEM'}; ` +
      `the claim's select with ${claimAtBacklog.pending} pending: ${round(claimAtBacklog.ms, 1)} ms (${claimAtBacklog.heads} heads)`,
  );
  log(
    `  webhooks sender alone (load stopped, ${pendingAtLoadEnd} pending): ${alone.answered} answered in ` +
      `${round(alone.ms / 1000, 1)} s (${Math.round(alone.perSecond)}/s), ${alone.pendingAfter} left; per delivery: ` +
      `server ${Math.round(alone.serverUsPerDelivery)} µs, pg ${Math.round(alone.pgUsPerDelivery)} µs CPU, ` +
      `${round(alone.db.transactions, 2)} transactions, ${round(alone.db.scans, 1)} table/index scans, ` +
      `${round(alone.db.rowsWritten, 1)} rows written; cpu: server ${Math.round(alone.serverPct)}%, pg ${Math.round(alone.pgPct)}%, others ${Math.round(alone.otherPct)}%`,
  );
  return { steady, outage };
}

/**
 * Phase 3: the message path with the message webhooks on and off, steps in turns; then CPU per message of
 * both at one rate, in pairs.
 * @param {{ server: any, worker: Worker, set: (body: Record<string, unknown>) => Promise<unknown> }} ctx
 * @param {WebhooksOptions} o
 */
async function abRuns({ server, worker, set }, o) {
  const ab = /** @type {NonNullable<WebhooksOptions['ab']>} */ (o.ab);
  const log = o.log;
  let current = 'on';
  const takeStep = stepper(server, worker, ab);
  const cpuStep = stepper(server, worker, { stepMs: ab.stepMs, graceMs: Math.max(ab.graceMs, 5000) });
  /** @type {Record<'off' | 'on', { sustained: number[], steps: any[], cpu: any[] }>} */
  const arms = { off: { sustained: [], steps: [], cpu: [] }, on: { sustained: [], steps: [], cpu: [] } };
  let backlogWaits = 0;
  const stepAs = async (arm, rate, roundNo, forCpu = false) => {
    if (current !== arm) {
      await set(ARMS[arm]);
      current = arm;
    }
    // What the sender still has to send is the previous step's: let it go first (bounded).
    const t = Date.now();
    const before = await waitForBacklog(server, 0, ab.backlogWaitMs);
    backlogWaits += Date.now() - t;
    let r = await (forCpu ? cpuStep : takeStep)(rate);
    if (!forCpu && !r.pass && r.otherCpuPct >= NOISY_OTHERS_PCT) {
      await sleep(1500);
      await waitForBacklog(server, 0, ab.backlogWaitMs);
      r = { ...(await takeStep(rate)), retried: true };
    }
    const after = await pendingCount(server);
    arms[arm].steps.push({ round: roundNo, ...r, pendingBefore: before, pendingAfter: after });
    log(
      `  webhooks ${arm.padEnd(3)} ${String(rate).padStart(6)} msg/s: ${describeStep(r)}; webhooks pending after ${after}`,
    );
    await sleep(r.pass ? 300 : 1500);
    return r;
  };

  const rounds = [];
  for (let n = 0; n < ab.rounds; n++) {
    const found = [...arms.off.sustained, ...arms.on.sustained].filter((x) => x > 0);
    const start = n === 0 || found.length === 0 ? ab.startRate : median(found);
    const factor = n === 0 || found.length === 0 ? 2 : 1.25;
    const searches = {
      off: new RateSearch({ start, factor, resolution: ab.resolution, maxSteps: ab.maxSteps }),
      on: new RateSearch({ start, factor, resolution: ab.resolution, maxSteps: ab.maxSteps }),
    };
    const order = n % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    while (order.some((a) => searches[a].next !== undefined)) {
      for (const a of order) {
        const rate = searches[a].next;
        if (rate === undefined) continue;
        const r = await stepAs(a, rate, n);
        searches[a].record(rate, r.pass);
      }
    }
    arms.off.sustained.push(searches.off.sustained);
    arms.on.sustained.push(searches.on.sustained);
    const ratio = searches.off.sustained > 0 ? searches.on.sustained / searches.off.sustained : NaN;
    rounds.push({ off: searches.off.sustained, on: searches.on.sustained, ratio });
    log(
      `  webhooks round ${n + 1}/${ab.rounds}: sustained off ${searches.off.sustained}, on ${searches.on.sustained} msg/s (on ÷ off ${round(ratio, 2)})`,
    );
  }

  const sustained = { off: median(arms.off.sustained), on: median(arms.on.sustained) };
  const lower = Math.min(sustained.off, sustained.on) || 0;
  const cpuRate = Math.max(ab.cpuMinRate, Math.round((0.6 * lower) / 50) * 50);
  const pairs = [];
  for (let k = 0; k < ab.cpuPairs; k++) {
    const pair = { off: NaN, on: NaN, ratio: NaN };
    for (const a of k % 2 === 0 ? ['off', 'on'] : ['on', 'off']) {
      const r = await stepAs(a, cpuRate, 'cpu', true);
      pair[a] = cpuUsable(r) ? r.cpuUsPerMessage.server + r.cpuUsPerMessage.pg : NaN;
      arms[a].cpu.push({ server: r.cpuUsPerMessage.server, pg: r.cpuUsPerMessage.pg, usable: cpuUsable(r) });
    }
    pair.ratio = pair.on / pair.off;
    pairs.push(pair);
  }
  const cpuOf = (a) => {
    const ok = arms[a].cpu.filter((x) => x.usable);
    return { server: median(ok.map((x) => x.server)), pg: median(ok.map((x) => x.pg)), steps: ok.length };
  };
  const cpu = { rate: cpuRate, off: cpuOf('off'), on: cpuOf('on'), pairs, ratio: median(pairs.map((p) => p.ratio)) };
  const ledger = await worker.ask('ledger', {}, 60_000);
  const verification = await verify({ db: 'postgres' }, server, ledger);
  const ratio = sustained.off > 0 ? sustained.on / sustained.off : NaN;
  log(
    `  webhooks A/B: median sustained off ${sustained.off}, on ${sustained.on} msg/s → on ÷ off ${round(ratio, 2)}; ` +
      `cpu µs/msg at ${cpuRate} msg/s: off server ${Math.round(cpu.off.server)} + pg ${Math.round(cpu.off.pg)}, ` +
      `on server ${Math.round(cpu.on.server)} + pg ${Math.round(cpu.on.pg)} (on ÷ off ${round(cpu.ratio, 2)}, median of ${pairs.length} pairs); ` +
      `waited ${round(backlogWaits / 1000, 1)} s in all for the sender's backlog; messages checked ${verification.ok ? 'ok' : 'PROBLEM'}`,
  );
  return {
    stepSeconds: ab.stepMs / 1000,
    settings: ARMS,
    rounds,
    sustained,
    ratio,
    cpu,
    backlogWaitSeconds: backlogWaits / 1000,
    steps: { off: arms.off.steps, on: arms.on.steps },
    verification,
  };
}
