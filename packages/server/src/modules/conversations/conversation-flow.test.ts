import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

/**
 * The whole path over the real HTTP and WebSocket APIs: a visitor registers and writes, an agent
 * takes the conversation and replies, the visitor sees it live, edits, uploads, the agent transfers
 * to another department, the visitor closes; the history is complete and ordered.
 */
describe('a full conversation', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
  });
  afterAll(() => p.stop());

  it('works end to end, live, and keeps a complete ordered history', async () => {
    const admin = await p.admin();
    const sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body;
    const support = (await admin.post('/api/v1/departments', { name: 'Support' })).body;
    const agent = await p.onlineAgent({ departmentIds: [sales.id], name: 'Alice Agent' });
    await p.onlineAgent({ departmentIds: [support.id], name: 'Bob Agent' });

    const config = await p.api.get(`/api/v1/widget/config`);
    expect(config.status).toBe(200);
    expect(config.body.online).toBe(true);
    expect(config.body.departments.map((d: { name: string }) => d.name).sort()).toEqual(['Sales', 'Support']);

    const v = await p.visitor({ name: 'Vera Visitor', email: 'vera@example.test', departmentId: sales.id });
    const started = await v.api.post('/api/v1/widget/conversations', { text: 'Hello, I need help', clientId: 'c1' });
    expect(started.status).toBe(201);
    const conversationId: string = started.body.conversation.id;
    expect(started.body.conversation).toMatchObject({ status: 'queued', departmentId: sales.id, agent: null });

    const base = await p.baseUrl();
    const vws = await WsClient.connect(base, { visitorToken: v.token });
    vws.send({ type: 'subscribe', topic: 'conversation', id: conversationId, since: 0 });
    await vws.next((f) => f.type === 'subscribed' && f.topic === 'conversation' && f.id === conversationId);
    expect(vws.messages(conversationId).map((f: any) => f.message.text)).toEqual([
      'Conversation started',
      'Hello, I need help',
    ]);

    // The agent sees it in the queue and takes it.
    const queue = await agent.api.get('/api/v1/queue');
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(conversationId);
    const taken = await agent.api.post(`/api/v1/conversations/${conversationId}/take`);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'open', agent: { name: 'Alice Agent' } });
    await vws.next((f) => f.type === 'visitor.conversation.updated' && f.conversation.status === 'open');

    agent.ws.send({ type: 'subscribe', topic: 'conversation', id: conversationId, since: 0 });
    await agent.ws.next((f) => f.type === 'subscribed' && f.topic === 'conversation' && f.id === conversationId);

    // Agent replies; the visitor sees it live.
    const reply = await agent.api.post(`/api/v1/conversations/${conversationId}/messages`, {
      text: 'Hi Vera, how can I help?',
      clientId: 'a1',
    });
    expect(reply.status).toBe(201);
    const live = await vws.next((f) => f.type === 'message.created' && f.message.text === 'Hi Vera, how can I help?');
    expect(live).toMatchObject({ message: { author: { type: 'agent', name: 'Alice Agent' } } });

    // Typing reaches the other side.
    vws.send({ type: 'typing', conversationId, typing: true });
    await agent.ws.next((f) => f.type === 'typing' && f.conversationId === conversationId && f.typing);

    // The visitor writes, then edits it.
    const sent = await v.api.post(`/api/v1/widget/conversations/${conversationId}/messages`, {
      text: 'My order is late',
      clientId: 'c2',
    });
    expect(sent.status).toBe(201);
    await agent.ws.next((f) => f.type === 'message.created' && f.message.text === 'My order is late');
    const edited = await v.api.patch(`/api/v1/widget/conversations/${conversationId}/messages/${sent.body.id}`, {
      text: 'My order #42 is late',
    });
    expect(edited.status).toBe(200);
    await agent.ws.next((f) => f.type === 'message.updated' && f.message.text === 'My order #42 is late');
    const edits = await agent.api.get(`/api/v1/conversations/${conversationId}/messages/${sent.body.id}/edits`);
    expect(edits.body.items).toMatchObject([{ previousText: 'My order is late', action: 'edited' }]);

    // The visitor uploads a file; the agent downloads it.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = new FormData();
    form.append('text', 'screenshot');
    form.append('file', new Blob([png], { type: 'image/png' }), 'shot.png');
    const up = await fetch(`${base}/api/v1/widget/conversations/${conversationId}/files`, {
      method: 'POST',
      headers: { 'x-parley-visitor-token': v.token },
      body: form,
    });
    expect(up.status).toBe(201);
    const fileMsg = (await up.json()) as { attachment: { url: string; name: string } };
    expect(fileMsg.attachment.name).toBe('shot.png');
    const agentFile = await agent.ws.next((f) => f.type === 'message.created' && f.message.kind === 'file');
    const dl = await fetch(`${base}${(agentFile as any).message.attachment.url}`, {
      headers: { cookie: agent.cookie },
    });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(png);

    // Transfer to Support: back to its queue.
    const transferred = await agent.api.post(`/api/v1/conversations/${conversationId}/transfer`, {
      departmentId: support.id,
      comment: 'billing question',
    });
    expect(transferred.status).toBe(200);
    expect(transferred.body).toMatchObject({ status: 'queued', departmentId: support.id, agent: null });
    const history = await agent.api.get(`/api/v1/conversations/${conversationId}/transfers`);
    expect(history.body.items).toMatchObject([{ to: { departmentId: support.id }, comment: 'billing question' }]);

    // The visitor closes.
    const closed = await v.api.post(`/api/v1/widget/conversations/${conversationId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'visitor' });
    await vws.next((f) => f.type === 'visitor.conversation.updated' && f.conversation.status === 'closed');

    const all = await admin.get(`/api/v1/conversations/${conversationId}/messages?limit=500`);
    const texts = all.body.items.map((m: { kind: string; systemType: string | null; text: string }) =>
      m.kind === 'system' ? `[${m.systemType}]` : m.text,
    );
    expect(texts).toEqual([
      '[conversation-started]',
      'Hello, I need help',
      '[user-join]',
      'Hi Vera, how can I help?',
      'My order #42 is late',
      'screenshot',
      '[conversation-transferred]',
      '[user-leave]',
      '[conversation-finished]',
    ]);
    const seqs = all.body.items.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const found = await admin.get('/api/v1/conversations?q=VERA&status=closed');
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    expect((await admin.get('/api/v1/conversations?q=nobody-like-this')).body.items).toEqual([]);
    const final = await admin.get(`/api/v1/conversations/${conversationId}`);
    expect(final.body.metrics.firstResponseSeconds).not.toBeNull();
    expect(final.body.closedBy).toEqual({ type: 'visitor', id: v.visitorId });
    await vws.close();
  });
});
