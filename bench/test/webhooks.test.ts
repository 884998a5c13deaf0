import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, SCENARIOS } from '../lib/args.js';
import { request } from '../lib/http.js';
import { ROOT } from '../lib/server.js';
import { answeredRate, commitToReceiver, deliveryLedger, drainFigures } from '../lib/webhook-figures.js';
import { webhookRows } from '../lib/webhook-report.js';
import { Worker } from '../lib/worker.js';
import { webhookOptions } from '../scenarios/webhooks.js';

const rows = (xs: Array<[string, string, number]>) => xs.map(([id, status, attempts]) => ({ id, status, attempts }));

describe('webhooks: every delivery against the receiver', () => {
  it('finds each delivered id answered once', () => {
    const l = deliveryLedger(
      { ids: ['a', 'b', 'c'], answered: [1, 1, 1] },
      rows([
        ['a', 'delivered', 1],
        ['b', 'delivered', 1],
        ['c', 'delivered', 3],
      ]),
    );
    expect(l).toMatchObject({ deliveries: 3, receivedOnce: 3, duplicates: 0, deliveredNotReceived: 0, ok: true });
    expect(l.attempts).toEqual({ max: 3, mean: 5 / 3 });
  });

  it('counts a second answered request as a duplicate, a cut-off one only as a retried request', () => {
    const l = deliveryLedger(
      { ids: ['a', 'a', 'b', 'b'], answered: [1, 1, 0, 1] },
      rows([
        ['a', 'delivered', 2],
        ['b', 'delivered', 2],
      ]),
    );
    expect(l).toMatchObject({ receivedOnce: 1, duplicates: 1, extraRequests: 2, ok: false });
  });

  it('counts as lost a delivered row never answered, and rows left pending or failed; and ids it never made', () => {
    const l = deliveryLedger(
      { ids: ['b', 'x'], answered: [0, 1] },
      rows([
        ['a', 'delivered', 1],
        ['b', 'delivered', 1],
        ['c', 'pending', 4],
        ['d', 'failed', 10],
      ]),
    );
    expect(l).toMatchObject({ delivered: 2, pending: 1, failed: 1, deliveredNotReceived: 2, unknown: 1, ok: false });
  });
});

describe('webhooks: latency and drain', () => {
  const req = {
    ids: ['a', 'b', 'a', 'c', 'd'],
    committedAt: [1000, 1500, 1000, 2500, NaN],
    arrivedAt: [1010, 1600, 12_000, 2530, 2600],
    answered: [0, 1, 1, 1, 1],
  };

  it('takes each id’s first request, for the deliveries committed in the window', () => {
    const s = commitToReceiver(req, 1000, 2000);
    expect(s).toMatchObject({ count: 2, min: 10, max: 100 });
    expect(commitToReceiver(req, 2000, 3000)).toMatchObject({ count: 1, p50: 30 });
    expect(answeredRate(req, 0, 4000)).toBe(0.75); // 3 answered in 4 s
  });

  it('measures the drain from the receiver’s return to the first poll back at the steady level', () => {
    const polls = [
      { at: 0, pending: 10 },
      { at: 5000, pending: 9000 },
      { at: 10_000, pending: 12_000 },
      { at: 12_000, pending: 8000 },
      { at: 16_000, pending: 40 },
      { at: 17_000, pending: 5 },
    ];
    const answered = { arrivedAt: [9000, 11_500, 12_000, 15_000], answered: [1, 0, 1, 1] };
    const d = drainFigures(answered, polls, 10_000, 50);
    expect(d).toMatchObject({ backlog: 12_000, drained: true, drainMs: 6000, firstAnswerAfterMs: 2000 });
    expect(d.netPerSecond).toBeCloseTo((12_000 - 40) / 6);
    expect(d.grossPerSecond).toBeCloseTo(2 / 6);
    expect(drainFigures(answered, polls.slice(0, 4), 10_000, 50)).toMatchObject({ drained: false });
  });
});

