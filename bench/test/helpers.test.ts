import { describe, expect, it } from 'vitest';
import { parseArgs, SCENARIOS } from '../lib/args.js';
import { loopbackAddress } from '../lib/http.js';
import { categoryOf, summarizeProfile } from '../lib/profile.js';
import { stepPasses } from '../scenarios/message-path.js';
import { bisectRate, percentileSorted, summarize } from '../lib/stats.js';
import { cell, formatTable, markdownTable } from '../lib/table.js';

describe('percentiles', () => {
  it('uses the nearest rank, so every figure is an observed latency', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileSorted(v, 50)).toBe(50);
    expect(percentileSorted(v, 99)).toBe(99);
    expect(percentileSorted(v, 100)).toBe(100);
    expect(percentileSorted(v, 0)).toBe(1);
    expect(percentileSorted(Float64Array.of(7), 99)).toBe(7);
    expect(percentileSorted(new Float64Array(0), 50)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ count: 5, min: 1, p50: 3, max: 5, mean: 3 });
    expect(summarize([]).count).toBe(0);
  });
});

describe('rate search', () => {
  it('bisects between the last passing and the first failing rate, in round steps', () => {
    expect(bisectRate(4000, 8000)).toBe(6000);
    expect(bisectRate(4000, 6000)).toBe(5000);
    expect(bisectRate(0, 500)).toBe(250);
    expect(bisectRate(5000, 5250, 0.1)).toBeUndefined();
    expect(bisectRate(8000, 4000)).toBeUndefined();
  });

  it('passes a step only when the rate held, nothing was lost and p99 < 50 ms', () => {
    const ok = {
      rate: 1000,
      achievedRate: 1000,
      latency: { p99: 49.9 },
      missing: 0,
      errors: 0,
      pending: 0,
      duplicates: 0,
      starved: 0,
    };
    expect(stepPasses(ok)).toBe(true);
    expect(stepPasses({ ...ok, latency: { p99: 50 } })).toBe(false);
    expect(stepPasses({ ...ok, missing: 1 })).toBe(false);
    expect(stepPasses({ ...ok, achievedRate: 900 })).toBe(false);
  });
});

describe('tables', () => {
  it('aligns numbers right and text left', () => {
    const t = formatTable(
      ['name', 'ms'],
      [
        ['a', 1.5],
        ['bbb', 1234],
      ],
    ).split('\n');
    expect(t[0]).toBe('name     ms');
    expect(t[2]).toBe('a       1.5');
    expect(t[3]).toBe('bbb   1,234');
  });

  it('formats cells and markdown', () => {
    expect(cell(NaN)).toBe('–');
    expect(cell(0.123)).toBe('0.12');
    expect(cell(true)).toBe('yes');
    expect(markdownTable(['a|b'], [['x']])).toBe('| a\\|b |\n|---|\n| x |');
  });
});

describe('arguments', () => {
  it('runs everything in quick mode by default, with the routing burst reduced', () => {
    const a = parseArgs([]);
    expect(a.scenarios).toEqual(Object.keys(SCENARIOS));
    expect(a.full).toBe(false);
    expect(a.routingReduced).toBe(true);
  });

  it('runs the named scenarios, and issue 4 routing burst when routing is named', () => {
    const a = parseArgs(['routing', '--full', '--rates', '1000,2000', '--no-build']);
    expect(a).toMatchObject({ scenarios: ['routing'], full: true, rates: [1000, 2000], build: false });
    expect(a.routingReduced).toBe(false);
    expect(() => parseArgs(['nope'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--rates', 'x'])).toThrow(/positive numbers/);
  });
});

describe('loopback source addresses', () => {
  it('are distinct and never .0 or .255', () => {
    const seen = new Set(Array.from({ length: 70_000 }, (_, i) => loopbackAddress(i)));
    expect(seen.size).toBe(70_000);
    for (const a of seen) expect(a).toMatch(/^127\.\d+\.\d+\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])$/);
  });
});

describe('profile summary', () => {
  it('attributes self time to functions and packages, leaving idle out', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 3, callFrame: { functionName: 'query', url: 'file:///x/node_modules/pg/lib/client.js', lineNumber: 9 } },
        {
          id: 4,
          callFrame: { functionName: 'send', url: 'file:///x/packages/server/dist/modules/widget/a.js', lineNumber: 0 },
        },
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [0, 1000, 1000, 1000],
      startTime: 0,
      endTime: 4000,
    };
    const s = summarizeProfile(profile);
    expect(s.busyMs).toBe(3);
    expect(s.categories[0]).toMatchObject({ name: 'pg', ms: 2 });
    expect(s.functions.map((f) => f.name)).toEqual(['query', 'send']);
    expect(categoryOf('file:///x/node_modules/@fastify/websocket/index.js')).toBe('@fastify/websocket');
    expect(categoryOf('file:///x/packages/server/dist/kernel/bus.js')).toBe('parley kernel/bus');
    expect(categoryOf('node:internal/streams')).toBe('node');
    expect(categoryOf('file:///x/bench/bare/bare-server.js')).toBe('bench');
  });
});
