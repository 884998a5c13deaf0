import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

describe('listing custom fields (GET /api/v1/custom-fields)', () => {
  let p: TestParley;
  let admin: Api;
  // Created out of order: the list is by position, then key.
  const fields: Array<{ id: string; label: string; scope: 'visitor' | 'conversation'; position: number }> = [
    { id: 'zeta', label: 'Account tier', scope: 'visitor', position: 3 },
    { id: 'company', label: 'Company', scope: 'visitor', position: 1 },
    { id: 'orderRef', label: 'Order reference', scope: 'conversation', position: 2 },
    { id: 'alpha', label: 'Phone', scope: 'visitor', position: 3 },
    { id: 'topic', label: 'Topic', scope: 'conversation', position: 0 },
    { id: 'accountId', label: 'Customer number', scope: 'conversation', position: 5 },
  ];
  const ordered = ['topic', 'company', 'orderRef', 'alpha', 'zeta', 'accountId'];
  const ids = (items: Array<{ id: string }>) => items.map((f) => f.id);

  beforeAll(async () => {
    p = await startTestParley();
    admin = await p.admin();
    for (const f of fields) expect((await admin.post('/api/v1/custom-fields', f)).status).toBe(201);
  });
  afterAll(() => p.stop());

  it('answers every definition by position, then key, with the total when no limit is given', async () => {
    const all = await admin.get('/api/v1/custom-fields');
    expect(all.status).toBe(200);
    expect(ids(all.body.items)).toEqual(ordered);
    expect(all.body.total).toBe(6);
    expect(all.body.items[1]).toMatchObject({ id: 'company', label: 'Company', scope: 'visitor', position: 1 });
    // One scope (the widget's form, the agents' side panel), read by agents too.
    const agent = (await p.staff(['agent'])).api;
    const visitor = await agent.get('/api/v1/custom-fields?scope=visitor');
    expect(ids(visitor.body.items)).toEqual(['company', 'alpha', 'zeta']);
    expect(visitor.body.total).toBe(3);
  });

  it('pages: the slice asked for, the total of all matches, and an empty page past the end', async () => {
    const first = await admin.get('/api/v1/custom-fields?limit=4');
    expect(ids(first.body.items)).toEqual(ordered.slice(0, 4));
    expect(first.body.total).toBe(6);
    const last = await admin.get('/api/v1/custom-fields?limit=4&offset=4');
    expect(ids(last.body.items)).toEqual(['zeta', 'accountId']);
    expect(last.body.total).toBe(6);
    expect((await admin.get('/api/v1/custom-fields?limit=4&offset=6')).body).toEqual({ items: [], total: 6 });
    expect(ids((await admin.get('/api/v1/custom-fields?offset=3')).body.items)).toEqual(ordered.slice(3));
    const scoped = await admin.get('/api/v1/custom-fields?scope=conversation&limit=2&offset=1');
    expect(ids(scoped.body.items)).toEqual(['orderRef', 'accountId']);
    expect(scoped.body.total).toBe(3);
  });

  it('searches labels and keys whatever the case, within the scope asked for', async () => {
    const found = await admin.get('/api/v1/custom-fields?search=ACCOUNT');
    expect(ids(found.body.items)).toEqual(['zeta', 'accountId']); // a label, then a key
    expect(found.body.total).toBe(2);
    const paged = await admin.get('/api/v1/custom-fields?search=R&limit=2&offset=1');
    expect(ids(paged.body.items)).toEqual(['zeta', 'accountId']);
    expect(paged.body.total).toBe(3);
    expect(ids((await admin.get('/api/v1/custom-fields?search=account&scope=visitor')).body.items)).toEqual(['zeta']);
    expect((await admin.get('/api/v1/custom-fields?search=%25')).body).toEqual({ items: [], total: 0 });
    expect((await admin.get('/api/v1/custom-fields?search=')).body.total).toBe(6);
  });

  it('sees a new definition, a change and a removal on the next page asked for', async () => {
    await admin.post('/api/v1/custom-fields', { id: 'first', label: 'First', scope: 'visitor', position: 0 });
    expect(ids((await admin.get('/api/v1/custom-fields?limit=2')).body.items)).toEqual(['first', 'topic']);
    await admin.patch('/api/v1/custom-fields/first', { label: 'Renamed', position: 9 });
    expect(ids((await admin.get('/api/v1/custom-fields?search=renamed')).body.items)).toEqual(['first']);
    expect(ids((await admin.get('/api/v1/custom-fields?offset=6')).body.items)).toEqual(['first']);
    expect((await admin.delete('/api/v1/custom-fields/first')).status).toBe(204);
    expect((await admin.get('/api/v1/custom-fields')).body.total).toBe(6);
  });

  it.each([
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=501', 'limit=501', 'query.limit'],
    ['limit=2.5', 'limit=2.5', 'query.limit'],
    ['offset=-1', 'offset=-1', 'query.offset'],
    ['offset=1000001', 'offset=1000001', 'query.offset'],
    ['a search of 101 characters', `search=${'a'.repeat(101)}`, 'query.search'],
    ['scope=agent', 'scope=agent', 'query.scope'],
    ['an unknown field', 'page=2', 'query.page'],
  ])('refuses %s, naming the field', async (_, qs, field) => {
    const res = await admin.get(`/api/v1/custom-fields?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
  });

  it('takes the limits at their edges', async () => {
    expect((await admin.get('/api/v1/custom-fields?limit=500&offset=1000000')).body).toEqual({ items: [], total: 6 });
    expect((await admin.get(`/api/v1/custom-fields?limit=1&search=${'a'.repeat(100)}`)).status).toBe(200);
  });
});

describe('custom-field formats (regex) on what visitors type', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('checks the format with a linear-time engine: a catastrophic pattern cannot freeze the server', async () => {
    const admin = await p.admin();
    const zip = await admin.post('/api/v1/custom-fields', {
      id: 'zip',
      label: 'Zip code',
      scope: 'visitor',
      visible: true,
      regex: '^[0-9]{5}$',
    });
    expect(zip.status).toBe(201);
    expect((await p.api.post('/api/v1/widget/visitors', { customFields: { zip: '12345' } })).status).toBe(201);
    const wrong = await p.api.post('/api/v1/widget/visitors', { customFields: { zip: 'abc' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('body.customFields.zip');

    // (a+)+$ against 40 a's and a "!" takes minutes with a backtracking RegExp; RE2 answers at once.
    const evil = await admin.post('/api/v1/custom-fields', {
      id: 'evil',
      label: 'Evil',
      scope: 'visitor',
      visible: true,
      regex: '(a+)+$',
    });
    expect(evil.status).toBe(201);
    const res = await p.api.post('/api/v1/widget/visitors', { customFields: { evil: `${'a'.repeat(40)}!` } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('body.customFields.evil');
    expect((await p.api.post('/api/v1/widget/visitors', { customFields: { evil: 'aaa' } })).status).toBe(201);
  });

  it('refuses at save a pattern the engine cannot run (backreferences, lookaround), naming the field', async () => {
    const admin = await p.admin();
    for (const regex of ['(a)\\1', '^(?=x)y', '([']) {
      const res = await admin.post('/api/v1/custom-fields', {
        id: `bad${regex.length}`,
        label: 'Bad',
        scope: 'visitor',
        regex,
      });
      expect(res.status, regex).toBe(400);
      expect(res.body.field).toBe('body.regex');
    }
  });
});
