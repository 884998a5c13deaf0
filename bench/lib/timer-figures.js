import { summarize } from './stats.js';

/**
 * What a burst of due timers did, from each one's due time and the time its action committed (the
 * conversation's closed_at, written by the close the timer ran), both in epoch milliseconds.
 * @param {Array<{ dueAt: number, actedAt: number | null }>} rows
 */
export function drainFigures(rows) {
  const acted = rows.filter((r) => r.actedAt !== null);
  const late = acted.map((r) => /** @type {number} */ (r.actedAt) - r.dueAt);
  let firstDue = Infinity;
  let firstAct = Infinity;
  let lastAct = -Infinity;
  for (const r of rows) firstDue = Math.min(firstDue, r.dueAt);
  for (const r of acted) {
    firstAct = Math.min(firstAct, /** @type {number} */ (r.actedAt));
    lastAct = Math.max(lastAct, /** @type {number} */ (r.actedAt));
  }
  const spanMs = lastAct - firstAct;
  return {
    due: rows.length,
    acted: acted.length,
    /** How late each acted after its own due time (ms). */
    lateness: summarize(late),
    /** From the first due time to the first action, and to the last one (ms). */
    firstActMs: acted.length ? firstAct - firstDue : NaN,
    drainMs: acted.length ? lastAct - firstDue : NaN,
    /** Actions per second between the first and the last. */
    actsPerSecond: spanMs > 0 ? (1000 * (acted.length - 1)) / spanMs : NaN,
  };
}

/**
 * What the database did per timer between two snapshots of its statistics (pg_stat_database and
 * pg_stat_user_tables, as `dbStats` reads them): transactions, rows read and written, and per table the
 * rows inserted, updated (and how many of those were HOT) and deleted, and rows read by sequential scans.
 * Tables nothing happened to are left out.
 * @param {{ db: Record<string, number>, tables: Record<string, Record<string, number>> }} before
 * @param {{ db: Record<string, number>, tables: Record<string, Record<string, number>> }} after
 * @param {number} per
 */
export function dbActivityPer(before, after, per) {
  const d = (a, b, k) => ((b?.[k] ?? 0) - (a?.[k] ?? 0)) / per;
  const db = Object.fromEntries(Object.keys(after.db).map((k) => [k, d(before.db, after.db, k)]));
  /** @type {Record<string, Record<string, number>>} */
  const tables = {};
  for (const [name, t] of Object.entries(after.tables)) {
    const row = Object.fromEntries(Object.keys(t).map((k) => [k, d(before.tables[name], t, k)]));
    if (Object.values(row).some((v) => v !== 0)) tables[name] = row;
  }
  return { ...db, tables };
}
