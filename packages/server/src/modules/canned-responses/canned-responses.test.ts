import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../test-support/api.js';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';

const shortcuts = (items: Array<{ shortcut: string }>) => items.map((x) => x.shortcut);

describe('canned responses: scopes, who keeps and who uses which (/api/v1/canned-responses)', () => {
  let p: TestParley;
  let admin: Api;
  let sales: { id: string };
  let support: { id: string };
  let agent: { api: Api; userId: string };
  let other: { api: Api; userId: string };

  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
    admin = await p.admin();
    sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body;
    support = (await admin.post('/api/v1/departments', { name: 'Support' })).body;
    agent = await p.staff(['agent'], { name: 'Ada Agent' });
    other = await p.staff(['agent']);
    await admin.put(`/api/v1/departments/${sales.id}/agents`, { agents: [agent.userId] });
    await admin.put(`/api/v1/departments/${support.id}/agents`, { agents: [other.userId] });
    const made = [
      await admin.post('/api/v1/canned-responses', {
        scope: 'global',
        shortcut: 'hello',
        text: 'Hi {{visitor.name}}!',
      }),
      await admin.post('/api/v1/canned-responses', {
        scope: 'department',
        departmentId: sales.id,
        shortcut: 'price',
        text: 'Our prices start at 10 EUR',
        tags: ['billing'],
      }),
      await admin.post('/api/v1/canned-responses', {
        scope: 'department',
        departmentId: support.id,
        shortcut: 'reset',
        text: 'Reset your password from the sign-in page',
      }),
      await agent.api.post('/api/v1/canned-responses', { shortcut: 'bye', text: 'Bye from {{agent.name}}' }),
      await other.api.post('/api/v1/canned-responses', { shortcut: 'later', text: 'Talk later' }),
    ];
    for (const r of made) expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
  afterAll(() => p.stop());

  it('an agent lists what they may use: global, their departments’, their own personal ones', async () => {
    const mine = await agent.api.get('/api/v1/canned-responses');
    expect(mine.status).toBe(200);
    expect(shortcuts(mine.body.items)).toEqual(['bye', 'hello', 'price']);
    expect(mine.body.total).toBe(3);
    expect(mine.body.items[0]).toMatchObject({ scope: 'personal', ownerId: agent.userId, departmentId: null });
    expect(shortcuts((await other.api.get('/api/v1/canned-responses')).body.items)).toEqual([
      'hello',
      'later',
      'reset',
    ]);
  });

  it('admins see every scope, and only what they may use with usable=true; pages and filters by scope', async () => {
    const all = await admin.get('/api/v1/canned-responses');
    expect(shortcuts(all.body.items)).toEqual(['bye', 'hello', 'later', 'price', 'reset']);
    expect(shortcuts((await admin.get('/api/v1/canned-responses?usable=true')).body.items)).toEqual(['hello']);
    const page = await admin.get('/api/v1/canned-responses?limit=2&offset=2');
    expect(shortcuts(page.body.items)).toEqual(['later', 'price']);
    expect(page.body.total).toBe(5);
    const personal = await admin.get('/api/v1/canned-responses?scope=personal');
    expect(shortcuts(personal.body.items)).toEqual(['bye', 'later']);
  });

  it('searches shortcut, text and tags whatever the case, within what the caller may see', async () => {
    const q = async (api: Api, s: string) =>
      shortcuts((await api.get(`/api/v1/canned-responses?search=${encodeURIComponent(s)}`)).body.items);
    expect(await q(agent.api, 'HEL')).toEqual(['hello']);
    expect(await q(agent.api, 'eur')).toEqual(['price']);
    expect(await q(agent.api, 'Billing')).toEqual(['price']);
    expect(await q(agent.api, 'password')).toEqual([]); // Support's, not theirs
    expect(await q(admin, 'password')).toEqual(['reset']);
    expect(await q(admin, '%')).toEqual([]); // a wildcard is plain text
  });

  it('an agent reads global and department ones but keeps only personal ones of their own', async () => {
    const list = (await admin.get('/api/v1/canned-responses')).body.items as Array<{ id: string; shortcut: string }>;
    const id = (s: string) => list.find((x) => x.shortcut === s)!.id;
    const put = { shortcut: 'x', text: 'changed' };
    expect((await agent.api.get(`/api/v1/canned-responses/${id('hello')}`)).status).toBe(200);
    expect(
      (await agent.api.put(`/api/v1/canned-responses/${id('hello')}`, { ...put, scope: 'global' })).body.code,
    ).toBe('auth.forbidden');
    expect((await agent.api.delete(`/api/v1/canned-responses/${id('price')}`)).body.code).toBe('auth.forbidden');
    // Another department's and another agent's look like they do not exist.
    expect((await agent.api.get(`/api/v1/canned-responses/${id('reset')}`)).body.code).toBe(
      'canned-response.not-found',
    );
    expect((await agent.api.delete(`/api/v1/canned-responses/${id('later')}`)).status).toBe(404);
    const global = await agent.api.post('/api/v1/canned-responses', { scope: 'global', shortcut: 'g', text: 'x' });
    expect(global.status).toBe(403);
    expect(global.body.field).toBe('body.scope');
    const forOther = await agent.api.post('/api/v1/canned-responses', {
      ownerId: other.userId,
      shortcut: 'o',
      text: 'x',
    });
    expect(forOther.body).toMatchObject({ code: 'auth.forbidden', field: 'body.ownerId' });
    // Their own: changed, then deleted.
    const changed = await agent.api.put(`/api/v1/canned-responses/${id('bye')}`, { shortcut: 'bye', text: 'See you' });
    expect(changed.body).toMatchObject({ scope: 'personal', ownerId: agent.userId, text: 'See you' });
    const temp = (await agent.api.post('/api/v1/canned-responses', { shortcut: 'temp', text: 't' })).body;
    expect((await agent.api.delete(`/api/v1/canned-responses/${temp.id}`)).status).toBe(204);
    expect((await agent.api.get(`/api/v1/canned-responses/${temp.id}`)).status).toBe(404);
    // A manager changes anyone's.
    const manager = (await p.staff(['manager'])).api;
    const edited = await manager.put(`/api/v1/canned-responses/${id('later')}`, {
      scope: 'personal',
      ownerId: other.userId,
      shortcut: 'later',
      text: 'Talk soon',
    });
    expect(edited.body).toMatchObject({ ownerId: other.userId, text: 'Talk soon' });
  });

  it('validates the shortcut (one word, ≤ 40) and text (≤ 10k); a shortcut is unique per owner, case aside', async () => {
    const post = (body: Record<string, unknown>, api = agent.api) => api.post('/api/v1/canned-responses', body);
    expect((await post({ shortcut: 'two words', text: 'x' })).body).toMatchObject({
      code: 'request.invalid',
      field: 'body.shortcut',
    });
    expect((await post({ shortcut: 'a'.repeat(41), text: 'x' })).body.field).toBe('body.shortcut');
    expect((await post({ shortcut: 'a'.repeat(40), text: 'x' })).status).toBe(201);
    expect((await post({ shortcut: 'long', text: 'x'.repeat(10_001) })).body.field).toBe('body.text');
    expect((await post({ shortcut: 'dept', scope: 'department', text: 'x' }, admin)).body.field).toBe(
      'body.departmentId',
    );
    const taken = await post({ shortcut: 'BYE', text: 'again' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'canned-response.shortcut-taken', field: 'body.shortcut' });
    // The same shortcut in another owner's scope is fine.
    expect((await post({ shortcut: 'bye', text: 'mine too' }, other.api)).status).toBe(201);
    expect((await post({ scope: 'global', shortcut: 'BYE', text: 'global' }, admin)).status).toBe(201);
    expect((await post({ scope: 'global', shortcut: 'Hello', text: 'dup' }, admin)).status).toBe(409);
  });

  it('fills placeholders for a conversation the agent may act on, and refuses others', async () => {
    const v = await p.visitor({ name: 'Vera Visitor', email: 'vera@example.test' });
    const started = await v.api.post('/api/v1/widget/conversations', { text: 'hi', departmentId: sales.id });
    const conversationId = started.body.conversation.id as string;
    const created = await admin.post('/api/v1/canned-responses', {
      scope: 'department',
      departmentId: sales.id,
      shortcut: 'full',
      text: 'Dear {{visitor.name}} ({{ visitor.email }}), {{agent.name}} of {{department.name}} on #{{conversation.id}} {{visitor.unknown}}',
    });
    const url = `/api/v1/canned-responses/${created.body.id}/render?conversationId=${conversationId}`;
    // Queued, not the agent's yet: they may read it but not write in it.
    expect((await agent.api.get(url)).body.code).toBe('conversation.not-assigned-to-you');
    expect((await agent.api.post(`/api/v1/conversations/${conversationId}/take`)).status).toBe(200);
    const rendered = await agent.api.get(url);
    expect(rendered.status).toBe(200);
    expect(rendered.body).toEqual({
      id: created.body.id,
      shortcut: 'full',
      text: `Dear Vera Visitor (vera@example.test), Ada Agent of Sales on #${conversationId} {{visitor.unknown}}`,
    });
    // The other agent can neither use Sales' response nor reach the conversation.
    const theirs = await other.api.get(url);
    expect(theirs.body.code).toBe('canned-response.not-found');
    const hello = (await other.api.get('/api/v1/canned-responses?search=hello')).body.items[0];
    const notTheirs = await other.api.get(
      `/api/v1/canned-responses/${hello.id}/render?conversationId=${conversationId}`,
    );
    expect(notTheirs.body).toMatchObject({ code: 'conversation.not-found', field: 'query.conversationId' });
  });
});