describe('webhooks: summary and options', () => {
  const result = {
    steady: {
      eventRate: 1000,
      commitToReceiver: { p50: 3, p99: 20, max: 40 },
      answeredPerSecond: 990,
      pending: { p50: 4, max: 30, afterWait: 0 },
    },
    outage: {
      outageMs: 60_000,
      afterMs: 60_000,
      drain: {
        backlog: 60_000,
        drained: true,
        drainMs: 40_000,
        firstAnswerAfterMs: 300,
        netPerSecond: 1500,
        grossPerSecond: 2500,
      },
      ledger: {
        ok: true,
        receivedOnce: 100,
        deliveries: 100,
        duplicates: 0,
        deliveredNotReceived: 0,
        pending: 0,
        failed: 0,
      },
    },
    ab: {
      ratio: 0.75,
      sustained: { off: 4000, on: 3000 },
      rounds: [{}, {}, {}],
      cpu: { rate: 1800, off: { server: 200, pg: 100 }, on: { server: 260, pg: 140 }, ratio: 1.33, pairs: [{}, {}] },
    },
  };

  it('holds the drain against 1,000/s, the deliveries against once each and the A/B against 0.8', () => {
    const r = webhookRows(result);
    const row = (f: string) => r.find((x) => x.figure.startsWith(f));
    expect(row('deliveries answered')?.verdict).toBe('ok');
    expect(row('drain')).toMatchObject({ value: '1,500/s / 2,500/s', verdict: 'ok' });
    expect(row('received once')).toMatchObject({ value: '100 of 100 / 0 / 0 / 0 / 0', verdict: 'ok' });
    expect(row('message path')).toMatchObject({
      value: '0.75 (4,000 → 3,000 msg/s, median of 3)',
      verdict: 'BELOW TARGET',
    });
    expect(row('CPU per message')?.value).toBe('300 → 400 µs (1.33× in 2 pairs)');
    const worse = webhookRows({
      ...result,
      steady: { ...result.steady, pending: { p50: 4, max: 30, afterWait: 12 } },
      outage: {
        ...result.outage,
        ledger: { ...result.outage.ledger, ok: false },
        drain: { ...result.outage.drain, netPerSecond: 900 },
      },
    });
    expect(worse.find((x) => x.figure.startsWith('deliveries answered'))?.verdict).toBe('FALLS BEHIND');
    expect(worse.find((x) => x.figure.startsWith('drain'))?.verdict).toBe('BELOW TARGET');
    expect(worse.find((x) => x.figure.startsWith('received once'))?.verdict).toBe('PROBLEM');
    expect(webhookRows({ steady: result.steady })).toHaveLength(2);
  });

  it('is a scenario of its own, and its quick run keeps the load under a minute', () => {
    expect(SCENARIOS).toHaveProperty('webhooks');
    expect(parseArgs(['webhooks']).scenarios).toEqual(['webhooks']);
    const q = webhookOptions(true, () => undefined);
    const ab = q.ab!;
    expect(q.steadyMs + q.outageMs + q.afterMs).toBeLessThanOrEqual(60_000);
    expect(ab.rounds * 2 * ab.maxSteps * ab.stepMs + ab.cpuPairs * 2 * ab.stepMs).toBeLessThanOrEqual(40_000);
    const full = webhookOptions(false, () => undefined);
    expect(full).toMatchObject({ rate: 1000, steadyMs: 60_000, outageMs: 60_000 });
  });
});

/** The receiver process itself: answers, goes down (connection refused), comes back on its port. */
describe('webhooks: the receiver', () => {
  let receiver: Worker;
  let url: string;
  beforeAll(async () => {
    receiver = new Worker(join(ROOT, 'bench', 'lib', 'webhook-receiver.js'), 'test receiver');
    url = (await receiver.ask('start')).url;
  });
  afterAll(() => receiver.stop());

  const post = (id: string, ts: string) =>
    request(url, 'POST', '/hook', {
      headers: { 'x-parley-delivery': id, 'x-parley-signature': 'sha256=0' },
      body: { type: 'Message', messages: [{ ts }] },
      timeoutMs: 5000,
    });

  it('records each request with its delivery id, arrival and the message’s commit time', async () => {
    const ts = new Date(Date.now() - 50).toISOString();
    expect((await post('d1', ts)).status).toBe(200);
    await receiver.ask('down');
    await expect(post('d2', ts)).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up/);
    await receiver.ask('up');
    expect((await post('d2', ts)).status).toBe(200);
    expect((await post('d1', ts)).status).toBe(200);
    const r = await receiver.ask('requests');
    expect(r.ids).toEqual(['d1', 'd2', 'd1']);
    expect([...r.answered]).toEqual([1, 1, 1]);
    expect(r.committedAt[0]).toBe(Date.parse(ts));
    expect(r.arrivedAt[0] - r.committedAt[0]).toBeGreaterThanOrEqual(50);
    expect(r.withoutSignature).toBe(0);
    expect(
      deliveryLedger(
        r,
        rows([
          ['d1', 'delivered', 2],
          ['d2', 'delivered', 2],
        ]),
      ),
    ).toMatchObject({
      receivedOnce: 1,
      duplicates: 1,
    });
  });
});
