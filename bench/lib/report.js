import { BYTES_PER_CONNECTION_TARGET } from '../scenarios/connections.js';
import { NOISY_OTHERS_PCT } from '../scenarios/message-path.js';
import { CONTACT_MERGE_TARGET_MS, CONTACT_PAGE_TARGET_MS, CONTACT_SEARCH_TARGET_MS } from '../scenarios/contacts.js';
import { REPORT_P95_TARGET_MS, ROLLUP_RATIO_TARGET } from '../scenarios/reports.js';
import { round } from './stats.js';
import { timerRows } from './timer-report.js';
import { webhookRows } from './webhook-report.js';

/**
 * The summary: one row per figure, with the target it is held against (issue 7 and issue 4).
 * @typedef {{ scenario: string, figure: string, value: string, target: string, verdict: string }} Row
 */

const ms = (x) =>
  !Number.isFinite(x)
    ? '–'
    : x >= 10_000
      ? `${round(x / 1000, 1).toLocaleString('en-US')} s`
      : `${(x < 10 ? round(x, 1) : Math.round(x)).toLocaleString('en-US')} ms`;
const kb = (x) => `${round(x / 1024, 1)} KB`;
const n = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const verdict = (ok) => (ok ? 'ok' : 'BELOW TARGET');

export const MESSAGE_RATE_TARGET = 5000;
/** Issue 22: inbound email, mails per second with 1,000 queued. */
const EMAIL_INBOUND_TARGET = 100;

/** @param {any} r a message-path result */
function messageRows(name, r, withTarget) {
  const at = r.atSustained;
  const v = r.verification;
  return [
    {
      scenario: name,
      figure: 'sustained rate with p99 < 50 ms',
      value: `${n(r.sustainedRate)} msg/s${r.firstFailingRate ? ` (fails at ${n(r.firstFailingRate)})` : ''}`,
      target: withTarget ? `≥ ${n(MESSAGE_RATE_TARGET)} msg/s` : '',
      verdict: withTarget ? verdict(r.sustainedRate >= MESSAGE_RATE_TARGET) : '',
    },
    {
      scenario: name,
      figure: 'send → agent latency at that rate (p50 / p99 / max)',
      value: at ? `${ms(at.latency.p50)} / ${ms(at.latency.p99)} / ${ms(at.latency.max)}` : 'no passing step',
      target: 'p99 < 50 ms',
      verdict: '',
    },
    {
      scenario: name,
      figure: 'stored once / delivered once to agent, to visitor',
      value:
        `${n(v.storedOnce)} / ${n(v.agentOnce)}, ${n(v.visitorOnce)} of ${n(v.sent)} sent` +
        (v.failed ? ` (${n(v.failed)} refused or timed out)` : ''),
      target: 'every accepted one',
      verdict: v.ok ? 'ok' : 'PROBLEM',
    },
  ];
}

/**
 * @param {Record<string, any>} results by scenario name
 * @returns {Row[]}
 */