describe('cannedResponses.enabled = false turns the API off', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('answers canned-response.disabled on every call while off, and works again when back on', async () => {
    const admin = await p.admin();
    const agent = (await p.staff(['agent'])).api;
    const made = await agent.post('/api/v1/canned-responses', { shortcut: 'hi', text: 'Hello' });
    expect(made.status).toBe(201);
    expect(p.settings.isEnforced('cannedResponses.enabled')).toBe(true);

    expect((await admin.patch('/api/v1/settings', { 'cannedResponses.enabled': false })).status).toBe(200);
    const calls = [
      await agent.get('/api/v1/canned-responses'),
      await agent.get(`/api/v1/canned-responses/${made.body.id}`),
      await agent.post('/api/v1/canned-responses', { shortcut: 'x', text: 'y' }),
      await agent.put(`/api/v1/canned-responses/${made.body.id}`, { shortcut: 'hi', text: 'z' }),
      await agent.delete(`/api/v1/canned-responses/${made.body.id}`),
      await admin.get('/api/v1/canned-responses'),
    ];
    for (const r of calls) {
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('canned-response.disabled');
    }

    await admin.patch('/api/v1/settings', { 'cannedResponses.enabled': true });
    const back = await agent.get('/api/v1/canned-responses');
    expect(shortcuts(back.body.items)).toEqual(['hi']);
  });
});
