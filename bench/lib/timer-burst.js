import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './http.js';
import { backendPids, withClient } from './pg.js';
import { CpuMeter, MachineMeter } from './proc.js';
import { summarizeProfile } from './profile.js';
import { dbActivityPer, drainFigures } from './timer-figures.js';
import { ON_HOLD_CLOSE_KIND } from './timer-seed.js';

/**
 * Measuring a burst of due on-hold auto-close timers (the timers scenario): the runner's query costs
 * before it, CPU while it drains, and from the database afterwards what each timer did and when.
 */

/**
 * Execution time of the runner's two queries over the jobs as they are (copies of kernel/jobs.ts's
 * `runBatch` claim and `msUntilNextDue`): the claim of a batch (50 jobs, once per batch), and the next-due
 * look-up, run after each pass and at least every second when idle. The claim runs as of `now` and is
 * rolled back.
 * @param {import('pg').Client} c
 * @param {Date} now
 */
export async function jobQueryCosts(c, now) {
  const ms = async (sqlText, params) =>
    (await c.query(`explain (analyze, format json) ${sqlText}`, params)).rows[0]['QUERY PLAN'][0]['Execution Time'];
  await c.query('begin');
  try {
    const claimMs = await ms(
      `select id, kind, payload, attempts, max_attempts, idempotency_key from jobs
       where status = 'pending' and run_at <= $1 and (locked_until is null or locked_until < $1)
       order by run_at, id limit 50 for update skip locked`,
      [now],
    );
    const nextDueMs = await ms(
      `select
        (select run_at from jobs where status = 'pending' and locked_until is null order by run_at limit 1) as due,
        (select locked_until from jobs where status = 'pending' and locked_until is not null
          order by locked_until limit 1) as lease`,
    );
    return { claimMs, nextDueMs };
  } finally {
    await c.query('rollback');
  }
}

/**
 * Waits for the burst, meters CPU while it drains, and reads from the database what happened.
 * @param {Awaited<ReturnType<typeof startParley>>} server
 * @param {{ name: string, url: string }} database
 * @param {string[]} dueIds
 * @param {number} dueStart
 * @param {{ timeoutSeconds: number, closeMessage: string, drainTimeoutMs: number, profileDir?: string }} o
 * @param {boolean} profile
 */
export async function measureBurst(server, database, dueIds, dueStart, o, profile) {
  if (Date.now() > dueStart - 500)
    throw new Error(`the burst fell due ${Date.now() - dueStart} ms before it was measured: raise leadMs`);
  const notOnHoldBefore = await withClient(database.url, notOnHold);
  const statsBefore = await withClient(database.url, dbStats);
  let pgPids = await backendPids(database.name);
  const serverCpu = new CpuMeter(() => [server.pid]);
  const pgCpu = new CpuMeter(() => pgPids);
  const machine = new MachineMeter();
  await sleep(dueStart - 200 - Date.now());
  pgPids = await backendPids(database.name);
  if (profile && o.profileDir) await server.startProfile();
  serverCpu.start();
  pgCpu.start();
  machine.start();
  const closed = await withClient(database.url, async (c) => {
    // Nothing else closes here: the closed count is the burst's.
    const count = async () =>
      (
        await c.query(`select count(*)::int as n from conversations where status = 'closed' and id = any($1::uuid[])`, [
          dueIds,
        ])
      ).rows[0].n;
    let n = 0;
    while (Date.now() < dueStart + o.drainTimeoutMs) {
      await sleep(250);
      n = await count();
      if (n >= dueIds.length) break;
      // The server's pool opens connections as the workers need them: their CPU counts from their start.
      if (n > 0) pgPids = [...new Set([...pgPids, ...(await backendPids(database.name))])];
    }
    return n;
  });
  const serverPct = serverCpu.stop();
  const pgPct = pgCpu.stop();
  const otherPct = Math.max(0, machine.stop() - serverPct - pgPct);
  let profileSummary;
  if (profile && o.profileDir) {
    mkdirSync(o.profileDir, { recursive: true });
    const file = join(o.profileDir, `timers-${Date.now()}.cpuprofile`);
    await server.stopProfile(file);
    profileSummary = { file, ...summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 20) };
  }
  // Backends report their statistics when idle, at the latest 10 s later (PostgreSQL 15).
  await sleep(STATS_DELAY_MS);
  const statsAfter = await withClient(database.url, dbStats);
  const r = await withClient(database.url, (c) => readBurst(c, dueIds, notOnHoldBefore, o));
  return {
    ...drainFigures(r.rows),
    timedOut: closed < dueIds.length,
    cpu: {
      serverPct,
      pgPct,
      otherPct,
      serverUsPerTimer: (serverCpu.usedMs * 1000) / dueIds.length,
      pgUsPerTimer: (pgCpu.usedMs * 1000) / dueIds.length,
    },
    check: r.check,
    /** Includes everything else the server did meanwhile (dispatcher passes, ticks) and these reads. */
    dbPerTimer: dbActivityPer(statsBefore, statsAfter, dueIds.length),
    ...(profileSummary ? { profile: profileSummary } : {}),
  };
}

