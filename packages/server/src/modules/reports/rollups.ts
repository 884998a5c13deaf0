import { sql } from 'kysely';
import type { Db } from '../../kernel/db/db.js';
import './reports.tables.js';

/**
 * The rollups (migrations 0019, 0027): what one change adds to its bucket, and the upsert that adds it. Every
 * write is `INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x`, so concurrent changes to one bucket
 * add up under the row lock and a rolled-back change adds nothing (it runs in the change's transaction).
 */

/** Histogram bins: bin 0 = under a second, bin b ≥ 1 = [1.25^(b-1), 1.25^b) seconds, the last open-ended. */
export const BINS = 64;
const FACTOR = 1.25;
const LOG_FACTOR = Math.log(FACTOR);

export function binOf(seconds: number): number {
  if (!(seconds >= 1)) return 0;
  return Math.min(BINS - 1, 1 + Math.floor(Math.log(seconds) / LOG_FACTOR + 1e-9));
}

/** What a bin stands for: 0 for bin 0, else the geometric middle of its bounds (within 12 % of any value in it). */
export function binValue(bin: number): number {
  if (bin <= 0) return 0;
  return Math.pow(FACTOR, bin - 0.5);
}

/** A histogram holding one value. */
export function oneValue(seconds: number): number[] {
  const h = new Array<number>(binOf(seconds) + 1).fill(0);
  h[h.length - 1] = 1;
  return h;
}

export function addHist(a: number[] | null, b: number[] | null): number[] | null {
  if (!a) return b ? [...b] : null;
  if (!b) return a;
  const out = a.length >= b.length ? [...a] : [...b];
  const other = a.length >= b.length ? b : a;
  for (let i = 0; i < other.length; i++) out[i]! += other[i]!;
  return out;
}

/** The nearest-rank percentile `q` (0–1) of a summed histogram, as its bin's value. */
export function percentile(h: number[], q: number): number | null {
  const n = h.reduce((s, x) => s + x, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i]!;
    if (seen >= rank) return binValue(i);
  }
  return binValue(h.length - 1);
}

export interface Dims {
  departmentId: string | null;
  agentId: string | null;
  channel: string;
  /** The conversation's tags: a row per tag besides the every-conversation row ('' tag). */
  tags?: readonly string[];
}

/** What one change adds (durations in seconds; absent: nothing). */
export interface Delta {
  started?: number;
  closed?: number;
  missed?: number;
  abandoned?: number;
  transferred?: number;
  firstResponse?: number | null;
  averageResponse?: number | null;
  resolution?: number | null;
  handling?: number | null;
  queue?: number | null;
  rating?: number;
  sla?: { met: boolean };
}

export interface RollupRow {
  grain: number;
  bucket: Date;
  department_id: string;
  agent_id: string;
  channel: string;
  tag: string;
  started: number;
  closed: number;
  missed: number;
  abandoned: number;
  transferred: number;
  fr_n: number;
  fr_sum: number;
  fr_h: number[] | null;
  ar_n: number;
  ar_sum: number;
  ar_h: number[] | null;
  res_n: number;
  res_sum: number;
  res_h: number[] | null;
  hd_n: number;
  hd_sum: number;
  hd_h: number[] | null;
  q_n: number;
  q_sum: number;
  q_h: number[] | null;
  rating_n: number;
  rating_sum: number;
  rating_h: number[] | null;
  sla_n: number;
  sla_met: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);
export const dayOf = (at: Date) => new Date(Math.floor(at.getTime() / DAY) * DAY);
export const monthOf = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));

function measure(v: number | null | undefined): [number, number, number[] | null] {
  if (v === null || v === undefined || !Number.isFinite(v) || v < 0) return [0, 0, null];
  return [1, v, oneValue(v)];
}

/**
 * The rows that a change at `at` adds to: hour, day and month × every conversation ('' tag) and each tag ×
 * the 8 rows of the cube (`cubeOf`: its department, agent and channel, each also as '*').
 */
