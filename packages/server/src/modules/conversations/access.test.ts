import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

/**
 * access.ts, the one staff rule: an agent reaches the conversations of their departments, the queue they
 * may see, those assigned to them and those they served; managers and admins reach all; monitors read and
 * never write.
 */
describe('staff reach only the conversations the access rule gives them', () => {
  let p: TestParley;
  let sales: string;
  let support: string;
  beforeAll(async () => {
    p = await startTestParley({ settings: { ...byHand, 'sessions.onHold.allowManual': true } });
    const admin = await p.admin();
    sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    support = (await admin.post('/api/v1/departments', { name: 'Support' })).body.id;
  });
  afterAll(() => p.stop());

  /** A sales chat taken by a sales agent, with a visitor file in it. */
  async function salesChat() {
    const insider = await p.onlineAgent({ departmentIds: [sales] });
    const v = await p.visitor({ departmentId: sales });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'my card is 4111' })).body;
    const id = conversation.id as string;
    const form = new FormData();
    form.append('file', new Blob(['invoice 123'], { type: 'text/plain' }), 'invoice.txt');
    const up = await fetch(`${await p.baseUrl()}/api/v1/widget/conversations/${id}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': v.token },
      body: form,
    });
    expect(up.status).toBe(201);
    const fileId = ((await up.json()) as { attachment: { id: string } }).attachment.id;
    const messageId = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items.find(
      (m: any) => m.text === 'my card is 4111',
    ).id as string;
    return { insider, v, id, fileId, messageId };
  }

  it('an agent of another department can neither read, list, follow, take nor change a chat', async () => {
    const { insider, id, fileId, messageId } = await salesChat();
    const outsider = await p.onlineAgent({ departmentIds: [support] });

    // While queued: invisible, and cannot be taken.
    expect((await outsider.api.get(`/api/v1/conversations/${id}`)).status).toBe(404);
    const take = await outsider.api.post(`/api/v1/conversations/${id}/take`);
    expect(take.status).toBe(404);
    expect(take.body.code).toBe('conversation.not-found');
    expect((await outsider.api.get('/api/v1/queue')).body.items.map((c: any) => c.id)).not.toContain(id);
    expect((await outsider.api.get('/api/v1/conversations')).body.items.map((c: any) => c.id)).not.toContain(id);
    expect((await insider.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);

    // Every conversation route, with a body that would be valid for the assignee.
    const bodies: Record<string, unknown> = {
      'POST /api/v1/conversations/:id/messages': { text: 'injected' },
      'POST /api/v1/conversations/:id/notes': { text: 'injected note @admin' },
      'PATCH /api/v1/conversations/:id/messages/:messageId': { text: 'changed' },
      'PATCH /api/v1/conversations/:id': { topic: 'hijacked' },
      'POST /api/v1/conversations/:id/transfer': { departmentId: support },
      'POST /api/v1/conversations/:id/transcript': { email: 'thief@example.test' },
      'POST /api/v1/conversations/:id/close': {},
    };
    const routes = p.routes.filter((r) => r.path.startsWith('/api/v1/conversations/:id'));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const url = r.path.replace(':id', id).replace(':messageId', messageId).replace(':fileId', fileId);
      let res;
      if (r.upload) {
        const form = new FormData();
        form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
        const f = await fetch(`${await p.baseUrl()}${url}`, {
          method: 'POST',
          headers: { cookie: outsider.cookie },
          body: form,
        });
        res = { status: f.status, body: (await f.json()) as any };
      } else {
        res = await outsider.api.request(r.method, url, bodies[key]);
      }
      // A route agents may never use (an admin's delete) refuses by role, before any conversation is looked at.
      const roles = (r.access as { roles?: readonly string[] }).roles;
      if (roles && !roles.includes('agent')) {
        expect(res.status, `${key} → ${JSON.stringify(res.body)}`).toBe(403);
        expect(res.body.code, key).toBe('auth.forbidden');
        continue;
      }
      expect(res.status, `${key} → ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body.code, key).toBe('conversation.not-found');
      expect(JSON.stringify(res.body)).not.toContain('4111');
    }

    // Over the WebSocket: no replay, no live frames, no typing.
    outsider.ws.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    expect(await outsider.ws.next((f) => f.type === 'error')).toMatchObject({ code: 'conversation.not-found' });
    const before = outsider.ws.frames.length;
    outsider.ws.send({ type: 'typing', conversationId: id, typing: true });
    expect(await outsider.ws.next((f) => f.type === 'error', before)).toMatchObject({
      code: 'conversation.not-found',
    });
    await insider.api.post(`/api/v1/conversations/${id}/messages`, { text: 'live secret' });
    await p.settle();
    outsider.ws.send({ type: 'ping' });
    await outsider.ws.next((f) => f.type === 'pong');
    expect(outsider.ws.frames.filter((f) => f.type === 'message.created' || f.type === 'typing')).toEqual([]);

    // Nothing changed.
    const view = (await insider.api.get(`/api/v1/conversations/${id}`)).body;
    expect(view).toMatchObject({ status: 'open', topic: '', agent: { id: insider.userId } });
    const texts = (await insider.api.get(`/api/v1/conversations/${id}/messages`)).body.items.map((m: any) => m.text);
    expect(texts).not.toContain('injected');
    expect(texts).toContain('my card is 4111');
    await insider.ws.close();
    await outsider.ws.close();
  });

  it('a colleague of the department reads and follows but only the assignee acts', async () => {
    const { insider, id } = await salesChat();
    await insider.api.post(`/api/v1/conversations/${id}/take`);
    const colleague = await p.onlineAgent({ departmentIds: [sales] });
    expect((await colleague.api.get(`/api/v1/conversations/${id}`)).status).toBe(200);
    expect((await colleague.api.get('/api/v1/conversations')).body.items.map((c: any) => c.id)).toContain(id);
    colleague.ws.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await colleague.ws.next((f) => f.type === 'subscribed' && (f as any).id === id);
    expect(colleague.ws.messages(id).map((f) => f.message.text)).toContain('my card is 4111');
    const send = await colleague.api.post(`/api/v1/conversations/${id}/messages`, { text: 'not mine' });
    expect(send.status).toBe(403);
    expect(send.body.code).toBe('conversation.not-assigned-to-you');
    expect((await colleague.api.patch(`/api/v1/conversations/${id}`, { topic: 'x' })).status).toBe(403);
    expect((await colleague.api.post(`/api/v1/conversations/${id}/close`, {})).status).toBe(403);
    expect((await colleague.api.post(`/api/v1/conversations/${id}/hold`)).body.code).toBe(
      'conversation.not-assigned-to-you',
    );
    // Who lost the race for a chat of their own queue is told it was taken.
    expect((await colleague.api.post(`/api/v1/conversations/${id}/take`)).body.code).toBe('conversation.already-taken');
    await insider.ws.close();
    await colleague.ws.close();
  });

  it('an agent keeps reading what they served after it moved to another department', async () => {
    const { insider, id } = await salesChat();
    await insider.api.post(`/api/v1/conversations/${id}/take`);
    const moved = await insider.api.post(`/api/v1/conversations/${id}/transfer`, { departmentId: support });
    expect(moved.status).toBe(200);
    await p.departments.setAgents(sales, [], { kind: 'anonymous' });
    expect((await insider.api.get(`/api/v1/conversations/${id}`)).status).toBe(200);
    expect((await insider.api.get('/api/v1/conversations')).body.items.map((c: any) => c.id)).toContain(id);
    // ... but cannot take it back from another department's queue.
    expect((await insider.api.post(`/api/v1/conversations/${id}/take`)).body.code).toBe(
      'conversation.not-in-your-department',
    );
    await insider.ws.close();
  });

  it('showQueueToAllAgents shows other departments’ queue, and still only members take', async () => {
    const admin = await p.admin();
    const { insider, id } = await salesChat();
    const outsider = await p.onlineAgent({ departmentIds: [support] });
    await admin.patch('/api/v1/settings', { 'routing.showQueueToAllAgents': true });
    try {
      expect((await outsider.api.get(`/api/v1/conversations/${id}`)).status).toBe(200);
      expect((await outsider.api.get('/api/v1/queue')).body.items.map((c: any) => c.id)).toContain(id);
      const take = await outsider.api.post(`/api/v1/conversations/${id}/take`);
      expect(take.status).toBe(403);
      expect(take.body.code).toBe('conversation.not-in-your-department');
      await insider.api.post(`/api/v1/conversations/${id}/take`);
      // Once taken it is no longer in the shared queue: out of the outsider's reach again.
      expect((await outsider.api.get(`/api/v1/conversations/${id}`)).status).toBe(404);
    } finally {
      await admin.patch('/api/v1/settings', { 'routing.showQueueToAllAgents': false });
    }
    await insider.ws.close();
    await outsider.ws.close();
  });

  it('monitors read every conversation and never write; managers act on all', async () => {
    const { insider, id } = await salesChat();
    await insider.api.post(`/api/v1/conversations/${id}/take`);
    const monitor = await p.staff(['monitor']);
    expect((await monitor.api.get(`/api/v1/conversations/${id}`)).status).toBe(200);
    expect((await monitor.api.get('/api/v1/conversations')).body.items.map((c: any) => c.id)).toContain(id);
    for (const [method, path, body] of [
      ['POST', `/api/v1/conversations/${id}/messages`, { text: 'monitor says' }],
      ['PATCH', `/api/v1/conversations/${id}`, { topic: 'x' }],
      ['POST', `/api/v1/conversations/${id}/close`, {}],
      ['POST', `/api/v1/conversations/${id}/take`, undefined],
      ['POST', `/api/v1/conversations/${id}/transcript`, { email: 'a@example.test' }],
    ] as const) {
      const r = await monitor.api.request(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    const ws = await WsClient.connect(await p.baseUrl(), { cookie: monitor.api.headers.cookie! });
    ws.send({ type: 'typing', conversationId: id, typing: true });
    expect(await ws.next((f) => f.type === 'error')).toMatchObject({ code: 'conversation.not-assigned-to-you' });
    await ws.close();
    const manager = await p.staff(['manager']);
    expect((await manager.api.patch(`/api/v1/conversations/${id}`, { topic: 'Refund' })).body.topic).toBe('Refund');
    await insider.ws.close();
  });
});
