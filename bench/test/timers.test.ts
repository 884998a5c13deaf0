import { describe, expect, it } from 'vitest';
import { parseArgs } from '../lib/args.js';
import { median, RateSearch } from '../lib/rate-search.js';
import { dbActivityPer, drainFigures } from '../lib/timer-figures.js';
import { timerRows } from '../lib/timer-report.js';
import { cpuUsable } from '../scenarios/abandonment.js';

/** Runs a search against a server that passes every rate up to `limit`. */
function searchUpTo(limit: number, o: ConstructorParameters<typeof RateSearch>[0]) {
  const s = new RateSearch(o);
  const tried: number[] = [];
  while (s.next !== undefined) {
    tried.push(s.next);
    s.record(s.next, s.next <= limit);
  }
  return { sustained: s.sustained, tried };
}

describe('rate search, one step at a time', () => {
  it('doubles from the start until a step fails, then bisects', () => {
    const r = searchUpTo(5200, { start: 1000, resolution: 0.05, maxSteps: 10 });
    expect(r.tried.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(r.tried[4]).toBe(6000);
    expect(r.sustained).toBeGreaterThanOrEqual(5000);
    expect(r.sustained).toBeLessThanOrEqual(5200);
  });

  it('goes down by its factor while steps fail, starting near an earlier result', () => {
    const r = searchUpTo(3000, { start: 4000, factor: 1.25, resolution: 0.05, maxSteps: 10 });
    expect(r.tried.slice(0, 3)).toEqual([4000, 3200, 2550]);
    expect(r.sustained).toBeGreaterThan(2550);
    expect(r.sustained).toBeLessThanOrEqual(3000);
  });

  it('stops after maxSteps, and reports 0 when nothing passed', () => {
    const r = searchUpTo(10, { start: 1000, maxSteps: 3 });
    expect(r.tried).toEqual([1000, 500, 250]);
    expect(r.sustained).toBe(0);
  });

  it('takes the median of what was found', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });
});

describe('a burst of due timers', () => {
  it('measures lateness against each timer’s own due time, and the drain from the first due time', () => {
    const f = drainFigures([
      { dueAt: 1000, actedAt: 1100 },
      { dueAt: 1500, actedAt: 2500 },
      { dueAt: 1999, actedAt: 5100 },
      { dueAt: 1200, actedAt: null },
    ]);
    expect(f).toMatchObject({ due: 4, acted: 3, firstActMs: 100, drainMs: 4100 });
    expect(f.lateness).toMatchObject({ count: 3, min: 100, p50: 1000, max: 3101 });
    expect(f.actsPerSecond).toBeCloseTo(2000 / 4000);
  });

  it('has no drain when nothing acted', () => {
    const f = drainFigures([{ dueAt: 1000, actedAt: null }]);
    expect(f.acted).toBe(0);
    expect(f.drainMs).toBeNaN();
  });
});

describe('database work per timer', () => {
  it('divides the statistics’ growth by the timers and leaves out tables nothing happened to', () => {
    const before = {
      db: { transactions: 100, rows_written: 50 },
      tables: { jobs: { deleted: 10, seq_read: 0 }, users: { deleted: 0, seq_read: 4 } },
    };
    const after = {
      db: { transactions: 400, rows_written: 350 },
      tables: {
        jobs: { deleted: 110, seq_read: 1000 },
        users: { deleted: 0, seq_read: 4 },
        outbox: { deleted: 100, seq_read: 0 },
      },
    };
    expect(dbActivityPer(before, after, 100)).toEqual({
      transactions: 3,
      rows_written: 3,
      tables: { jobs: { deleted: 1, seq_read: 10 }, outbox: { deleted: 1, seq_read: 0 } },
    });
  });
});