export function rowsOf(at: Date, dims: Dims, d: Delta): RollupRow[] {
  const [fr_n, fr_sum, fr_h] = measure(d.firstResponse);
  const [ar_n, ar_sum, ar_h] = measure(d.averageResponse);
  const [res_n, res_sum, res_h] = measure(d.resolution);
  const [hd_n, hd_sum, hd_h] = measure(d.handling);
  const [q_n, q_sum, q_h] = measure(d.queue);
  const rating = d.rating;
  let rating_h: number[] | null = null;
  if (rating) {
    rating_h = [0, 0, 0, 0, 0];
    rating_h[rating - 1] = 1;
  }
  const base = {
    department_id: dims.departmentId ?? '',
    agent_id: dims.agentId ?? '',
    channel: dims.channel,
    started: d.started ?? 0,
    closed: d.closed ?? 0,
    missed: d.missed ?? 0,
    abandoned: d.abandoned ?? 0,
    transferred: d.transferred ?? 0,
    fr_n,
    fr_sum,
    fr_h,
    ar_n,
    ar_sum,
    ar_h,
    res_n,
    res_sum,
    res_h,
    hd_n,
    hd_sum,
    hd_h,
    q_n,
    q_sum,
    q_h,
    rating_n: rating ? 1 : 0,
    rating_sum: rating ?? 0,
    rating_h,
    sla_n: d.sla ? 1 : 0,
    sla_met: d.sla?.met ? 1 : 0,
  };
  const tags = ['', ...new Set(dims.tags ?? [])];
  const rows: RollupRow[] = [];
  for (const tag of tags)
    for (const [department_id, agent_id, channel] of cubeOf(base.department_id, base.agent_id, base.channel)) {
      const row = { ...base, department_id, agent_id, channel, tag };
      rows.push({ ...row, grain: 0, bucket: hourOf(at) });
      rows.push({ ...row, grain: 1, bucket: dayOf(at) });
      rows.push({ ...row, grain: 2, bucket: monthOf(at) });
    }
  return rows;
}

/** "Every department / agent / channel" in the cube's rows (migration 0027); never an id, a channel or ''. */
export const ALL = '*';

/** The 8 rows of the cube one department × agent × channel adds to: each dimension itself or ALL. */
export function cubeOf(department: string, agent: string, channel: string): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (const d of [department, ALL]) for (const a of [agent, ALL]) for (const c of [channel, ALL]) out.push([d, a, c]);
  return out;
}

/** The hourly counts (report_hourly, migration 0027): one row per UTC day, element h = the UTC hour h. */
export interface HourlyRow {
  tag: string;
  department_id: string;
  agent_id: string;
  channel: string;
  day: Date;
  started: number[];
  closed: number[];
}

/** The hourly counts of rollup rows: their hour rows that start or close something, summed per day. */
export function hourlyOf(rows: RollupRow[]): HourlyRow[] {
  const byKey = new Map<string, HourlyRow>();
  for (const r of rows) {
    if (r.grain !== 0 || (r.started === 0 && r.closed === 0)) continue;
    const day = dayOf(r.bucket);
    const hour = r.bucket.getUTCHours();
    const k = `${r.tag}|${r.department_id}|${r.agent_id}|${r.channel}|${day.getTime()}`;
    const at = (n: number) => [...new Array<number>(hour).fill(0), n];
    const had = byKey.get(k);
    if (!had)
      byKey.set(k, {
        tag: r.tag,
        department_id: r.department_id,
        agent_id: r.agent_id,
        channel: r.channel,
        day,
        started: at(r.started),
        closed: at(r.closed),
      });
    else {
      had.started = addHist(had.started, at(r.started))!;
      had.closed = addHist(had.closed, at(r.closed))!;
    }
  }
  return [...byKey.values()];
}

const keyOf = (r: RollupRow) =>
  `${r.grain}|${r.bucket.getTime()}|${r.department_id}|${r.agent_id}|${r.channel}|${r.tag}`;

