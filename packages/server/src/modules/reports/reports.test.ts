import type { ServerFrame } from '@parley/shared';
import {
  conversationRatingSchema,
  liveSnapshotSchema,
  ratingListSchema,
  ratingViewSchema,
  reportSchema,
  slaBreachListSchema,
  visitorRatingSchema,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';
import { hourSeries, splitRange } from './reports.service.js';
import { binOf, binValue, percentile } from './rollups.js';

/**
 * The reports against hand-computed figures on a small fixed data set (FakeClock), across the midnight
 * of a time zone: a chat started at 22:30 UTC on Monday 5 January and closed at 23:10 UTC counts as
 * Monday's start and close in UTC, but in Berlin (UTC+1) it starts Monday 23:30 and closes Tuesday 00:10.
 */
describe('reports', () => {
  let p: TestParley;
  let admin: Awaited<ReturnType<TestParley['admin']>>;
  let salesId: string;
  let a: Awaited<ReturnType<TestParley['onlineAgent']>>;
  let b: Awaited<ReturnType<TestParley['onlineAgent']>>;
  const ids: string[] = [];
  const visitors: Array<Awaited<ReturnType<TestParley['visitor']>>> = [];
  let slaId: string;

  const at = (iso: string) => p.fakeClock!.set(iso);
  async function start(iso: string, text = 'Hello') {
    at(iso);
    const v = await p.visitor({ departmentId: salesId });
    const r = await v.api.post('/api/v1/widget/conversations', { text, clientId: `c-${iso}` });
    expect(r.status).toBe(201);
    visitors.push(v);
    ids.push(r.body.conversation.id);
    await p.settle();
    return { v, id: r.body.conversation.id as string };
  }
  const take = async (agent: typeof a, id: string, iso: string) => {
    at(iso);
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    await p.settle();
  };
  const reply = async (agent: typeof a, id: string, iso: string) => {
    at(iso);
    expect(
      (await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Hi', clientId: `r-${iso}` })).status,
    ).toBe(201);
    await p.settle();
  };
  const close = async (agent: typeof a, id: string, iso: string) => {
    at(iso);
    const r = await agent.api.post(`/api/v1/conversations/${id}/close`, {});
    expect(r.status).toBe(200);
    await p.settle();
  };
  /** The answer is exactly its shared contract (nothing missing, nothing extra). */
  const contract = (schema: z.ZodType, body: unknown) => expect(schema.parse(body)).toEqual(body);
  const report = async (query: string, api = admin) => {
    const r = await api.get(`/api/v1/reports?${query}`);
    expect(r.status).toBe(200);
    contract(reportSchema, r.body);
    return r.body;
  };

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    admin = await p.admin();
    salesId = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    a = await p.onlineAgent({ departmentIds: [salesId], name: 'Ann' });
    b = await p.onlineAgent({ departmentIds: [salesId], name: 'Ben' });
    slaId = (await admin.post('/api/v1/sla-policies', { name: 'Fast', description: '', dueMinutes: 1 })).body.id;

    // 1: Monday 22:30 UTC, waits 60 s, answered 30 s later, closed 23:10 UTC (Tuesday 00:10 in Berlin).
    const c1 = await start('2026-01-05T22:30:00.000Z');
    await take(a, c1.id, '2026-01-05T22:31:00.000Z');
    await reply(a, c1.id, '2026-01-05T22:31:30.000Z');
    await close(a, c1.id, '2026-01-05T23:10:00.000Z');
    // 2: Tuesday 10:00, Ann answers after 20 s, transfers to Ben, Ben closes at 10:20 with a tag; SLA met.
    const c2 = await start('2026-01-06T10:00:00.000Z');
    await take(a, c2.id, '2026-01-06T10:00:10.000Z');
    await reply(a, c2.id, '2026-01-06T10:00:20.000Z');
    at('2026-01-06T10:05:00.000Z');
    expect((await admin.patch(`/api/v1/conversations/${c2.id}`, { tags: ['billing'], slaId })).status).toBe(200);
    const tr = await a.api.post(`/api/v1/conversations/${c2.id}/transfer`, { agentId: b.userId, force: true });
    expect(tr.status).toBe(200);
    await p.settle();
    await close(b, c2.id, '2026-01-06T10:20:00.000Z');
    // 3: Tuesday 11:00, nobody answers, the visitor leaves at 11:05: abandoned.
    const c3 = await start('2026-01-06T11:00:00.000Z');
    at('2026-01-06T11:05:00.000Z');
    expect((await c3.v.api.post(`/api/v1/widget/conversations/${c3.id}/close`)).status).toBe(200);
    await p.settle();
    // 4: Tuesday 12:00, Ben takes it but never answers, closes at 12:30: missed, SLA breached.
    const c4 = await start('2026-01-06T12:00:00.000Z');
    await take(b, c4.id, '2026-01-06T12:02:00.000Z');
    expect((await admin.patch(`/api/v1/conversations/${c4.id}`, { slaId })).status).toBe(200);
    await close(b, c4.id, '2026-01-06T12:30:00.000Z');
    // 5: still queued on Tuesday 13:00.
    await start('2026-01-06T13:00:00.000Z');
  }, 180_000);
  afterAll(() => p.stop());

  it('counts conversations by day in the chosen zone (UTC against Berlin)', async () => {
    const utc = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    expect(utc.daily).toEqual([
      { date: '2026-01-05', started: 1, closed: 1 },
      { date: '2026-01-06', started: 4, closed: 3 },
    ]);
    const berlin = await report('from=2026-01-05&to=2026-01-06&tz=Europe/Berlin');
    expect(berlin.daily).toEqual([
      { date: '2026-01-05', started: 1, closed: 0 },
      { date: '2026-01-06', started: 4, closed: 4 },
    ]);
    expect(berlin.wholeHourZone).toBe(true);
    // Monday alone: in UTC the first chat starts and closes; in Berlin it only starts.
    const mondayUtc = await report('from=2026-01-05&to=2026-01-05&tz=UTC');
    expect(mondayUtc.conversations).toMatchObject({ started: 1, closed: 1 });
    const mondayBerlin = await report('from=2026-01-05&to=2026-01-05&tz=Europe/Berlin');
    expect(mondayBerlin.conversations).toMatchObject({ started: 1, closed: 0 });
    expect(mondayBerlin.firstResponse.count).toBe(0);
    // The heat map: Monday 22 h in UTC is Monday 23 h in Berlin; Tuesday 10, 11, 12, 13 h UTC are 11-14 h.
    expect(utc.heatmap).toEqual([
      { weekday: 1, hour: 22, started: 1 },
      { weekday: 2, hour: 10, started: 1 },
      { weekday: 2, hour: 11, started: 1 },
      { weekday: 2, hour: 12, started: 1 },
      { weekday: 2, hour: 13, started: 1 },
    ]);
    expect(berlin.heatmap.map((h: { weekday: number; hour: number }) => [h.weekday, h.hour])).toEqual([
      [1, 23],
      [2, 11],
      [2, 12],
      [2, 13],
      [2, 14],
    ]);
    expect(berlin.conversations.byStatus).toEqual({ closed: 4, queued: 1 });
    expect(berlin.conversations.byChannel).toEqual({ widget: 5 });
  });

  it('gives missed, abandoned, transferred and the durations with average, median and p90', async () => {
    const r = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    expect(r.conversations).toMatchObject({ started: 5, closed: 4, missed: 1, abandoned: 1, transferred: 1 });
    // Resolution (start to close): 40 min, 20 min, 5 min, 30 min.
    const resolution = [2400, 1200, 300, 1800];
    expect(r.resolution.count).toBe(4);
    expect(r.resolution.avg).toBeCloseTo(1425, 6);
    // Nearest rank: the median of 4 is the 2nd (1200 s), p90 the 4th (2400 s); histograms hold them within 12 %.
    expect(Math.abs(r.resolution.median - 1200) / 1200).toBeLessThan(0.12);
    expect(Math.abs(r.resolution.p90 - 2400) / 2400).toBeLessThan(0.12);
    expect(r.resolution.median).toBe(binValue(binOf(1200)));
    // Each conversation's own metrics, as the conversation shows them, are what the rollups summed.
    const views = await Promise.all(
      ids.slice(0, 4).map(async (id) => (await admin.get(`/api/v1/conversations/${id}`)).body),
    );
    const fr = views.map((v) => v.metrics.firstResponseSeconds).filter((x): x is number => x !== null);
    expect(fr.length).toBe(2);
    expect(r.firstResponse.count).toBe(2);
    expect(r.firstResponse.avg).toBeCloseTo((fr[0]! + fr[1]!) / 2, 6);
    const waits = views.map((v) => v.metrics.waitSeconds).filter((x): x is number => x !== null);
    expect(r.queue.count).toBe(waits.length);
    expect(r.queue.avg).toBeCloseTo(waits.reduce((s, x) => s + x, 0) / waits.length, 6);
    expect(resolution.reduce((s, x) => s + x, 0) / 4).toBe(1425);
    // Handling (assignment to close) for the three chats an agent took.
    const handling = views.map((v) => v.metrics.serviceDurationSeconds).filter((x): x is number => x !== null);
    expect(r.handling.count).toBe(3);
    expect(r.handling.avg).toBeCloseTo(handling.reduce((s, x) => s + x, 0) / 3, 6);
  });

  it('has the per-agent, per-department and tag tables, and filters by tag, agent and department', async () => {
    const r = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    const ann = r.agents.find((x: { agentId: string }) => x.agentId === a.userId);
    const ben = r.agents.find((x: { agentId: string }) => x.agentId === b.userId);
    expect(ann).toMatchObject({ name: 'Ann', chats: 1, transfers: 1 });
    expect(ben).toMatchObject({ name: 'Ben', chats: 2, transfers: 0 });
    expect(r.departments).toEqual([
      expect.objectContaining({
        departmentId: salesId,
        name: 'Sales',
        started: 5,
        closed: 4,
        missed: 2,
        transferred: 1,
      }),
    ]);
    expect(r.tags).toEqual([{ tag: 'billing', closed: 1 }]);
    const billing = await report('from=2026-01-05&to=2026-01-06&tz=UTC&tag=billing');
    expect(billing.conversations).toMatchObject({ closed: 1 });
    expect(billing.resolution.avg).toBe(1200);
    const benOnly = await report(`from=2026-01-05&to=2026-01-06&tz=UTC&agentId=${b.userId}`);
    expect(benOnly.conversations).toMatchObject({ closed: 2, missed: 1 });
    const otherDept = await admin.post('/api/v1/departments', { name: 'Other' });
    const none = await report(`from=2026-01-05&to=2026-01-06&tz=UTC&departmentId=${otherDept.body.id}`);
    expect(none.conversations).toMatchObject({ started: 0, closed: 0 });
  });

  it('reads a long range from month and day rows with the same figures as the hours', async () => {
    const short = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    // December to February: whole January from the month grain, around it days and hours.
    const long = await report('from=2025-12-01&to=2026-02-28&tz=UTC');
    for (const k of [
      'conversations',
      'firstResponse',
      'averageResponse',
      'resolution',
      'handling',
      'queue',
      'agents',
      'departments',
      'tags',
      'sla',
    ])
      expect(long[k], k).toEqual(short[k]);
    expect(long.daily).toHaveLength(90);
    expect(long.heatmap).toEqual(short.heatmap);
    // In Berlin the range starts at 23:00 UTC: its first hour comes from the hour grain.
    const berlin = await report('from=2025-12-01&to=2026-02-28&tz=Europe/Berlin');
    expect(berlin.conversations).toEqual(short.conversations);
  });

  it('gives SLA compliance and the breaches', async () => {
    const r = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    expect(r.sla).toEqual({ total: 2, met: 1, compliance: 0.5 });
    const breaches = await admin.get('/api/v1/reports/sla-breaches?from=2026-01-05&to=2026-01-06&tz=UTC');
    expect(breaches.status).toBe(200);
    contract(slaBreachListSchema, breaches.body);
    expect(breaches.body.items).toEqual([
      expect.objectContaining({ conversationId: ids[3], slaName: 'Fast', dueSeconds: 60, firstResponseSeconds: null }),
    ]);
  });

  it('lets an agent see only their own figures; a bad zone or range says where', async () => {
    const r = await report('from=2026-01-05&to=2026-01-06&tz=UTC', a.api);
    expect(r.agents.map((x: { agentId: string }) => x.agentId)).toEqual([a.userId]);
    expect(r.conversations.closed).toBe(1);
    const other = await a.api.get(`/api/v1/reports?from=2026-01-05&to=2026-01-06&agentId=${b.userId}`);
    expect(other.status).toBe(403);
    expect(other.body.field).toBe('query.agentId');
    expect((await a.api.get('/api/v1/monitoring')).status).toBe(403);
    const zone = await admin.get('/api/v1/reports?from=2026-01-05&to=2026-01-06&tz=Mars/Olympus');
    expect(zone.status).toBe(400);
    expect(zone.body).toMatchObject({ code: 'report.invalid-zone', field: 'query.tz' });
    const backwards = await admin.get('/api/v1/reports?from=2026-01-06&to=2026-01-05');
    expect(backwards.body).toMatchObject({ code: 'report.invalid-range', field: 'query.to' });
    expect((await admin.get('/api/v1/reports?from=2026-13-45&to=2026-01-05')).status).toBe(400);
    expect((await admin.get('/api/v1/reports?from=2025-01-01&to=2026-12-31')).status).toBe(400);
  });

  it("follows Parley's rule for managers and monitors: every department's figures, as admins (docs/security.md)", async () => {
    // Neither belongs to Sales (nor to any department): they still read its figures, filtered or not.
    const manager = (await p.staff(['manager'])).api;
    const monitor = (await p.staff(['monitor'])).api;
    const all = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    for (const api of [manager, monitor]) {
      expect(await report('from=2026-01-05&to=2026-01-06&tz=UTC', api)).toEqual(all);
      const sales = await report(`from=2026-01-05&to=2026-01-06&tz=UTC&departmentId=${salesId}`, api);
      expect(sales.conversations).toMatchObject({ started: 5, closed: 4 });
      const byB = await report(`from=2026-01-05&to=2026-01-06&tz=UTC&agentId=${b.userId}`, api);
      expect(byB.conversations).toMatchObject({ closed: 2, missed: 1 });
      const breaches = await api.get(
        `/api/v1/reports/sla-breaches?from=2026-01-05&to=2026-01-06&tz=UTC&departmentId=${salesId}`,
      );
      expect(breaches.body.items).toHaveLength(1);
      expect((await api.get('/api/v1/monitoring?tz=UTC')).status).toBe(200);
    }
  });

  it('CSAT: off by default; on, the visitor rates their closed conversation once and it counts for its agent', async () => {
    const [v2] = [visitors[1]!];
    const off = await v2.api.post(`/api/v1/widget/conversations/${ids[1]}/rating`, { rating: 4, comment: 'ok' });
    expect(off.status).toBe(403);
    expect(off.body.code).toBe('rating.disabled');
    expect((await admin.patch('/api/v1/settings', { 'livechat.csat.enabled': true })).status).toBe(200);
    at('2026-01-06T15:00:00.000Z');
    // Someone else's conversation looks like it does not exist; an open one cannot be rated yet.
    expect((await visitors[0]!.api.post(`/api/v1/widget/conversations/${ids[1]}/rating`, { rating: 1 })).status).toBe(
      404,
    );
    expect(
      (await visitors[4]!.api.post(`/api/v1/widget/conversations/${ids[4]}/rating`, { rating: 5 })).body.code,
    ).toBe('rating.not-closed');
    expect((await v2.api.post(`/api/v1/widget/conversations/${ids[1]}/rating`, { rating: 6 })).status).toBe(400);
    const rated = await v2.api.post(`/api/v1/widget/conversations/${ids[1]}/rating`, {
      rating: 4,
      comment: 'Quick <b>help</b>',
    });
    expect(rated.status).toBe(201);
    contract(ratingViewSchema, rated.body);
    const mine = await v2.api.get(`/api/v1/widget/conversations/${ids[1]}/rating`);
    contract(visitorRatingSchema, mine.body);
    expect(mine.body).toEqual({
      enabled: true,
      question: 'How would you rate this conversation?',
      rating: { rating: 4, comment: 'Quick <b>help</b>' },
    });
    expect((await visitors[0]!.api.get(`/api/v1/widget/conversations/${ids[1]}/rating`)).status).toBe(404);
    const again = await v2.api.post(`/api/v1/widget/conversations/${ids[1]}/rating`, { rating: 1 });
    expect(again.body.code).toBe('rating.already-rated');
    expect((await visitors[0]!.api.post(`/api/v1/widget/conversations/${ids[0]}/rating`, { rating: 2 })).status).toBe(
      201,
    );
    await p.settle();
    const r = await report('from=2026-01-05&to=2026-01-06&tz=UTC');
    expect(r.csat).toEqual({ enabled: true, count: 2, average: 3, distribution: [0, 1, 0, 1, 0] });
    expect(r.agents.find((x: { agentId: string }) => x.agentId === b.userId)).toMatchObject({
      ratingAvg: 4,
      ratings: 1,
    });
    expect(r.agents.find((x: { agentId: string }) => x.agentId === a.userId)).toMatchObject({
      ratingAvg: 2,
      ratings: 1,
    });
    const shown = await admin.get(`/api/v1/conversations/${ids[1]}/rating`);
    contract(conversationRatingSchema, shown.body);
    expect(shown.body.rating).toMatchObject({ rating: 4, comment: 'Quick <b>help</b>', agentId: b.userId });
    const list = await admin.get('/api/v1/reports/ratings?from=2026-01-05&to=2026-01-06');
    contract(ratingListSchema, list.body);
    expect(list.body.items.map((x: { rating: number }) => x.rating)).toEqual([4, 2]);
  });

  it('rebuilds the same figures from history', async () => {
    const q = 'from=2026-01-05&to=2026-01-06&tz=Europe/Berlin';
    const before = await report(q);
    const done = await p.reports.rebuild({ pageSize: 2 });
    expect(done.conversations).toBe(5);
    expect(await report(q)).toEqual(before);
  });

  it('live monitoring: a snapshot, then each change over the socket (supervisors only)', async () => {
    at('2026-01-06T16:00:00.000Z');
    const snap = await admin.get('/api/v1/monitoring?tz=Europe/Berlin');
    expect(snap.status).toBe(200);
    contract(liveSnapshotSchema, snap.body);
    expect(snap.body.conversations.map((c: { id: string }) => c.id)).toEqual([ids[4]]);
    // Berlin's Tuesday began at 23:00 UTC on Monday: 4 chats started since, 4 closed (the first at 23:10).
    expect(snap.body).toMatchObject({ startedToday: 4, closedToday: 4, todayStart: '2026-01-05T23:00:00.000Z' });
    expect(snap.body.agents.map((x: { name: string }) => x.name).sort()).toEqual(['Ann', 'Ben']);

    const base = await p.baseUrl();
    const ws = await WsClient.connect(base, { cookie: admin.headers.cookie! });
    ws.send({ type: 'subscribe', topic: 'monitoring' });
    await ws.next((f) => f.type === 'subscribed' && f.topic === 'monitoring');
    const { id } = await start('2026-01-06T16:01:00.000Z');
    const frame = await ws.next((f) => f.type === 'monitoring.conversation' && f.conversation.id === id);
    expect(frame).toMatchObject({ previousStatus: null, conversation: { status: 'queued', departmentId: salesId } });
    await take(a, id, '2026-01-06T16:02:00.000Z');
    await ws.next(
      (f) => f.type === 'monitoring.conversation' && f.conversation.id === id && f.conversation.status === 'open',
    );
    await a.api.put('/api/v1/agents/me/status', { availability: 'unavailable' });
    await p.settle();
    await ws.next((f) => f.type === 'monitoring.agent' && f.userId === a.userId && f.availability === 'unavailable');
    ws.close();
    // An agent may not follow it.
    a.ws.send({ type: 'subscribe', topic: 'monitoring' });
    const refused = await a.ws.next<Extract<ServerFrame, { type: 'error' }>>((f) => f.type === 'error');
    expect(refused.code).toBe('auth.forbidden');
  });
});

