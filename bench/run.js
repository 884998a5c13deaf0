#!/usr/bin/env node
/**
 * `npm run bench [-- <scenario>… ] [--full] [--profile] [--no-build] [--server-dir <dir>] [--rates a,b,c]`
 *
 * Runs Parley's benchmarks against the built server (a separate process) with load generators in
 * processes of their own, all on loopback; prints a table and writes JSON results to bench/results/.
 * See docs/performance.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, SCENARIOS } from './lib/args.js';
import { installExitHandlers, runCleanups } from './lib/cleanup.js';
import { closeAgents } from './lib/http.js';
import { describeMachine } from './lib/machine.js';
import { waitForQuiet } from './lib/proc.js';
import { dropStale } from './lib/pg.js';
import { STEP_HEADERS, stepRows, summaryRows } from './lib/report.js';
import { parleyDir, ROOT, serverMain } from './lib/server.js';
import { formatTable } from './lib/table.js';
import { runConnections } from './scenarios/connections.js';
import { runContacts } from './scenarios/contacts.js';
import { runGrowth } from './scenarios/growth.js';
import { NOISY_OTHERS_PCT, runMessagePath } from './scenarios/message-path.js';
import { runAbandonmentAB } from './scenarios/abandonment.js';
import { runRouting } from './scenarios/routing.js';
import { runTimers } from './scenarios/timers.js';
import { runWebhooks, webhookOptions } from './scenarios/webhooks.js';
import { runMessageSearch } from './scenarios/message-search.js';
import { runReports } from './scenarios/reports.js';
import { runApiChannel } from './scenarios/api-channel.js';
import { runEmailInbound } from './scenarios/email-inbound.js';

const args = parseArgs(process.argv.slice(2));
if (args.help) {
  console.log(`usage: npm run bench -- [scenario…] [options]

scenarios (default: all, in quick mode):
${Object.entries(SCENARIOS)
  .map(([k, v]) => `  ${k.padEnd(12)} ${v}`)
  .join('\n')}

options:
  --full              the long runs (longer steps, 20,000 connections, more requests)
  --profile           CPU-profile the server while it is measured (message paths, routing burst, timer burst, webhooks drain);
                      profiles go to bench/results/profiles/ (read them with bench/profile-summary.js)
  --report-size N     conversations the reports scenario rolls up (default 100,000; 1,000,000 with --full)
  --no-report-writes  the reports scenario's queries only (not the rollups on ÷ off measurement)
  --contacts N        how many contacts the contacts scenario seeds (default 1,000,000 with --full, 100,000 quick)
  --rates a,b,c       message-path rates to run instead of searching for the highest sustained one
  --wait-quiet[=S]    before each scenario, wait (up to S seconds, default 300) until other work on
                      the machine has stayed under 25% of a core for 5 s
  --search-size N     messages the message-search scenario seeds (default 100,000; 1,000,000 with --full)
  --instances N       routing: N server processes on one database, sharing Redis (REDIS_URL or 127.0.0.1:6379)
  --routing-rate N    routing: starts paced at N per second instead of a burst
  --queued-first      routing: the burst waits in the queue (routing manual), then routing is switched on
  --no-build          do not build the server first
  --server-dir DIR    measure another Parley checkout's built server
`);
  process.exit(0);
}
if (args.serverDir) process.env.BENCH_PARLEY_DIR = resolve(args.serverDir);
installExitHandlers();

const log = (s) => console.log(s);
const started = new Date();
const resultsDir = join(ROOT, 'bench', 'results');

try {
  if (args.build && !args.serverDir) {
    log('building the server (npm run build -w @parley/shared -w @parley/server)…');
    execFileSync('npm', ['run', 'build', '--silent', '-w', '@parley/shared', '-w', '@parley/server'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  if (!existsSync(serverMain())) throw new Error(`${serverMain()} is missing: build the server first (npm run build)`);
  await dropStale().catch((err) => {
    throw new Error(`PostgreSQL is needed at 127.0.0.1:5432 (or BENCH_PG_URL): ${err.message}`);
  });
  const machine = await describeMachine(parleyDir());
  log(
    `\nParley benchmarks (${args.full ? 'full' : 'quick'} mode): ${args.scenarios.join(', ')}\n` +
      `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ` +
      `PostgreSQL ${machine.postgres}; load average now ${machine.loadAverageAtStart.join(' ')}\n`,
  );

  const q = !args.full;
  const profileDir = args.profile ? join(resultsDir, 'profiles') : undefined;
  const stepping = {
    stepMs: q ? 2500 : 10_000,
    graceMs: q ? 1000 : 3000,
    maxSteps: q ? 6 : 14,
    resolution: q ? 0.15 : 0.05,
    maxRate: 32_000,
    retryFailed: true,
    ...(args.rates ? { rates: args.rates } : {}),
    log,
  };
  /** @type {Record<string, any>} */
  const results = {};
  const timings = {};
  /** @type {Record<string, { seconds: number, quiet: boolean }>} */
  const waits = {};
  const scenarioRuns = {
    messages: () =>
      runMessagePath({
        ...stepping,
        target: 'parley',
        db: 'postgres',
        label: 'parley-postgres',
        visitors: q ? 200 : 500,
        agents: q ? 20 : 50,
        startRate: q ? 1000 : 500,
        ...(profileDir ? { profileDir } : {}),
      }),
    limit: () =>
      runMessagePath({
        ...stepping,
        target: 'bare',
        db: 'postgres',
        label: 'bare-baseline',
        visitors: q ? 200 : 500,
        agents: q ? 20 : 50,
        startRate: q ? 1000 : 500,
        ...(profileDir ? { profileDir } : {}),
      }),
    connections: () =>
      runConnections({ connections: q ? 5000 : 20_000, idleMs: q ? 2000 : 30_000, releaseWaitMs: q ? 0 : 11_000, log }),
    pglite: () =>
      runMessagePath({
        ...stepping,
        target: 'parley',
        db: 'pglite',
        label: 'parley-pglite',
        visitors: q ? 100 : 200,
        agents: q ? 10 : 20,
        startRate: 250,
        ...(profileDir ? { profileDir } : {}),
      }),
    growth: () => runGrowth({ levels: [10_000, 100_000, 1_000_000], requests: q ? 30 : 300, log }),
    routing: () =>
      runRouting({
        // Issue 4's burst with --full; a tenth of it in quick mode.
        ...(args.routingReduced ? { conversations: 1000, agents: 50 } : { conversations: 10_000, agents: 500 }),
        capacity: 5,
        timeoutMs: args.routingReduced ? 120_000 : 300_000,
        instances: args.instances,
        ...(args.routingRate ? { rate: args.routingRate } : {}),
        queuedFirst: args.queuedFirst,
        ...(profileDir ? { profileDir } : {}),
        log,
      }),
    // Issue 13's two figures, each kept when the other fails.
    timers: async () => {
      const r = args.timersReduced;
      const parts = {
        burst: () =>
          runTimers({
            ...(r ? { pending: 10_000, due: 1000 } : { pending: 100_000, due: 10_000 }),
            leadMs: r ? 5000 : 8000,
            drainTimeoutMs: r ? 120_000 : 600_000,
            ...(profileDir ? { profileDir } : {}),
            log,
          }),
        abandonment: () =>
          runAbandonmentAB({
            ...stepping,
            visitors: r ? 100 : q ? 200 : 500,
            agents: r ? 10 : q ? 20 : 50,
            rounds: r ? 1 : q ? 3 : 5,
            startRate: 1000,
            resolution: r ? 0.1 : 0.05,
            maxSteps: r ? 4 : q ? 6 : 8,
            cpuPairs: r ? 2 : q ? 5 : 8,
            cpuMinRate: q ? 1000 : 2000,
            log,
          }),
      };
      const out = { failedParts: 0 };
      for (const [part, run] of Object.entries(parts)) {
        try {
          out[part] = await run();
        } catch (err) {
          out.failedParts++;
          out[part] = { error: err instanceof Error ? err.message : String(err) };
          log(`  timers: ${part} FAILED: ${out[part].error}`);
        }
      }
      return out;
    },
    contacts: () => runContacts({ contacts: args.contacts ?? (q ? 100_000 : 1_000_000), requests: q ? 100 : 300, log }),
    'message-search': () =>
      runMessageSearch({
        size: args.searchSize ?? (q ? 100_000 : 1_000_000),
        requests: q ? 30 : 100,
        sends: q ? 200 : 500,
        rounds: q ? 2 : 3,
        log,
      }),
    reports: () =>
      runReports({
        conversations: args.reportSize ?? (q ? 100_000 : 1_000_000),
        requests: q ? 30 : 100,
        lifecycles: args.reportWrites ? (q ? 100 : 400) : 0,
        rounds: q ? 2 : 4,
        concurrency: 10,
        log,
      }),
    'api-channel': () =>
      runApiChannel({ people: 100, concurrency: 32, roundMs: q ? 5000 : 15_000, rounds: q ? 3 : 5, log }),
    webhooks: () => runWebhooks({ ...webhookOptions(q, log), ...(profileDir ? { profileDir } : {}) }),
    'email-inbound': () => runEmailInbound({ mails: 1000, log, ...(profileDir ? { profileDir } : {}) }),
  };

  let failed = 0;
  for (const name of args.scenarios) {
    const t = Date.now();
    log(`▶ ${name}: ${SCENARIOS[name]}`);
    if (args.waitQuietSeconds > 0) {
      const w = await waitForQuiet({ timeoutMs: args.waitQuietSeconds * 1000 });
      waits[name] = { seconds: w.waitedMs / 1000, quiet: w.quiet };
      log(`  waited ${(w.waitedMs / 1000).toFixed(0)} s for a quiet machine${w.quiet ? '' : ' (in vain)'}`);
    }
    try {
      results[name] = await scenarioRuns[name]();
      if (results[name]?.failedParts > 0) failed++;
    } catch (err) {
      failed++;
      results[name] = { error: err instanceof Error ? err.message : String(err) };
      log(`  ${name} FAILED: ${results[name].error}`);
    }
    timings[name] = (Date.now() - t) / 1000;
    log(`  (${timings[name].toFixed(0)} s)\n`);
  }

  for (const name of ['messages', 'limit', 'pglite']) {
    if (results[name]?.steps) {
      log(
        `${name}: steps (${results[name].stepSeconds} s each; cpu% is of one core; "others" is the rest of the ` +
          `machine's work, and a step where it reached ${NOISY_OTHERS_PCT}% is marked noisy)`,
      );
      log(formatTable(STEP_HEADERS, stepRows(results[name])) + '\n');
    }
  }
  const ok = Object.fromEntries(Object.entries(results).filter(([, r]) => !r.error));
  const rows = summaryRows(ok);
  log(
    formatTable(
      ['scenario', 'figure', 'value', 'target', ''],
      rows.map((r) => [r.scenario, r.figure, r.value, r.target, r.verdict]),
      { align: ['left', 'left', 'left', 'left', 'left'] },
    ),
  );
  const seconds = (Date.now() - started.getTime()) / 1000;
  const loadAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
  log(
    `\n${seconds.toFixed(0)} s in all; load average ${machine.loadAverageAtStart.join(' ')} at the start, ` +
      `${loadAfter.join(' ')} at the end (other work on the machine skews the figures: see "others cpu%").`,
  );

  mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const out = {
    startedAt: started.toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    mode: args.full ? 'full' : 'quick',
    machine: { ...machine, loadAverageAtEnd: loadAfter },
    seconds,
    scenarioSeconds: timings,
    quietWaits: waits,
    summary: rows,
    results,
  };
  const file = join(resultsDir, `${stamp}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2));
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(out, null, 2));
  log(`results: ${file}`);
  process.exitCode = failed > 0 ? 1 : 0;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  closeAgents();
  await runCleanups();
}