const counters = [
  'started',
  'closed',
  'missed',
  'abandoned',
  'transferred',
  'fr_n',
  'fr_sum',
  'ar_n',
  'ar_sum',
  'res_n',
  'res_sum',
  'hd_n',
  'hd_sum',
  'q_n',
  'q_sum',
  'rating_n',
  'rating_sum',
  'sla_n',
  'sla_met',
] as const;
const hists = ['fr_h', 'ar_h', 'res_h', 'hd_h', 'q_h', 'rating_h'] as const;

/** Rows with the same key summed into one (a statement may not touch one row twice). */
export function merge(rows: RollupRow[]): RollupRow[] {
  const byKey = new Map<string, RollupRow>();
  for (const r of rows) {
    const k = keyOf(r);
    const had = byKey.get(k);
    if (!had) {
      byKey.set(k, { ...r });
      continue;
    }
    for (const c of counters) had[c] += r[c];
    for (const h of hists) had[h] = addHist(had[h], r[h]);
  }
  return [...byKey.values()];
}

const addArrays = (col: string) => sql.raw(`report_hist_add(report_rollups.${col}, excluded.${col})`);

/** The primary key's order (migration 0027): rows written in this order take their locks in one order. */
const byKey = (a: RollupRow, b: RollupRow) =>
  a.grain - b.grain ||
  cmp(a.tag, b.tag) ||
  cmp(a.department_id, b.department_id) ||
  cmp(a.agent_id, b.agent_id) ||
  a.bucket.getTime() - b.bucket.getTime() ||
  cmp(a.channel, b.channel);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Adds the rows (in the caller's transaction, if any), in batches of 500, and their hourly counts to
 * report_hourly. Rows are sorted by key first, so two transactions adding to the same rows lock them in
 * the same order.
 */
export async function upsertRollups(db: Db, rows: RollupRow[]): Promise<void> {
  const merged = merge(rows).sort(byKey);
  for (let i = 0; i < merged.length; i += 500) {
    const batch = merged.slice(i, i + 500);
    await db.q
      .insertInto('report_rollups')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['grain', 'tag', 'department_id', 'agent_id', 'bucket', 'channel']).doUpdateSet({
          ...Object.fromEntries(counters.map((c) => [c, sql.raw(`report_rollups.${c} + excluded.${c}`)])),
          ...Object.fromEntries(hists.map((h) => [h, addArrays(h)])),
        }),
      )
      .execute();
  }
  const hourly = hourlyOf(merged);
  for (let i = 0; i < hourly.length; i += 1000) {
    await db.q
      .insertInto('report_hourly')
      .values(hourly.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['tag', 'department_id', 'agent_id', 'channel', 'day']).doUpdateSet({
          started: sql`report_hist_add(report_hourly.started, excluded.started)`,
          closed: sql`report_hist_add(report_hourly.closed, excluded.closed)`,
        }),
      )
      .execute();
  }
}

/** A change of the count of conversations in one status, by the hour they started (report_status_counts). */
export interface StatusCount {
  bucket: Date;
  channel: string;
  status: string;
  n: number;
}

/**
 * Adds the counts (each `bucket` taken to its hour), summed per row first and in key order, so two
 * transactions lock the rows they share in the same order.
 */
export async function addStatusCounts(db: Db, counts: StatusCount[]): Promise<void> {
  const byKey = new Map<string, StatusCount>();
  for (const c of counts) {
    const bucket = hourOf(c.bucket);
    const k = `${bucket.getTime()}|${c.channel}|${c.status}`;
    const had = byKey.get(k);
    if (had) had.n += c.n;
    else byKey.set(k, { ...c, bucket });
  }
  const values = [...byKey.values()]
    .filter((c) => c.n !== 0)
    .sort((a, b) => a.bucket.getTime() - b.bucket.getTime() || cmp(a.channel, b.channel) || cmp(a.status, b.status));
  for (let i = 0; i < values.length; i += 1000)
    await db.q
      .insertInto('report_status_counts')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['bucket', 'channel', 'status']).doUpdateSet({ n: sql`report_status_counts.n + excluded.n` }),
      )
      .execute();
}
