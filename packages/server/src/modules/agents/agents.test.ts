import type { StaffRole } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { startTestParley, TEST_PASSWORD, type TestParley } from '../../test-support/harness.js';

describe('listing agents (GET /api/v1/agents)', () => {
  let p: TestParley;
  let admin: Api;
  const ids = new Map<string, string>();
  const names = (items: Array<{ name: string }>) => items.map((a) => a.name);

  const user = async (name: string, roles: StaffRole[], email = `${name.replace(/\W/g, '.')}@example.test`) => {
    const u = await p.users.create({ email: email.toLowerCase(), name, password: TEST_PASSWORD, roles }, 'system');
    ids.set(name, u.id);
    return u;
  };

  beforeAll(async () => {
    p = await startTestParley();
    admin = await p.admin();
    // Created out of order; one agent is also a manager, one is deactivated, one is no agent at all.
    await user('Quill Eve', ['agent']);
    await user('Quill Bob', ['agent', 'manager']);
    await user('Quill Dan', ['agent'], 'dan@helpdesk.test');
    await user('Quill Amy', ['agent']);
    await user('Quill Cid', ['agent']);
    const gone = await user('Quill Gus', ['agent']);
    expect((await admin.patch(`/api/v1/users/${gone.id}`, { active: false })).status).toBe(200);
    await user('Quill Fay', ['manager']);
  });
  afterAll(() => p.stop());

  it('answers every active agent by name with the total when no limit is given', async () => {
    const all = await admin.get('/api/v1/agents');
    expect(all.status).toBe(200);
    expect(names(all.body.items)).toEqual(['Quill Amy', 'Quill Bob', 'Quill Cid', 'Quill Dan', 'Quill Eve']);
    expect(all.body.total).toBe(5);
    expect(all.body.items[0]).toMatchObject({
      userId: ids.get('Quill Amy'),
      availability: 'unavailable',
      presence: 'offline',
      openChats: 0,
      departmentIds: [],
    });
  });

  it('pages: the slice asked for with the total of all agents, and an empty page past the end', async () => {
    const dept = await admin.post('/api/v1/departments', { name: 'Quills' });
    await admin.put(`/api/v1/departments/${dept.body.id}/agents`, { agents: [ids.get('Quill Dan')] });
    const first = await admin.get('/api/v1/agents?limit=2');
    expect(names(first.body.items)).toEqual(['Quill Amy', 'Quill Bob']);
    expect(first.body.total).toBe(5);
    const second = await admin.get('/api/v1/agents?limit=2&offset=2');
    expect(names(second.body.items)).toEqual(['Quill Cid', 'Quill Dan']);
    expect(second.body.total).toBe(5);
    // Each agent of a page still carries their departments.
    expect(second.body.items[1].departmentIds).toEqual([dept.body.id]);
    const last = await admin.get('/api/v1/agents?limit=2&offset=4');
    expect(names(last.body.items)).toEqual(['Quill Eve']);
    expect((await admin.get('/api/v1/agents?limit=2&offset=10')).body).toEqual({ items: [], total: 5 });
    expect(names((await admin.get('/api/v1/agents?offset=3')).body.items)).toEqual(['Quill Dan', 'Quill Eve']);
  });

  it('searches names, emails and usernames whatever the case; the total counts the matches', async () => {
    const byName = await admin.get('/api/v1/agents?search=QUILL%20C');
    expect(names(byName.body.items)).toEqual(['Quill Cid']);
    expect(byName.body.total).toBe(1);
    const byEmail = await admin.get('/api/v1/agents?search=helpdesk');
    expect(byEmail.body).toMatchObject({ items: [{ userId: ids.get('Quill Dan') }], total: 1 });
    // Deactivated agents and staff without the agent role are no match.
    expect((await admin.get('/api/v1/agents?search=gus')).body).toEqual({ items: [], total: 0 });
    expect((await admin.get('/api/v1/agents?search=fay')).body).toEqual({ items: [], total: 0 });
    const paged = await admin.get('/api/v1/agents?search=quill&limit=1&offset=1');
    expect(names(paged.body.items)).toEqual(['Quill Bob']);
    expect(paged.body.total).toBe(5);
  });

  it('is there for every staff role, agents included', async () => {
    const agent = (await p.staff(['agent'], { name: 'Quill Zed' })).api;
    const res = await agent.get('/api/v1/agents?search=quill&limit=500');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
  });

  it.each([
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=501', 'limit=501', 'query.limit'],
    ['limit=abc', 'limit=abc', 'query.limit'],
    ['offset=-1', 'offset=-1', 'query.offset'],
    ['a search of 101 characters', `search=${'q'.repeat(101)}`, 'query.search'],
    ['an unknown field', 'role=admin', 'query.role'],
  ])('refuses %s, naming the field', async (_, qs, field) => {
    const res = await admin.get(`/api/v1/agents?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
  });
});
