import { join } from 'node:path';
import { call, sleep } from '../lib/http.js';
import { createAgents, signIn } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { median, RateSearch } from '../lib/rate-search.js';
import { ADMIN, ROOT, startParley, stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { Worker } from '../lib/worker.js';
import { describeStep, NOISY_OTHERS_PCT, stepper, verify } from './message-path.js';

/** The two arms: `sessions.visitorAbandonment.seconds` 600 (action close) against 0 (off). */
export const ARMS = {
  off: { 'sessions.visitorAbandonment.seconds': 0 },
  on: { 'sessions.visitorAbandonment.seconds': 600 },
};

/**
 * The message path with visitor abandonment on and off, in one run on one server (issue 13): agents
 * answer every other message (each agent message arms the abandonment timer, each visitor message
 * cancels it). Each round searches the highest sustained rate of both arms, their steps taken in turn
 * (off, on, off, on… and the other way round the next round) so that other work on the machine hits
 * both alike; the setting is switched through the settings API before each step. The figure is the
 * ratio of the arms' median sustained rates (target ≥ 0.9); also CPU per message of both at one rate,
 * in turns. Works whether or not the server enforces the setting yet (then the ratio is the noise).
 * @param {{ visitors: number, agents: number, rounds: number, stepMs: number, graceMs: number,
 *   startRate: number, resolution: number, maxSteps: number, cpuPairs: number, cpuMinRate: number,
 *   log: (s: string) => void }} o
 */
export async function runAbandonmentAB(o) {
  const t0 = Date.now();
  const server = await startParley({ db: 'postgres', label: 'parley-abandonment' });
  const worker = new Worker(join(ROOT, 'bench', 'loadgen', 'message-worker.js'), 'abandonment load generator');
  try {
    const admin = await signIn(server.url, ADMIN);
    const set = (body) => call(server.url, 'PATCH', '/api/v1/settings', { headers: { cookie: admin }, body });
    await set({
      'sessions.visitorAbandonment.action': 'close',
      'sessions.visitorAbandonment.closeMessage': 'Closed: no answer from you for a while (benchmark)',
      ...ARMS.off,
    });
    let current = 'off';
    const agents = await createAgents(server.url, admin, o.agents, {
      maxChats: Math.ceil(o.visitors / o.agents) * 2 + 5,
      prefix: 'abandonment',
    });
    await worker.ask(
      'setup',
      { target: 'parley', url: server.url, agents, visitors: o.visitors, agentReplies: true },
      300_000,
    );
    await worker.ask('warmup', { perVisitor: 4 }, 60_000);
    o.log(`  abandonment: ${o.visitors} visitors, ${o.agents} agents answering every other message`);

    const takeStep = stepper(server, worker, o);
    // The CPU steps wait longer for stragglers: on a busy machine a step's last messages may be seconds
    // late, and their work must fall inside the step's CPU reading.
    const cpuStep = stepper(server, worker, { stepMs: o.stepMs, graceMs: Math.max(o.graceMs, 5000) });
    /** @type {Record<'off' | 'on', { sustained: number[], steps: any[], cpu: any[] }>} */
    const arms = { off: { sustained: [], steps: [], cpu: [] }, on: { sustained: [], steps: [], cpu: [] } };
    const stepAs = async (arm, rate, round, forCpu = false) => {
      if (current !== arm) {
        await set(ARMS[arm]);
        current = arm;
      }
      let r = await (forCpu ? cpuStep : takeStep)(rate);
      // As in the message path: a failure while other work took a real share of the CPU gets a second try.
      if (!forCpu && !r.pass && r.otherCpuPct >= NOISY_OTHERS_PCT) {
        await sleep(1500);
        r = { ...(await takeStep(rate)), retried: true };
      }
      arms[arm].steps.push({ round, ...r });
      o.log(`  abandonment ${arm.padEnd(3)} ${String(rate).padStart(6)} msg/s: ${describeStep(r)}`);
      await sleep(r.pass ? 300 : 1500);
      return r;
    };

    const rounds = [];
    let pendingJobsWhenOn;
    for (let n = 0; n < o.rounds; n++) {
      // The first round doubles from startRate; later ones start where the earlier ones ended, in steps of 25 %.
      const found = [...arms.off.sustained, ...arms.on.sustained].filter((x) => x > 0);
      const start = n === 0 || found.length === 0 ? o.startRate : median(found);
      const factor = n === 0 || found.length === 0 ? 2 : 1.25;
      const searches = {
        off: new RateSearch({ start, factor, resolution: o.resolution, maxSteps: o.maxSteps }),
        on: new RateSearch({ start, factor, resolution: o.resolution, maxSteps: o.maxSteps }),
      };
      const order = n % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
      while (order.some((a) => searches[a].next !== undefined)) {
        for (const a of order) {
          const rate = searches[a].next;
          if (rate === undefined) continue;
          const r = await stepAs(a, rate, n);
          searches[a].record(rate, r.pass);
          if (a === 'on') pendingJobsWhenOn = await pendingJobsByKind(server);
        }
      }
      arms.off.sustained.push(searches.off.sustained);
      arms.on.sustained.push(searches.on.sustained);
      const ratio = searches.off.sustained > 0 ? searches.on.sustained / searches.off.sustained : NaN;
      rounds.push({ off: searches.off.sustained, on: searches.on.sustained, ratio });
      o.log(
        `  abandonment round ${n + 1}/${o.rounds}: sustained off ${searches.off.sustained}, on ${searches.on.sustained} msg/s (on ÷ off ${round(ratio, 2)})`,
      );
    }

    // CPU per message of both arms at one rate, in pairs of steps taken in turns: the figure least moved by
    // other work. Not below cpuMinRate: at low rates the server's fixed background work (ticks, sweeps, GC)
    // spread over few messages would swamp the difference.
    const sustained = { off: median(arms.off.sustained), on: median(arms.on.sustained) };
    const lower = Math.min(sustained.off, sustained.on) || 0;
    const cpuRate = Math.max(o.cpuMinRate, Math.round((0.6 * lower) / 50) * 50);
    const pairs = [];
    for (let k = 0; k < o.cpuPairs; k++) {
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
    const cpu = {
      rate: cpuRate,
      off: cpuOf('off'),
      on: cpuOf('on'),
      pairs,
      /** The median of the pairs' on ÷ off (server + PostgreSQL CPU per message). */
      ratio: median(pairs.map((p) => p.ratio)),
    };

    const ledger = await worker.ask('ledger', {}, 60_000);
    const verification = await verify(o, server, ledger);
    const ratio = sustained.off > 0 ? sustained.on / sustained.off : NaN;
    o.log(
      `  abandonment: median sustained off ${sustained.off}, on ${sustained.on} msg/s → on ÷ off ${round(ratio, 2)}; ` +
        `cpu µs/msg at ${cpuRate} msg/s: off server ${Math.round(cpu.off.server)} + pg ${Math.round(cpu.off.pg)}, ` +
        `on server ${Math.round(cpu.on.server)} + pg ${Math.round(cpu.on.pg)} (on ÷ off ${round(cpu.ratio, 2)}, ` +
        `median of ${pairs.length} pairs); pending jobs while on: ` +
        `${JSON.stringify(pendingJobsWhenOn)}; messages checked ${verification.ok ? 'ok' : 'PROBLEM'}`,
    );
    return {
      visitors: o.visitors,
      agents: o.agents,
      stepSeconds: o.stepMs / 1000,
      settings: ARMS,
      rounds,
      sustained,
      ratio,
      cpu,
      pendingJobsWhenOn,
      steps: { off: arms.off.steps, on: arms.on.steps },
      verification,
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await worker.stop();
    await stopServer(server);
  }
}

/**
 * A step whose CPU per message counts: nothing refused, and (nearly) everything answered and delivered
 * within the step's grace, so that little of its work fell after the CPU was read.
 * @param {any} r
 */
export function cpuUsable(r) {
  return r.errors === 0 && r.pending <= 0.01 * r.sent && r.missing <= 0.01 * r.sent;
}

/**
 * Pending jobs by kind: a timer kept as a job row per conversation (or per message) shows here.
 * @param {any} server
 */
function pendingJobsByKind(server) {
  return withClient(server.database.url, async (c) =>
    Object.fromEntries(
      (
        await c.query(`select kind, count(*)::int as n from jobs where status = 'pending' group by kind order by kind`)
      ).rows.map((r) => [r.kind, r.n]),
    ),
  );
}