describe('the timers summary', () => {
  const burst = {
    pending: 100_000,
    due: 10_000,
    jobWorkersPerProcess: 4,
    cost: { rowsPerTimer: 1, bytesPerTimer: 387, heapBytesPerTimer: 264, indexBytesPerTimer: 123 },
    withPending: {
      due: 10_000,
      acted: 10_000,
      lateness: { p50: 20_000, p99: 39_000, max: 40_000 },
      drainMs: 40_500,
      actsPerSecond: 250,
      cpu: { serverUsPerTimer: 900, pgUsPerTimer: 700 },
      dbPerTimer: { transactions: 3.04, rows_written: 14.2 },
      check: { ok: true, closedOnce: 10_000, othersClosed: 0, failedJobs: 0 },
    },
    alone: { drainMs: 30_000, check: { ok: true } },
    othersSlowdown: { drain: 1.35 },
  };
  const abandonment = {
    rounds: [{}, {}, {}],
    sustained: { off: 4000, on: 3500 },
    ratio: 0.875,
    cpu: { rate: 2000, off: { server: 150, pg: 80 }, on: { server: 170, pg: 90 }, pairs: [{}, {}], ratio: 1.13 },
    verification: { ok: true, storedOnce: 10, agentOnce: 10, visitorOnce: 10, sent: 10 },
  };

  it('holds the on ÷ off ratio against 0.9 and the drain against the one with nothing else pending', () => {
    const rows = timerRows({ burst, abandonment });
    const row = (figure: string) => rows.find((r) => r.figure.startsWith(figure));
    expect(row('sustained rate')).toMatchObject({ value: '0.88 (4,000 → 3,500 msg/s)', verdict: 'BELOW TARGET' });
    expect(row('drain with the others')?.verdict).toBe('SLOWER');
    expect(row('late after')?.value).toBe('20 s / 39 s / 40 s');
    expect(row('closed once')?.verdict).toBe('ok');
    expect(row('database per timer')?.value).toBe('3 / 14.2');
    const better = timerRows({
      burst: { ...burst, othersSlowdown: { drain: 1.05 }, alone: { drainMs: 38_000, check: { ok: false } } },
      abandonment: { ...abandonment, ratio: 0.95 },
    });
    expect(better.find((r) => r.figure.startsWith('sustained rate'))?.verdict).toBe('ok');
    expect(better.find((r) => r.figure.startsWith('drain with the others'))?.verdict).toBe('ok');
    expect(better.find((r) => r.figure.startsWith('closed once'))?.verdict).toBe('PROBLEM');
  });

  it('shows the CPU per message of both arms with the median of the pairs’ ratios', () => {
    const row = timerRows({ abandonment }).find((r) => r.figure.startsWith('CPU per message'));
    expect(row).toMatchObject({
      figure: expect.stringContaining('2,000 msg/s'),
      value: '230 → 260 µs (1.13× in 2 pairs)',
    });
  });

  it('counts a step’s CPU per message only when (nearly) all its work fell inside the step', () => {
    const step = { sent: 1000, errors: 0, pending: 0, missing: 0 };
    expect(cpuUsable(step)).toBe(true);
    expect(cpuUsable({ ...step, missing: 10, pending: 10 })).toBe(true);
    expect(cpuUsable({ ...step, missing: 11 })).toBe(false);
    expect(cpuUsable({ ...step, pending: 11 })).toBe(false);
    expect(cpuUsable({ ...step, errors: 1 })).toBe(false);
  });

  it('leaves out a part that failed', () => {
    expect(timerRows({ burst: { error: 'boom' }, abandonment })).toHaveLength(3);
    expect(timerRows({ burst, abandonment: { error: 'boom' } })).toHaveLength(7);
  });
});

describe('arguments', () => {
  it('cuts the timers scenario only when it rides along in the default quick run', () => {
    expect(parseArgs([]).timersReduced).toBe(true);
    expect(parseArgs(['--full']).timersReduced).toBe(false);
    expect(parseArgs(['timers'])).toMatchObject({ scenarios: ['timers'], timersReduced: false });
  });
});
