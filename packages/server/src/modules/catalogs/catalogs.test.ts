import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

const names$ = (items: Array<{ name: string }>) => items.map((x) => x.name);

describe('listing priorities (GET /api/v1/priorities)', () => {
  let p: TestParley;
  let admin: Api;
  // Five come with every workspace (Highest 1 … Lowest 5). These are created out of order, some sharing a weight.
  const created: Array<[string, number]> = [
    ['Pz later', 7],
    ['pz Blocker', 6],
    ['Pz alpha', 6],
    ['pz 100%', 9],
    ['Pz Backlog', 8],
  ];
  const seeded = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
  const ordered = [...seeded, 'Pz alpha', 'pz Blocker', 'Pz later', 'Pz Backlog', 'pz 100%'];

  beforeAll(async () => {
    p = await startTestParley();
    admin = await p.admin();
    for (const [name, weight] of created) {
      expect((await admin.post('/api/v1/priorities', { name, weight })).status).toBe(201);
    }
  });
  afterAll(() => p.stop());

  it('answers every priority by weight, then name, with the total when no limit is given', async () => {
    const all = await admin.get('/api/v1/priorities');
    expect(all.status).toBe(200);
    expect(names$(all.body.items)).toEqual(ordered);
    expect(all.body.total).toBe(10);
    expect(all.body.items[5]).toMatchObject({ name: 'Pz alpha', weight: 6 });
    // Agents read it too (the conversation's priority picker).
    const agent = (await p.staff(['agent'])).api;
    expect((await agent.get('/api/v1/priorities')).body.total).toBe(10);
  });

  it('pages: the slice asked for, the total of all matches, and an empty page past the end', async () => {
    const first = await admin.get('/api/v1/priorities?limit=4');
    expect(names$(first.body.items)).toEqual(ordered.slice(0, 4));
    expect(first.body.total).toBe(10);
    const second = await admin.get('/api/v1/priorities?limit=4&offset=4');
    expect(names$(second.body.items)).toEqual(['Lowest', 'Pz alpha', 'pz Blocker', 'Pz later']);
    const last = await admin.get('/api/v1/priorities?limit=4&offset=8');
    expect(names$(last.body.items)).toEqual(['Pz Backlog', 'pz 100%']);
    expect(last.body.total).toBe(10);
    expect((await admin.get('/api/v1/priorities?limit=4&offset=40')).body).toEqual({ items: [], total: 10 });
    // An offset alone skips, then gives the rest.
    expect(names$((await admin.get('/api/v1/priorities?offset=7')).body.items)).toEqual(ordered.slice(7));
  });

  it('searches names whatever the case and totals the matches; wildcards are plain text', async () => {
    const found = await admin.get('/api/v1/priorities?search=PZ%20B&limit=1');
    expect(names$(found.body.items)).toEqual(['pz Blocker']);
    expect(found.body.total).toBe(2);
    expect(names$((await admin.get('/api/v1/priorities?search=high')).body.items)).toEqual(['Highest', 'High']);
    expect(names$((await admin.get('/api/v1/priorities?search=%25')).body.items)).toEqual(['pz 100%']);
    expect((await admin.get('/api/v1/priorities?search=_')).body).toEqual({ items: [], total: 0 });
    expect((await admin.get('/api/v1/priorities?search=')).body.total).toBe(10);
  });

  it('sees a change of weight and a removal on the next page asked for', async () => {
    const later = (await admin.get('/api/v1/priorities?search=later')).body.items[0];
    expect((await admin.put(`/api/v1/priorities/${later.id}`, { name: 'Pz later', weight: 1 })).status).toBe(200);
    expect(names$((await admin.get('/api/v1/priorities?limit=2')).body.items)).toEqual(['Highest', 'Pz later']);
    expect((await admin.delete(`/api/v1/priorities/${later.id}`)).status).toBe(204);
    expect((await admin.get('/api/v1/priorities?search=pz')).body.total).toBe(4);
  });

  it.each([
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=501', 'limit=501', 'query.limit'],
    ['limit=2.5', 'limit=2.5', 'query.limit'],
    ['offset=-1', 'offset=-1', 'query.offset'],
    ['offset=1000001', 'offset=1000001', 'query.offset'],
    ['a search of 101 characters', `search=${'a'.repeat(101)}`, 'query.search'],
    ['an unknown field', 'page=2', 'query.page'],
  ])('refuses %s, naming the field', async (_, qs, field) => {
    const res = await admin.get(`/api/v1/priorities?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
  });

  it('takes the limits at their edges', async () => {
    expect((await admin.get('/api/v1/priorities?limit=500&offset=1000000')).body).toEqual({ items: [], total: 9 });
    expect((await admin.get(`/api/v1/priorities?limit=1&search=${'a'.repeat(100)}`)).status).toBe(200);
  });
});

describe('listing SLA policies (GET /api/v1/sla-policies)', () => {
  let p: TestParley;
  let admin: Api;
  const created: Array<[string, number]> = [
    ['Sz day', 1440],
    ['sz Quick', 15],
    ['Sz hour', 60],
    ['sz Half hour', 30],
    ['Sz asap', 15],
    ['Other policy', 240],
  ];
  const ordered = ['Sz asap', 'sz Quick', 'sz Half hour', 'Sz hour', 'Other policy', 'Sz day'];

  beforeAll(async () => {
    p = await startTestParley();
    admin = await p.admin();
    for (const [name, dueMinutes] of created) {
      const res = await admin.post('/api/v1/sla-policies', { name, dueMinutes, description: `${name} policy` });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => p.stop());

  it('answers every policy by due time, then name, with the total when no limit is given', async () => {
    const all = await admin.get('/api/v1/sla-policies');
    expect(all.status).toBe(200);
    expect(names$(all.body.items)).toEqual(ordered);
    expect(all.body.total).toBe(6);
    expect(all.body.items[0]).toMatchObject({ name: 'Sz asap', dueMinutes: 15, description: 'Sz asap policy' });
    const agent = (await p.staff(['agent'])).api;
    expect((await agent.get('/api/v1/sla-policies')).body.total).toBe(6);
  });

  it('pages: the slice asked for, the total of all matches, and an empty page past the end', async () => {
    const first = await admin.get('/api/v1/sla-policies?limit=4');
    expect(names$(first.body.items)).toEqual(ordered.slice(0, 4));
    expect(first.body.total).toBe(6);
    const last = await admin.get('/api/v1/sla-policies?limit=4&offset=4');
    expect(names$(last.body.items)).toEqual(['Other policy', 'Sz day']);
    expect(last.body.total).toBe(6);
    expect((await admin.get('/api/v1/sla-policies?limit=4&offset=6')).body).toEqual({ items: [], total: 6 });
    expect(names$((await admin.get('/api/v1/sla-policies?offset=5')).body.items)).toEqual(['Sz day']);
  });

  it('searches names (not descriptions) whatever the case and totals the matches', async () => {
    const found = await admin.get('/api/v1/sla-policies?search=SZ%20&limit=2&offset=1');
    expect(names$(found.body.items)).toEqual(['sz Quick', 'sz Half hour']);
    expect(found.body.total).toBe(5);
    expect(names$((await admin.get('/api/v1/sla-policies?search=HOUR')).body.items)).toEqual([
      'sz Half hour',
      'Sz hour',
    ]);
    expect((await admin.get('/api/v1/sla-policies?search=policy')).body.total).toBe(1);
    expect((await admin.get('/api/v1/sla-policies?search=%25')).body).toEqual({ items: [], total: 0 });
  });

  it.each([
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=501', 'limit=501', 'query.limit'],
    ['limit=ten', 'limit=ten', 'query.limit'],
    ['offset=-1', 'offset=-1', 'query.offset'],
    ['a search of 101 characters', `search=${'s'.repeat(101)}`, 'query.search'],
    ['an unknown field', 'sort=name', 'query.sort'],
  ])('refuses %s, naming the field', async (_, qs, field) => {
    const res = await admin.get(`/api/v1/sla-policies?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
  });
});
