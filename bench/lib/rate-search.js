import { bisectRate } from './stats.js';

/**
 * The search for the highest rate a step passes at, one step at a time, so that two of them (an A/B
 * comparison) can take turns on one server: from `start`, multiply by `factor` while steps pass, divide
 * by it while they fail, then bisect between the last pass and the first failure (bisectRate).
 */
export class RateSearch {
  /**
   * @param {{ start: number, factor?: number, maxRate?: number, minRate?: number, resolution?: number, maxSteps?: number }} o
   */
  constructor(o) {
    this.factor = o.factor ?? 2;
    this.maxRate = o.maxRate ?? 32_000;
    this.minRate = o.minRate ?? 50;
    this.resolution = o.resolution ?? 0.05;
    this.maxSteps = o.maxSteps ?? 8;
    this.lastPass = 0;
    this.firstFail = Infinity;
    this.steps = 0;
    /** @type {number | undefined} the rate of the next step; undefined when the search is over */
    this.next = roundRate(o.start);
  }

  /**
   * @param {number} rate
   * @param {boolean} pass
   */
  record(rate, pass) {
    this.steps++;
    if (pass) this.lastPass = Math.max(this.lastPass, rate);
    else this.firstFail = Math.min(this.firstFail, rate);
    if (this.steps >= this.maxSteps) this.next = undefined;
    else if (this.firstFail === Infinity)
      this.next = rate >= this.maxRate ? undefined : Math.min(this.maxRate, roundRate(rate * this.factor));
    else if (this.lastPass === 0) {
      const down = roundRate(rate / this.factor);
      this.next = down < this.minRate ? undefined : down;
    } else this.next = bisectRate(this.lastPass, this.firstFail, this.resolution);
  }

  /** The highest passing rate so far (0: none passed). */
  get sustained() {
    return this.lastPass;
  }
}

/** Rates in round figures: steps of 50 from 1,000 up, of 5 below. */
const roundRate = (r) => (r >= 1000 ? Math.round(r / 50) * 50 : Math.max(1, Math.round(r / 5) * 5));

/**
 * @param {number[]} xs
 * @returns {number} the median (the mean of the two middle values for an even count; NaN when empty)
 */
export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