describe('splitting a range into buckets', () => {
  it('takes whole months, then whole days, then hours, tiling the range exactly', () => {
    const d = (s: string) => new Date(s);
    const parts = splitRange(d('2025-11-30T23:00:00Z'), d('2026-03-02T23:00:00Z'));
    expect(parts.map((p) => [p.grain, p.from.toISOString(), p.to.toISOString()])).toEqual([
      [0, '2025-11-30T23:00:00.000Z', '2025-12-01T00:00:00.000Z'],
      [2, '2025-12-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      [1, '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      [0, '2026-03-02T00:00:00.000Z', '2026-03-02T23:00:00.000Z'],
    ]);
    expect(splitRange(d('2026-01-05T00:00:00Z'), d('2026-01-07T00:00:00Z'))).toEqual([
      { grain: 1, from: d('2026-01-05T00:00:00Z'), to: d('2026-01-07T00:00:00Z') },
    ]);
    expect(splitRange(d('2026-01-05T10:00:00Z'), d('2026-01-05T12:00:00Z'))).toEqual([
      { grain: 0, from: d('2026-01-05T10:00:00Z'), to: d('2026-01-05T12:00:00Z') },
    ]);
  });
});

describe('the hourly series in a zone', () => {
  it('puts each UTC hour in its local day and hour, across a DST change', () => {
    // Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on Sunday 29 March 2026.
    const day = new Date('2026-03-29T00:00:00Z');
    const started = [1, 2, ...new Array(20).fill(0), 4, 8]; // 00, 01, 22 and 23 h UTC
    const r = { from: new Date('2026-03-28T23:00:00Z'), to: new Date('2026-03-29T22:00:00Z'), tz: 'Europe/Berlin' };
    const { daily, heat } = hourSeries(r, [{ day, started, closed: [0, 0, 0, 1] }]);
    // 00 h UTC = 01 h local, 01 h UTC = 03 h local; 22 h UTC = Monday 00 h local: outside the range; 23 h too.
    expect([...daily]).toEqual([['2026-03-29', { started: 3, closed: 1 }]]);
    expect([...heat].sort()).toEqual([
      [701, 1],
      [703, 2],
    ]);
    const monday = hourSeries({ ...r, from: r.to, to: new Date('2026-03-30T22:00:00Z') }, [
      { day, started, closed: null },
    ]);
    expect([...monday.daily]).toEqual([['2026-03-30', { started: 12, closed: 0 }]]);
    expect([...monday.heat].sort()).toEqual([
      [100, 4],
      [101, 8],
    ]);
  });
});

describe('histogram percentiles', () => {
  it('bins values on a 1.25 log scale and reads the nearest-rank bin back within 12 %', () => {
    for (const s of [1, 2, 7, 59, 60, 61, 3599, 86_400]) {
      expect(Math.abs(binValue(binOf(s)) - s) / s).toBeLessThan(0.12);
    }
    expect(binOf(0)).toBe(0);
    expect(binOf(0.4)).toBe(0);
    const h: number[] = [];
    for (const s of [10, 20, 30, 40, 1000]) h[binOf(s)] = (h[binOf(s)] ?? 0) + 1;
    const full = Array.from(h, (x) => x ?? 0);
    expect(percentile(full, 0.5)).toBe(binValue(binOf(30)));
    expect(percentile(full, 0.9)).toBe(binValue(binOf(1000)));
    expect(percentile([], 0.5)).toBeNull();
  });
});