export function summaryRows(results) {
  /** @type {Row[]} */
  const rows = [];
  if (results.messages) rows.push(...messageRows('message path (PostgreSQL)', results.messages, true));
  if (results.limit) {
    rows.push(...messageRows('limit: bare INSERT + ws', results.limit, false).slice(0, 2));
    if (results.messages) {
      const ratio =
        results.limit.sustainedRate > 0 ? results.messages.sustainedRate / results.limit.sustainedRate : NaN;
      rows.push({
        scenario: 'limit ratio',
        figure: 'Parley ÷ bare (sustained rates)',
        value: Number.isFinite(ratio) ? round(ratio, 2).toFixed(2) : '–',
        target: '≥ 1.0',
        verdict: verdict(ratio >= 1),
      });
    }
  }
  if (results.connections) {
    const c = results.connections;
    rows.push({
      scenario: 'idle widget connections',
      figure: 'held by one server (open after idling)',
      value: `${n(c.stillOpenAfterIdle)} of ${n(c.asked)}${c.limitedBy ? ` (max here: ${n(c.possible)}, fd limit)` : ''}`,
      target: '20,000',
      verdict:
        c.stillOpenAfterIdle >= 20_000
          ? 'ok'
          : c.stillOpenAfterIdle < c.possible
            ? verdict(false)
            : c.limitedBy
              ? 'fd limit'
              : c.asked < 20_000
                ? 'quick run (--full: 20,000)'
                : verdict(false),
    });
    rows.push({
      scenario: 'idle widget connections',
      figure: 'server memory per connection (RSS / JS heap)',
      value: `${kb(c.bytesPerConnection.rss)} / ${kb(c.bytesPerConnection.heapUsed)}`,
      target: '< 50 KB',
      verdict: verdict(c.bytesPerConnection.rss < BYTES_PER_CONNECTION_TARGET),
    });
  }
  if (results.pglite) rows.push(...messageRows('message path (PGlite)', results.pglite, false));
  if (results.growth) {
    const g = results.growth;
    const first = g.levels[0];
    const last = g.levels[g.levels.length - 1];
    for (const name of Object.keys(first.timings)) {
      const factor = g.growth[name];
      rows.push({
        scenario: `growth ${n(first.messages / 1000)}k → ${n(last.messages / 1000)}k msgs`,
        figure: `${name} (p50)`,
        value: `${ms(first.timings[name].p50)} → ${ms(last.timings[name].p50)} (${round(factor, 1)}×)`,
        target: '≤ 2×',
        verdict: verdict(factor <= 2),
      });
    }
  }
  if (results.routing) {
    const r = results.routing;
    const how = r.mode === 'server' ? 'routed by the server' : 'NOT routed by the server: manual takes';
    rows.push({
      scenario: `routing ${n(r.conversations)} into ${n(r.agents)}×${r.capacity}`,
      figure: `assignments per second (${how})`,
      value: `${n(r.assignmentsPerSecond)} /s (${n(r.assigned)} of ${n(r.conversations)} assigned)`,
      target: '',
      verdict: r.assigned === r.conversations ? '' : 'INCOMPLETE',
    });
    rows.push({
      scenario: `routing ${n(r.conversations)} into ${n(r.agents)}×${r.capacity}`,
      figure: 'starting a conversation (p50), early → late in the burst',
      value: `${ms(r.startRequestFirstTenth.p50)} → ${ms(r.startRequestLastTenth.p50)}`,
      target: '',
      verdict: '',
    });
    rows.push({
      scenario: `routing ${n(r.conversations)} into ${n(r.agents)}×${r.capacity}`,
      figure: r.startToAssignment ? 'start → assignment (p50 / p99)' : 'take request → assigned (p50 / p99)',
      value: r.startToAssignment
        ? `${ms(r.startToAssignment.p50)} / ${ms(r.startToAssignment.p99)}`
        : `${ms(r.takeLatency?.p50)} / ${ms(r.takeLatency?.p99)}`,
      target: '',
      verdict: '',
    });
    rows.push({
      scenario: `routing ${n(r.conversations)} into ${n(r.agents)}×${r.capacity}`,
      figure: 'double assignments / over capacity / left in queue',
      value:
        `${r.doubleAssigned} / ${r.check.agentsOverCapacityAtEnd} / ${n(r.check.stillInQueue)}` +
        (r.timedOut ? ` (the run stopped at its ${round(r.timeoutMs / 1000, 0)} s limit)` : ''),
      target: '0 / 0 / 0',
      verdict:
        r.doubleAssigned === 0 && r.check.agentsOverCapacityAtEnd === 0 && (r.timedOut || r.check.stillInQueue === 0)
          ? r.timedOut
            ? 'INCOMPLETE'
            : 'ok'
          : 'PROBLEM',
    });
  }
  if (results.timers) rows.push(...timerRows(results.timers));
  if (results.contacts && !results.contacts.error) {
    const c = results.contacts;
    const size = `${n(c.contacts)} contacts`;
    for (const [name, t] of Object.entries(c.search)) {
      rows.push({
        scenario: 'contacts',
        figure: `search: ${name}, p95 (${size}; in PostgreSQL)`,
        value: `${ms(t.p95)} (${ms(c.searchDatabase?.[name]?.p95)})`,
        target: `≤ ${CONTACT_SEARCH_TARGET_MS} ms`,
        verdict: verdict(t.p95 <= CONTACT_SEARCH_TARGET_MS),
      });
    }
    if (c.list)
      rows.push({
        scenario: 'contacts',
        figure: `the list unsearched (newest chat first, total counted up to 10,000), p95 (${size})`,
        value: ms(c.list.p95),
        target: `≤ ${CONTACT_SEARCH_TARGET_MS} ms`,
        verdict: verdict(c.list.p95 <= CONTACT_SEARCH_TARGET_MS),
      });
    rows.push({
      scenario: 'contacts',
      figure: 'contact page with 1,000 conversations (details + history), p95',
      value: ms(c.page.both.p95),
      target: `≤ ${CONTACT_PAGE_TARGET_MS} ms`,
      verdict: verdict(c.page.both.p95 <= CONTACT_PAGE_TARGET_MS),
    });
    rows.push({
      scenario: 'contacts',
      figure: `merge of two contacts with 1,000 conversations each, median of ${c.merge.samples.length}`,
      value: ms(c.merge.p50),
      target: `≤ ${CONTACT_MERGE_TARGET_MS} ms`,
      verdict: verdict(c.merge.max <= CONTACT_MERGE_TARGET_MS),
    });
  }
  if (results.webhooks) rows.push(...webhookRows(results.webhooks));
  if (results['email-inbound']) {
    const e = results['email-inbound'];
    rows.push({
      scenario: `inbound email (${n(e.mails)} mails queued)`,
      figure: 'mails/s read by IMAP, parsed, threaded and stored',
      value: `${e.perSecond} (${e.seconds} s, load ${e.loadAverage?.[0] ?? '?'})`,
      target: `≥ ${EMAIL_INBOUND_TARGET}`,
      verdict: verdict(e.perSecond >= EMAIL_INBOUND_TARGET),
    });
    rows.push({
      scenario: `inbound email (${n(e.mails)} mails queued)`,
      figure: "mails per second of the server's CPU (its CPU ms a mail)",
      value: `${e.perCpuSecond} (${e.cpuMsPerMail} ms)`,
      target: `≥ ${EMAIL_INBOUND_TARGET}`,
      verdict: verdict(e.perCpuSecond >= EMAIL_INBOUND_TARGET),
    });
  }
  if (results.reports && !results.reports.error) {
    const r = results.reports;
    for (const [name, q] of Object.entries(r.queries ?? {}))
      rows.push({
        scenario: `reports (${n(r.conversations)} conversations)`,
        figure: `report ${name}: p95 (p50)`,
        value: `${q.p95} ms (${q.p50} ms)`,
        target: `≤ ${REPORT_P95_TARGET_MS} ms`,
        verdict: verdict(q.p95 <= REPORT_P95_TARGET_MS),
      });
    if (r.writeCost)
      rows.push({
        scenario: 'reports: rollups on ÷ off',
        figure: `messages/s (close p50 ${r.writeCost.closeP50Ms.on} vs ${r.writeCost.closeP50Ms.off} ms)`,
        value: `${r.writeCost.ratio} (${r.writeCost.messagesPerSecond.on} ÷ ${r.writeCost.messagesPerSecond.off})`,
        target: `≥ ${ROLLUP_RATIO_TARGET}`,
        verdict: verdict(r.writeCost.ratio >= ROLLUP_RATIO_TARGET),
      });
  }
  return rows;
}

/** @param {any} r a message-path result */
export function stepRows(r) {
  return r.steps.map((s) => [
    s.rate,
    Math.round(s.achievedRate),
    round(s.latency.p50),
    round(s.latency.p99),
    round(s.latency.max),
    s.missing + s.errors + s.pending + s.duplicates,
    Math.round(s.serverCpuPct),
    Math.round(s.pgCpuPct),
    Math.round(s.loadgenCpuPct),
    Math.round(s.otherCpuPct),
    Math.round(s.cpuUsPerMessage?.server),
    Math.round(s.cpuUsPerMessage?.pg),
    (s.pass ? 'pass' : 'FAIL') + (s.otherCpuPct >= NOISY_OTHERS_PCT ? ' (noisy)' : ''),
  ]);
}

export const STEP_HEADERS = [
  'rate/s',
  'achieved/s',
  'p50 ms',
  'p99 ms',
  'max ms',
  'lost/failed',
  'server cpu%',
  'pg cpu%',
  'loadgen cpu%',
  'others cpu%',
  'server µs/msg',
  'pg µs/msg',
  'step',
];