/**
 * Each timer's due time (its job's run_at: hold time + timeout) and when its close committed; and the
 * checks: every conversation closed once, by the system for on-hold-timeout with the configured message;
 * none of the others touched; no job failed.
 * @param {import('pg').Client} c
 * @param {string[]} dueIds
 * @param {number} notOnHoldBefore conversations not on hold before the burst
 * @param {{ timeoutSeconds: number, closeMessage: string }} o
 */
async function readBurst(c, dueIds, notOnHoldBefore, o) {
  const rows = (
    await c.query(
      `select extract(epoch from on_hold_at) * 1000 + $2::int * 1000 as due_at,
         extract(epoch from closed_at) * 1000 as acted_at
       from conversations where id = any($1::uuid[])`,
      [dueIds, o.timeoutSeconds],
    )
  ).rows.map((x) => ({ dueAt: Number(x.due_at), actedAt: x.acted_at === null ? null : Number(x.acted_at) }));
  const q1 = async (text, params) => (await c.query(text, params)).rows[0];
  const finished = await q1(
    `select count(*) filter (where n = 1)::int as once, count(*) filter (where n > 1)::int as more,
       coalesce(sum(ok), 0)::int as with_reason_and_message
     from (select conversation_id, count(*) as n,
             count(*) filter (where data->>'reason' = 'on-hold-timeout' and data->>'message' = $2) as ok
           from messages where system_type = 'conversation-finished' and conversation_id = any($1::uuid[])
           group by conversation_id) x`,
    [dueIds, o.closeMessage],
  );
  const closedBySystem = await q1(
    `select count(*)::int as n from conversations
     where id = any($1::uuid[]) and status = 'closed' and closed_by_type = 'system' and close_comment = 'on-hold-timeout'`,
    [dueIds],
  );
  const burstNotOnHold = await q1(
    `select count(*)::int as n from conversations where status <> 'on-hold' and id = any($1::uuid[])`,
    [dueIds],
  );
  const jobs = await q1(
    `select count(*) filter (where status = 'failed')::int as failed,
       count(*) filter (where status = 'pending' and kind = $1)::int as pending,
       count(*) filter (where status = 'pending' and kind = $1 and idempotency_key = any($2::text[]))::int as burst_left
     from jobs`,
    [ON_HOLD_CLOSE_KIND, dueIds.map((id) => `on-hold-close:${id}`)],
  );
  const check = {
    closedOnce: finished.once,
    closedTwice: finished.more,
    closedBySystemOnHoldTimeout: closedBySystem.n,
    finishedWithReasonAndMessage: finished.with_reason_and_message,
    othersClosed: (await notOnHold(c)) - notOnHoldBefore - burstNotOnHold.n,
    failedJobs: jobs.failed,
    burstTimersLeft: jobs.burst_left,
    otherTimersPending: jobs.pending - jobs.burst_left,
  };
  return {
    rows,
    check: {
      ...check,
      ok:
        check.closedOnce === dueIds.length &&
        check.closedTwice === 0 &&
        check.closedBySystemOnHoldTimeout === dueIds.length &&
        check.finishedWithReasonAndMessage === dueIds.length &&
        check.othersClosed === 0 &&
        check.failedJobs === 0 &&
        check.burstTimersLeft === 0,
    },
  };
}

/** @param {import('pg').Client} c */
const notOnHold = async (c) =>
  (await c.query(`select count(*)::int as n from conversations where status <> 'on-hold'`)).rows[0].n;

const STATS_DELAY_MS = 11_000;

/**
 * The database's cumulative statistics: transactions and rows (pg_stat_database), and per table rows
 * inserted, updated, HOT-updated, deleted and read by sequential scans (pg_stat_user_tables).
 * @param {import('pg').Client} c
 */
async function dbStats(c) {
  const db = (
    await c.query(
      `select xact_commit::float8 as transactions, tup_returned::float8 as rows_returned,
         tup_fetched::float8 as rows_fetched, (tup_inserted + tup_updated + tup_deleted)::float8 as rows_written
       from pg_stat_database where datname = current_database()`,
    )
  ).rows[0];
  const tables = Object.fromEntries(
    (
      await c.query(
        `select relname, n_tup_ins::float8 as inserted, n_tup_upd::float8 as updated, n_tup_hot_upd::float8 as hot,
           n_tup_del::float8 as deleted, coalesce(seq_tup_read, 0)::float8 as seq_read from pg_stat_user_tables`,
      )
    ).rows.map(({ relname, ...t }) => [relname, t]),
  );
  return { db, tables };
}
