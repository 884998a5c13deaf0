import { round } from './stats.js';

/**
 * The webhooks scenario's rows in the summary (issue 15's targets).
 * @typedef {import('./report.js').Row} Row
 */

const n = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x) => (!Number.isFinite(x) ? '–' : x >= 10_000 ? `${round(x / 1000, 1)} s` : `${round(x, 1)} ms`);
const s = (x) => (Number.isFinite(x) ? `${round(x / 1000, 1)} s` : '–');

/**
 * @param {any} w a runWebhooks result
 * @returns {Row[]}
 */
export function webhookRows(w) {
  const scenario = 'webhooks';
  /** @type {Row[]} */
  const rows = [];
  if (w.steady) {
    const st = w.steady;
    const keepsUp = st.answeredPerSecond >= 0.95 * st.eventRate && st.pending.afterWait === 0;
    rows.push({
      scenario,
      figure: `commit → receiver at ${n(st.eventRate)} events/s (p50 / p99 / max)`,
      value: `${ms(st.commitToReceiver.p50)} / ${ms(st.commitToReceiver.p99)} / ${ms(st.commitToReceiver.max)}`,
      target: '',
      verdict: '',
    });
    rows.push({
      scenario,
      figure: 'deliveries answered per second (pending p50 / max)',
      value: `${n(st.answeredPerSecond)}/s (${n(st.pending.p50)} / ${n(st.pending.max)})`,
      target: `the event rate`,
      verdict: keepsUp ? 'ok' : 'FALLS BEHIND',
    });
  }
  if (w.outage) {
    const o = w.outage;
    const d = o.drain;
    rows.push({
      scenario,
      figure: `receiver down ${s(o.outageMs)}: backlog, then back to the steady level after`,
      value: d.drained
        ? `${n(d.backlog)} → ${s(d.drainMs)} (first answer after ${s(d.firstAnswerAfterMs)})`
        : `${n(d.backlog)} → not within ${s(o.afterMs)}`,
      target: '',
      verdict: '',
    });
    rows.push({
      scenario,
      figure: 'drain: backlog shrinking / answered, per second',
      value: `${n(d.netPerSecond)}/s / ${n(d.grossPerSecond)}/s`,
      target: '≥ 1,000/s',
      verdict: d.netPerSecond >= 1000 ? 'ok' : 'BELOW TARGET',
    });
    const l = o.ledger;
    rows.push({
      scenario,
      figure: 'received once per delivery id / duplicates / lost / failed / still pending',
      value: `${n(l.receivedOnce)} of ${n(l.deliveries)} / ${n(l.duplicates)} / ${n(l.deliveredNotReceived)} / ${n(l.failed)} / ${n(l.pending)}`,
      target: 'all / 0 / 0 / 0 / 0',
      verdict: l.ok ? 'ok' : 'PROBLEM',
    });
  }
  if (w.ab) {
    const a = w.ab;
    rows.push({
      scenario,
      figure: 'message path sustained rate, message webhooks on ÷ off',
      value: `${round(a.ratio, 2)} (${n(a.sustained.off)} → ${n(a.sustained.on)} msg/s, median of ${a.rounds.length})`,
      target: '≥ 0.8',
      verdict: a.ratio >= 0.8 ? 'ok' : 'BELOW TARGET',
    });
    const off = a.cpu.off.server + a.cpu.off.pg;
    const on = a.cpu.on.server + a.cpu.on.pg;
    rows.push({
      scenario,
      figure: `CPU per message (server + PostgreSQL) at ${n(a.cpu.rate)} msg/s, off → on`,
      value: `${n(off)} → ${n(on)} µs (${round(a.cpu.ratio, 2)}× in ${a.cpu.pairs.length} pairs)`,
      target: '',
      verdict: '',
    });
  }
  return rows;
}
