import { round } from './stats.js';

/**
 * The summary rows of the timers scenario (issue 13): the burst of due timers and the message path with
 * visitor abandonment on ÷ off.
 * @typedef {{ scenario: string, figure: string, value: string, target: string, verdict: string }} Row
 */

export const ABANDONMENT_RATIO_TARGET = 0.9;

const n = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const s = (ms) => (Number.isFinite(ms) ? `${round(ms / 1000, ms < 10_000 ? 2 : 1)} s` : '–');
const ratio = (x) => (Number.isFinite(x) ? round(x, 2).toFixed(2) : '–');

/**
 * @param {{ burst?: any, abandonment?: any }} t
 * @returns {Row[]}
 */
export function timerRows(t) {
  /** @type {Row[]} */
  const rows = [];
  const b = t.burst;
  if (b && !b.error) {
    const name = `timers: ${n(b.due)} due of ${n(b.pending)} pending`;
    const w = b.withPending;
    rows.push(
      {
        scenario: name,
        figure: 'late after the due time (p50 / p99 / max)',
        value: `${s(w.lateness.p50)} / ${s(w.lateness.p99)} / ${s(w.lateness.max)}`,
        target: '',
        verdict: '',
      },
      {
        scenario: name,
        figure: `all acted, from the due second (${b.jobWorkersPerProcess} job workers)`,
        value: `${s(w.drainMs)} (${n(w.actsPerSecond)} closes/s; ${n(w.acted)} of ${n(w.due)})`,
        target: '',
        verdict: w.timedOut ? 'INCOMPLETE' : '',
      },
      {
        scenario: name,
        figure: 'CPU per timer, server / PostgreSQL',
        value: `${n(w.cpu.serverUsPerTimer)} / ${n(w.cpu.pgUsPerTimer)} µs`,
        target: '',
        verdict: '',
      },
      {
        scenario: name,
        figure: 'database per timer: transactions / rows written (everything meanwhile)',
        value: `${round(w.dbPerTimer.transactions, 1)} / ${round(w.dbPerTimer.rows_written, 1)}`,
        target: '',
        verdict: '',
      },
      {
        scenario: name,
        figure: 'jobs table per pending timer (rows / bytes)',
        value: `${round(b.cost.rowsPerTimer, 2)} / ${n(b.cost.bytesPerTimer)} B (heap ${n(b.cost.heapBytesPerTimer)}, indexes ${n(b.cost.indexBytesPerTimer)})`,
        target: '',
        verdict: '',
      },
      {
        scenario: name,
        figure: 'drain with the others pending ÷ alone',
        value: `${ratio(b.othersSlowdown.drain)} (${s(w.drainMs)} vs ${s(b.alone.drainMs)})`,
        target: '≈ 1',
        verdict: b.othersSlowdown.drain <= 1.25 ? 'ok' : 'SLOWER',
      },
      {
        scenario: name,
        figure: 'closed once each / others untouched / failed jobs',
        value: `${n(w.check.closedOnce)} / ${n(w.check.othersClosed)} closed / ${n(w.check.failedJobs)}`,
        target: `${n(b.due)} / 0 / 0`,
        verdict: w.check.ok && b.alone.check.ok ? 'ok' : 'PROBLEM',
      },
    );
  }
  const a = t.abandonment;
  if (a && !a.error) {
    const name = 'message path, abandonment on ÷ off';
    rows.push(
      {
        scenario: name,
        figure: `sustained rate, median of ${a.rounds.length} round${a.rounds.length > 1 ? 's' : ''} (off → on)`,
        value: `${ratio(a.ratio)} (${n(a.sustained.off)} → ${n(a.sustained.on)} msg/s)`,
        target: `≥ ${ABANDONMENT_RATIO_TARGET}`,
        verdict: a.ratio >= ABANDONMENT_RATIO_TARGET ? 'ok' : 'BELOW TARGET',
      },
      {
        scenario: name,
        figure: `CPU per message at ${n(a.cpu.rate)} msg/s, server + PostgreSQL (off → on)`,
        value: `${n(a.cpu.off.server + a.cpu.off.pg)} → ${n(a.cpu.on.server + a.cpu.on.pg)} µs (${ratio(a.cpu.ratio)}× in ${a.cpu.pairs.length} pairs)`,
        target: '',
        verdict: '',
      },
      {
        scenario: name,
        figure: 'stored once / delivered once to agent, to visitor',
        value: `${n(a.verification.storedOnce)} / ${n(a.verification.agentOnce)}, ${n(a.verification.visitorOnce)} of ${n(a.verification.sent)} sent`,
        target: 'every accepted one',
        verdict: a.verification.ok ? 'ok' : 'PROBLEM',
      },
    );
  }
  return rows;
}
