import { call } from '../lib/http.js';
import { createAgents, signIn } from '../lib/parley.js';
import { withClient } from '../lib/pg.js';
import { seedAgents } from '../lib/seed.js';
import { ADMIN, startParley, stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { jobQueryCosts, measureBurst } from '../lib/timer-burst.js';
import {
  armOnHoldTimers,
  jobsTableSize,
  moveHolds,
  ON_HOLD_CLOSE_KIND,
  seedOnHoldConversations,
} from '../lib/timer-seed.js';

/** Agents serving the on-hold conversations (one created through the API, the others seeded). */
const AGENTS = 100;
/**
 * `sessions.onHold.autoCloseSeconds`. The timers that are not in the burst went on hold between half of
 * it and one minute ago, so they fall due between 30 and 59 minutes from now: pending all along.
 */
const TIMEOUT_SECONDS = 3600;
const CLOSE_MESSAGE = 'Closed after waiting on hold (benchmark)';

/**
 * Pending timers (issue 13's benchmark): `pending` on-hold conversations, each with the server's on-hold
 * auto-close job, `due` of them falling due within the same second. The rows go in with SQL while the
 * server is down; then it starts and the burst is measured from the database: how late each close
 * committed after its timer's due time, how long until all had, the server's and PostgreSQL's CPU per
 * timer, and the jobs table's size per pending timer. Then the same burst again with nothing else
 * pending, to see whether the others slow it down.
 * @param {{ pending: number, due: number, leadMs: number, drainTimeoutMs: number, profileDir?: string, log: (s: string) => void }} o
 */
export async function runTimers(o) {
  const t0 = Date.now();
  const first = await startParley({ db: 'postgres', label: 'parley-timers' });
  const database = /** @type {NonNullable<typeof first.database>} */ (first.database);
  let server = first;
  try {
    const admin = await signIn(first.url, ADMIN);
    await call(first.url, 'PATCH', '/api/v1/settings', {
      headers: { cookie: admin },
      body: { 'sessions.onHold.autoCloseSeconds': TIMEOUT_SECONDS, 'sessions.onHold.autoCloseMessage': CLOSE_MESSAGE },
    });
    const [agent] = await createAgents(first.url, admin, 1, { prefix: 'timers', ipOffset: 5000 });
    const agentIds = await withClient(database.url, async (c) => {
      const hash = (await c.query('select password_hash from users where id = $1', [agent.id])).rows[0].password_hash;
      return [agent.id, ...(await seedAgents(c, AGENTS - 1, { passwordHash: hash, tag: 'timers' })).map((a) => a.id)];
    });
    // Down while the timers go in, as after a restart: nothing of them lives in the server's memory.
    await first.stop();

    const seeded = await withClient(database.url, (c) => seed(c, o, agentIds));
    const cost = costOf(seeded.before, seeded.after, o.pending);
    // Back up with every timer pending; the burst is timed once it runs (a start may take seconds when the
    // machine is busy), `leadMs` ahead: the runner looks at the table at least every second, so it sees the
    // new due time in time and sleeps until then, as for a timer armed by the server itself.
    server = await startParley({ db: 'postgres', label: 'parley-timers', database });
    const burst = await withClient(database.url, (c) => scheduleBurst(c, seeded.dueIds, o.leadMs));
    o.log(
      `  timers: ${o.pending.toLocaleString('en-US')} on-hold conversations with their timer seeded in ` +
        `${seeded.seedSeconds.toFixed(1)} s; jobs table +${cost.rowsPerTimer} row and ${Math.round(cost.bytesPerTimer)} B ` +
        `per pending timer (heap ${Math.round(cost.heapBytesPerTimer)}, indexes ${Math.round(cost.indexBytesPerTimer)}); ` +
        `claim query ${round(burst.queries.claimMs, 2)} ms, next-due query ${round(burst.queries.nextDueMs, 2)} ms`,
    );

    const m = { ...o, timeoutSeconds: TIMEOUT_SECONDS, closeMessage: CLOSE_MESSAGE };
    const withPending = await measureBurst(server, database, seeded.dueIds, burst.dueStart, m, true);
    o.log(
      `  timers: ${o.due.toLocaleString('en-US')} due, ${(o.pending - o.due).toLocaleString('en-US')} others pending: ${describe(withPending)}`,
    );

    // The same burst with nothing else pending: the others' timers dropped (what cancelKind does).
    const alone = await withClient(database.url, async (c) => {
      await c.query(`delete from jobs where kind = $1 and status = 'pending'`, [ON_HOLD_CLOSE_KIND]);
      const dueIds = await seedBurst(c, o, agentIds, 'alone');
      return { dueIds, ...(await scheduleBurst(c, dueIds, o.leadMs)) };
    });
    const aloneRun = await measureBurst(server, database, alone.dueIds, alone.dueStart, m, false);
    o.log(`  timers: ${o.due.toLocaleString('en-US')} due, nothing else pending: ${describe(aloneRun)}`);

    const ratio = (a, b) => (b > 0 ? a / b : NaN);
    return {
      pending: o.pending,
      due: o.due,
      timeoutSeconds: TIMEOUT_SECONDS,
      jobWorkersPerProcess: 4,
      seedSeconds: seeded.seedSeconds,
      cost,
      queries: { withPending: burst.queries, alone: alone.queries },
      withPending,
      alone: { ...aloneRun, queries: alone.queries },
      // Above 1: the pending ones slowed the burst down (the "with" burst runs first, on a colder server).
      othersSlowdown: {
        drain: ratio(withPending.drainMs, aloneRun.drainMs),
        latenessP50: ratio(withPending.lateness.p50, aloneRun.lateness.p50),
      },
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await first.stop();
    await stopServer(server);
  }
}

/**
 * The data: `pending − due` conversations held over the last half hour (due later), then the burst's.
 * @param {import('pg').Client} c
 */
async function seed(c, o, agentIds) {
  const before = await jobsTableSize(c);
  const ts = Date.now();
  const laterIds = await seedOnHoldConversations(c, {
    count: o.pending - o.due,
    agentIds,
    tag: 'later',
    from: new Date(ts - 60_000),
    spreadSeconds: -(TIMEOUT_SECONDS / 2 - 60),
  });
  await armOnHoldTimers(c, laterIds, TIMEOUT_SECONDS);
  const dueIds = await seedBurst(c, o, agentIds, 'due');
  const after = await jobsTableSize(c);
  return { before, after, dueIds, seedSeconds: (Date.now() - ts) / 1000 };
}

/**
 * `due` on-hold conversations with their timers, held a minute ago for now (scheduleBurst times them);
 * then what autovacuum would do to tables that grew (as in the growth scenario: the trigram indexes'
 * pending lists would otherwise land in the first closes).
 * @param {import('pg').Client} c
 */
async function seedBurst(c, o, agentIds, tag) {
  const dueIds = await seedOnHoldConversations(c, {
    count: o.due,
    agentIds,
    tag,
    from: new Date(Date.now() - 60_000),
    spreadSeconds: 1,
  });
  await armOnHoldTimers(c, dueIds, TIMEOUT_SECONDS);
  await c.query('vacuum analyze');
  return dueIds;
}

/**
 * The burst's conversations went on hold within one second, TIMEOUT_SECONDS before the due second, which
 * starts `leadMs` from now.
 * @param {import('pg').Client} c
 * @param {string[]} dueIds
 */
async function scheduleBurst(c, dueIds, leadMs) {
  const dueStart = Date.now() + leadMs;
  await moveHolds(c, dueIds, {
    from: new Date(dueStart - TIMEOUT_SECONDS * 1000),
    spreadSeconds: 1,
    timeoutSeconds: TIMEOUT_SECONDS,
  });
  await c.query('vacuum analyze jobs');
  return { dueStart, queries: await jobQueryCosts(c, new Date(dueStart + 1000)) };
}

/** Rows and bytes the jobs table grew by, per pending timer. */
function costOf(before, after, timers) {
  return {
    before,
    after,
    rowsPerTimer: (after.rows - before.rows) / timers,
    bytesPerTimer: (after.totalBytes - before.totalBytes) / timers,
    heapBytesPerTimer: (after.heapBytes - before.heapBytes) / timers,
    indexBytesPerTimer: (after.indexBytes - before.indexBytes) / timers,
  };
}

/** @param {any} r a measureBurst result */
function describe(r) {
  return (
    `${r.acted}/${r.due} closed, the last ${round(r.drainMs / 1000, 1)} s after the due second began ` +
    `(${Math.round(r.actsPerSecond)}/s); late p50 ${round(r.lateness.p50 / 1000, 2)} s, p99 ${round(r.lateness.p99 / 1000, 2)} s; ` +
    `cpu: server ${Math.round(r.cpu.serverPct)}% (${Math.round(r.cpu.serverUsPerTimer)} µs/timer), ` +
    `pg ${Math.round(r.cpu.pgPct)}% (${Math.round(r.cpu.pgUsPerTimer)} µs/timer), others ${Math.round(r.cpu.otherPct)}%; ` +
    `database per timer: ${round(r.dbPerTimer.transactions, 1)} transactions, ${round(r.dbPerTimer.rows_written, 1)} rows written; ` +
    `checks ${r.check.ok ? 'ok' : `PROBLEM ${JSON.stringify(r.check)}`}`
  );
}
