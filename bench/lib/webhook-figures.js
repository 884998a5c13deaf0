import { summarize } from './stats.js';

/**
 * The webhooks scenario's figures, from what the receiver saw (its requests, as columns: `ids`,
 * `arrivedAt`, `committedAt`, `answered`) and what the server's deliveries table says. Pure functions.
 */

/**
 * Every delivery against the receiver: each row the server marked delivered must have reached the
 * receiver (answered 200) exactly once per X-Parley-Delivery id; a second answered request for an id is a
 * duplicate the receiver must drop; a request cut off by the outage (never answered) is retried and does
 * not count as a duplicate. Rows still pending or failed at the end are losses (for this run).
 * @param {{ ids: string[], answered: ArrayLike<number> }} req
 * @param {Array<{ id: string, status: string, attempts: number }>} rows
 */
export function deliveryLedger(req, rows) {
  /** @type {Map<string, { requests: number, answered: number }>} */
  const seen = new Map();
  for (let i = 0; i < req.ids.length; i++) {
    const s = seen.get(req.ids[i]) ?? { requests: 0, answered: 0 };
    s.requests++;
    if (req.answered[i]) s.answered++;
    seen.set(req.ids[i], s);
  }
  const out = {
    deliveries: rows.length,
    delivered: 0,
    pending: 0,
    failed: 0,
    /** Delivered rows whose id the receiver answered exactly once. */
    receivedOnce: 0,
    /** Ids the receiver answered 200 more than once (it de-duplicates them on X-Parley-Delivery). */
    duplicates: 0,
    /** Delivered rows the receiver never answered: lost. */
    deliveredNotReceived: 0,
    /** Ids the receiver saw that the table does not have. */
    unknown: 0,
    /** Requests beyond the first per id, answered or not (the outage's retries that reached it). */
    extraRequests: 0,
    attempts: { max: 0, mean: 0 },
    ok: false,
  };
  let attempts = 0;
  for (const r of rows) {
    if (r.status === 'delivered') out.delivered++;
    else if (r.status === 'pending') out.pending++;
    else out.failed++;
    attempts += r.attempts;
    out.attempts.max = Math.max(out.attempts.max, r.attempts);
    const s = seen.get(r.id);
    seen.delete(r.id);
    if (s) {
      out.extraRequests += s.requests - 1;
      if (s.answered > 1) out.duplicates++;
    }
    if (r.status !== 'delivered') continue;
    if (!s || s.answered === 0) out.deliveredNotReceived++;
    else if (s.answered === 1) out.receivedOnce++;
  }
  out.unknown = seen.size;
  out.attempts.mean = rows.length > 0 ? attempts / rows.length : NaN;
  out.ok =
    out.receivedOnce === out.deliveries &&
    out.duplicates === 0 &&
    out.deliveredNotReceived === 0 &&
    out.unknown === 0 &&
    out.pending === 0 &&
    out.failed === 0;
  return out;
}

/**
 * Commit → receiver latency of the deliveries committed within [from, to): each id's first request.
 * @param {{ ids: string[], arrivedAt: ArrayLike<number>, committedAt: ArrayLike<number> }} req
 * @param {number} from ms (wall clock)
 * @param {number} to ms
 */
export function commitToReceiver(req, from, to) {
  const first = new Set();
  const lat = [];
  for (let i = 0; i < req.ids.length; i++) {
    const c = req.committedAt[i];
    if (!(c >= from && c < to) || first.has(req.ids[i])) continue;
    first.add(req.ids[i]);
    lat.push(req.arrivedAt[i] - c);
  }
  return summarize(lat);
}

/**
 * Requests answered per second within [from, to).
 * @param {{ arrivedAt: ArrayLike<number>, answered: ArrayLike<number> }} req
 */
export function answeredRate(req, from, to) {
  let n = 0;
  for (let i = 0; i < req.arrivedAt.length; i++)
    if (req.answered[i] && req.arrivedAt[i] >= from && req.arrivedAt[i] < to) n++;
  return to > from ? (n * 1000) / (to - from) : NaN;
}

/**
 * The backlog's drain after the receiver came back at `backAt`: from the pending counts polled meanwhile
 * (`{ at, pending }`, in time order), when the backlog first fell to `settled` (what was pending in the
 * steady phase) and how fast it shrank (net, with events still coming), and how many requests the
 * receiver answered per second meanwhile (gross: the backlog and the new events).
 * @param {{ arrivedAt: ArrayLike<number>, answered: ArrayLike<number> }} req
 * @param {Array<{ at: number, pending: number }>} polls
 * @param {number} backAt
 * @param {number} settled
 */
export function drainFigures(req, polls, backAt, settled) {
  const before = polls.filter((p) => p.at <= backAt).at(-1);
  const backlog = before?.pending ?? NaN;
  const end = polls.find((p) => p.at > backAt && p.pending <= settled);
  let firstAnswer = NaN;
  for (let i = 0; i < req.arrivedAt.length; i++)
    if (req.answered[i] && req.arrivedAt[i] >= backAt && !(req.arrivedAt[i] >= firstAnswer))
      firstAnswer = req.arrivedAt[i];
  const drainMs = end ? end.at - backAt : NaN;
  const peak = Math.max(...polls.filter((p) => p.at <= backAt + 1000).map((p) => p.pending), 0);
  return {
    backlog,
    peakBacklog: peak,
    settled,
    drained: !!end,
    drainMs,
    firstAnswerAfterMs: firstAnswer - backAt,
    netPerSecond: end ? ((backlog - end.pending) * 1000) / drainMs : NaN,
    grossPerSecond: end ? answeredRate(req, backAt, end.at) : NaN,
  };
}
