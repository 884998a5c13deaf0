/**
 * Latency statistics. Percentiles use the nearest-rank method on a sorted copy: p99 of 1,000 samples
 * is the 990th smallest, so the figure is always a latency that was actually observed.
 */

/**
 * @param {ArrayLike<number>} sorted ascending
 * @param {number} p 0..100
 * @returns {number}
 */
export function percentileSorted(sorted, p) {
  if (sorted.length === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[sorted.length - 1];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * @param {ArrayLike<number>} values
 * @returns {{count: number, min: number, p50: number, p90: number, p99: number, max: number, mean: number}}
 */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    min: sorted.length ? sorted[0] : NaN,
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p99: percentileSorted(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/**
 * Rates to try when looking for the highest sustained one: doubling from `start` until a step fails,
 * then the caller bisects between the last pass and the first failure.
 * @param {number} lastPass
 * @param {number} firstFail
 * @param {number} resolution stop when the gap is smaller than this fraction of lastPass
 * @returns {number | undefined} the next rate to try, or undefined when close enough
 */
export function bisectRate(lastPass, firstFail, resolution = 0.1) {
  if (!(firstFail > lastPass)) return undefined;
  if (firstFail - lastPass <= Math.max(1, lastPass * resolution)) return undefined;
  const mid = (lastPass + firstFail) / 2;
  const step = mid >= 1000 ? 250 : mid >= 100 ? 25 : 1;
  const rounded = Math.round(mid / step) * step;
  return rounded > lastPass && rounded < firstFail ? rounded : undefined;
}

/** @param {number} n */
export function round(n, digits = 1) {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
