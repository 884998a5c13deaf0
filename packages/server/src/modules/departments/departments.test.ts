import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

describe('listing departments (GET /api/v1/departments)', () => {
  let p: TestParley;
  let admin: Api;
  // Created out of order and in mixed case: the list sorts them by name, case aside.
  const names = ['Pg Zulu', 'pg alpha', 'Pg Echo', 'pg charlie', 'Pg Bravo', 'pg delta', 'Other desk'];
  const ids = new Map<string, string>();
  const names$ = (items: Array<{ name: string }>) => items.map((d) => d.name);

  beforeAll(async () => {
    p = await startTestParley();
    admin = await p.admin();
    for (const name of names) {
      const res = await admin.post('/api/v1/departments', { name });
      expect(res.status).toBe(201);
      ids.set(name, res.body.id);
    }
    expect((await admin.post(`/api/v1/departments/${ids.get('Pg Echo')}/archive`, {})).status).toBe(200);
  });
  afterAll(() => p.stop());

  it('answers every department by name with the total when no limit is given', async () => {
    const all = await admin.get('/api/v1/departments');
    expect(all.status).toBe(200);
    expect(names$(all.body.items)).toEqual(['Other desk', 'pg alpha', 'Pg Bravo', 'pg charlie', 'pg delta', 'Pg Zulu']);
    expect(all.body.total).toBe(6);
    const withArchived = await admin.get('/api/v1/departments?includeArchived=true');
    expect(names$(withArchived.body.items)).toEqual([
      'Other desk',
      'pg alpha',
      'Pg Bravo',
      'pg charlie',
      'pg delta',
      'Pg Echo',
      'Pg Zulu',
    ]);
    expect(withArchived.body.total).toBe(7);
    // Agents and other staff read it too (pickers).
    const agent = (await p.staff(['agent'])).api;
    expect((await agent.get('/api/v1/departments')).body.total).toBe(6);
  });

  it('pages: the slice asked for, the total of all matches, and an empty page past the end', async () => {
    const first = await admin.get('/api/v1/departments?limit=2&includeArchived=true');
    expect(names$(first.body.items)).toEqual(['Other desk', 'pg alpha']);
    expect(first.body.total).toBe(7);
    const second = await admin.get('/api/v1/departments?limit=2&offset=2&includeArchived=true');
    expect(names$(second.body.items)).toEqual(['Pg Bravo', 'pg charlie']);
    const last = await admin.get('/api/v1/departments?limit=2&offset=6&includeArchived=true');
    expect(names$(last.body.items)).toEqual(['Pg Zulu']);
    expect(last.body.total).toBe(7);
    const past = await admin.get('/api/v1/departments?limit=2&offset=40');
    expect(past.body).toEqual({ items: [], total: 6 });
    // An offset alone skips, then gives the rest.
    expect(names$((await admin.get('/api/v1/departments?offset=4')).body.items)).toEqual(['pg delta', 'Pg Zulu']);
    // Pages of the full list put together are the full list, each department once.
    const pages = [];
    for (let offset = 0; offset < 7; offset += 3) {
      pages.push(...(await admin.get(`/api/v1/departments?limit=3&offset=${offset}&includeArchived=true`)).body.items);
    }
    const whole = (await admin.get('/api/v1/departments?includeArchived=true')).body.items;
    expect(pages.map((d: { id: string }) => d.id)).toEqual(whole.map((d: { id: string }) => d.id));
    expect(new Set(pages.map((d: { id: string }) => d.id)).size).toBe(7);
  });

  it('searches names whatever the case, totals the matches, and keeps the archived ones out unless asked', async () => {
    const found = await admin.get('/api/v1/departments?search=PG%20&limit=3');
    expect(names$(found.body.items)).toEqual(['pg alpha', 'Pg Bravo', 'pg charlie']);
    expect(found.body.total).toBe(5);
    const echo = await admin.get('/api/v1/departments?search=echo');
    expect(echo.body).toEqual({ items: [], total: 0 });
    const archived = await admin.get('/api/v1/departments?search=echo&includeArchived=true');
    expect(names$(archived.body.items)).toEqual(['Pg Echo']);
    expect(archived.body.items[0]).toMatchObject({ id: ids.get('Pg Echo'), archived: true });
    // Wildcards mean nothing special: only the name's text counts.
    expect((await admin.get('/api/v1/departments?search=%25')).body.total).toBe(0);
    expect((await admin.get('/api/v1/departments?search=')).body.total).toBe(6);
  });

  it('sees a new department, a rename and an archive on the next page asked for', async () => {
    const created = await admin.post('/api/v1/departments', { name: 'pg aardvark' });
    expect(names$((await admin.get('/api/v1/departments?search=pg&limit=1')).body.items)).toEqual(['pg aardvark']);
    await admin.patch(`/api/v1/departments/${created.body.id}`, { name: 'pg zz' });
    const renamed = await admin.get('/api/v1/departments?search=pg&limit=2&offset=4');
    expect(names$(renamed.body.items)).toEqual(['Pg Zulu', 'pg zz']);
    expect(renamed.body.total).toBe(6);
    await admin.post(`/api/v1/departments/${created.body.id}/archive`, {});
    expect((await admin.get('/api/v1/departments?search=pg')).body.total).toBe(5);
  });

  it.each([
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=501', 'limit=501', 'query.limit'],
    ['limit=2.5', 'limit=2.5', 'query.limit'],
    ['limit=ten', 'limit=ten', 'query.limit'],
    ['offset=-1', 'offset=-1', 'query.offset'],
    ['offset=1000001', 'offset=1000001', 'query.offset'],
    ['a search of 101 characters', `search=${'a'.repeat(101)}`, 'query.search'],
    ['includeArchived=yes', 'includeArchived=yes', 'query.includeArchived'],
    ['an unknown field', 'page=2', 'query.page'],
  ])('refuses %s, naming the field', async (_, qs, field) => {
    const res = await admin.get(`/api/v1/departments?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
  });

  it('takes the limits at their edges', async () => {
    expect((await admin.get('/api/v1/departments?limit=500&offset=1000000')).body).toEqual({ items: [], total: 6 });
    expect((await admin.get(`/api/v1/departments?limit=1&search=${'a'.repeat(100)}`)).status).toBe(200);
  });
});
