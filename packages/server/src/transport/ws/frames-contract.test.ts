import { serverFrameSchema } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

/**
 * Every frame the server sends is exactly the shared contract: it parses with `serverFrameSchema` (no
 * frame type unknown to it, no field missing, renamed or of another type), and parsing dropped nothing
 * (zod objects strip the keys they do not know, so an extra field shows up as a difference). The web app
 * and the widget type what they receive with `ServerFrame`, inferred from that schema.
 */
function conform(ws: WsClient, who: string): void {
  for (const raw of ws.frames) {
    const parsed = serverFrameSchema.safeParse(raw);
    if (!parsed.success)
      throw new Error(
        `${who} got a frame that breaks the contract: ${JSON.stringify(raw)}\n${z.prettifyError(parsed.error)}`,
      );
    expect(parsed.data, `${who} got fields the contract does not have`).toEqual(raw);
  }
}

/** The schema's alternatives, nested unions opened (`subscribed` is one per kind of topic). */
function variants(schema: z.ZodType): z.ZodType[] {
  return schema instanceof z.ZodUnion ? schema.options.flatMap((o) => variants(o as z.ZodType)) : [schema];
}

describe('the WebSocket API sends exactly the frames of packages/shared', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({
      settings: { ...byHand, 'queue.waitingQueue.enabled': true, 'sessions.onHold.allowManual': true },
    });
  });
  afterAll(() => p.stop());

  it('through a whole chat: queue, take, messages, edits, typing, hold, presence, transfer, close, errors', async () => {
    const admin = await p.admin();
    const sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body;
    const base = await p.baseUrl();

    // Staff: an agent and a colleague watching their own chats; a manager watching the queue and presence,
    // signed in on the socket with an access token.
    const agent = await p.onlineAgent({ departmentIds: [sales.id], name: 'Alice Agent' });
    const other = await p.onlineAgent({ departmentIds: [sales.id], name: 'Bob Agent' });
    for (const a of [agent, other]) {
      a.ws.send({ type: 'subscribe', topic: 'my-conversations' });
      await a.ws.next((f) => f.type === 'subscribed' && f.topic === 'my-conversations');
    }
    const manager = await p.staff(['manager']);
    const token = (await manager.api.post('/api/v1/auth/tokens', { name: 'wallboard' })).body.token;
    const watcher = await WsClient.connect(base, { accessToken: token });
    watcher.send({ type: 'subscribe', topic: 'queue' });
    watcher.send({ type: 'subscribe', topic: 'presence' });
    await watcher.next((f) => f.type === 'subscribed' && f.topic === 'presence');
    // …and live monitoring (issue 21): each conversation and agent change.
    watcher.send({ type: 'subscribe', topic: 'monitoring' });
    await watcher.next((f) => f.type === 'subscribed' && f.topic === 'monitoring');

    // Two visitors start chats; they wait in the queue. Vera's socket replays her history; when the chat
    // ahead of hers is taken, she hears her new place (a push on change: deterministic, unlike the first).
    const ann = await p.visitor({ departmentId: sales.id });
    const ahead = (await ann.api.post('/api/v1/widget/conversations', { text: 'First!' })).body.conversation.id;
    p.fakeClock!.advance(1000);
    const v = await p.visitor({ name: 'Vera', departmentId: sales.id });
    const started = await v.api.post('/api/v1/widget/conversations', { text: 'Where is my order?', clientId: 'v1' });
    const id: string = started.body.conversation.id;
    await watcher.next((f) => f.type === 'conversation.updated' && f.conversation.id === id);
    const vws = await WsClient.connect(base, { visitorToken: v.token });
    vws.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await vws.next((f) => f.type === 'subscribed' && f.topic === 'conversation' && f.replayed > 0);
    await p.settle();
    expect((await agent.api.post(`/api/v1/conversations/${ahead}/take`)).status).toBe(200);
    await p.settle();
    await vws.next((f) => f.type === 'queue.position' && f.queue?.position === 1);

    // The agent takes hers and follows it; she leaves the queue.
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    await p.settle();
    await vws.next((f) => f.type === 'visitor.conversation.updated' && f.conversation.status === 'open');
    await vws.next((f) => f.type === 'queue.position' && f.queue === null);
    agent.ws.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await agent.ws.next((f) => f.type === 'subscribed' && f.topic === 'conversation');

    // Messages both ways, an edit, typing both ways.
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Let me check.', clientId: 'a1' });
    await vws.next((f) => f.type === 'message.created' && f.message.text === 'Let me check.');
    const sent = await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'Order 4', clientId: 'v2' });
    await v.api.patch(`/api/v1/widget/conversations/${id}/messages/${sent.body.id}`, { text: 'Order 42' });
    await agent.ws.next((f) => f.type === 'message.updated' && f.message.text === 'Order 42');
    vws.send({ type: 'typing', conversationId: id, typing: true });
    await agent.ws.next((f) => f.type === 'typing' && f.author.type === 'visitor');
    agent.ws.send({ type: 'typing', conversationId: id, typing: true });
    await vws.next((f) => f.type === 'typing' && f.author.type === 'agent');
    // The visitor's draft, with the typing preview on (issue 18, item 10).
    await admin.patch('/api/v1/settings', { 'livechat.typingPreview': true });
    await p.settle();
    vws.send({ type: 'typing.preview', conversationId: id, text: 'Order 42, please' });
    await agent.ws.next((f) => f.type === 'typing.preview' && f.text === 'Order 42, please');

    // On hold (after the agent wrote last) and back; the agent goes idle and comes back.
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'One moment, please.' });
    expect((await agent.api.post(`/api/v1/conversations/${id}/hold`)).body.status).toBe('on-hold');
    await vws.next((f) => f.type === 'visitor.conversation.updated' && f.conversation.status === 'on-hold');
    expect((await agent.api.post(`/api/v1/conversations/${id}/resume`)).body.status).toBe('open');
    agent.ws.send({ type: 'activity', idle: true });
    await watcher.next((f) => f.type === 'agent.status' && f.userId === agent.userId && f.presence === 'away');
    await watcher.next((f) => f.type === 'monitoring.agent' && f.userId === agent.userId && f.presence === 'away');
    const back = agent.ws.frames.length;
    agent.ws.send({ type: 'activity', idle: false });
    await agent.ws.next((f) => f.type === 'agent.status' && f.presence === 'online', back);

    // An internal note mentioning the colleague: they are notified on their socket (the visitor gets nothing).
    const bob = (await p.users.byId(other.userId))!.username;
    expect((await agent.api.post(`/api/v1/conversations/${id}/notes`, { text: `@${bob} VIP` })).status).toBe(201);
    await other.ws.next((f) => f.type === 'mention.created' && f.mention.conversationId === id);
    await agent.ws.next((f) => f.type === 'message.created' && f.message.kind === 'note');

    // Transferred to the colleague, who closes it.
    expect((await agent.api.post(`/api/v1/conversations/${id}/transfer`, { agentId: other.userId })).status).toBe(200);
    await other.ws.next((f) => f.type === 'conversation.updated' && f.conversation.agent?.id === other.userId);
    expect((await other.api.post(`/api/v1/conversations/${id}/close`, { comment: 'Sent' })).status).toBe(200);
    await vws.next((f) => f.type === 'visitor.conversation.updated' && f.conversation.status === 'closed');
    await agent.ws.next((f) => f.type === 'conversation.updated' && f.conversation.status === 'closed');

    // Business hours edited: staff sockets hear it (their workspace asks whether their departments are open).
    const hours = { name: 'Office', timeZone: 'UTC', days: { monday: [{ opens: '09:00', closes: '17:00' }] } };
    expect((await admin.post('/api/v1/business-hours', hours)).status).toBe(201);
    await agent.ws.next((f) => f.type === 'business-hours.changed');

    // A ping, a malformed frame, a topic visitors may not follow.
    vws.send({ type: 'ping' });
    await vws.next((f) => f.type === 'pong');
    vws.send({ type: 'subscribe', topic: 'queue' });
    await vws.next((f) => f.type === 'error' && f.code === 'auth.forbidden');
    agent.ws.send({ type: 'wave' });
    await agent.ws.next((f) => f.type === 'error' && f.code === 'request.invalid');

    const sockets = { agent: agent.ws, colleague: other.ws, manager: watcher, visitor: vws };
    for (const [who, ws] of Object.entries(sockets)) conform(ws, who);

    // The flow covers the whole contract: every frame type, and every kind of each.
    const got = Object.values(sockets).flatMap((ws) => ws.frames);
    const types = [...(serverFrameSchema._zod.propValues.type ?? [])].map(String).sort();
    expect([...new Set(got.map((f) => f.type))].sort(), 'frame types the flow received').toEqual(types);
    for (const variant of variants(serverFrameSchema)) {
      expect(
        got.some((f) => variant.safeParse(f).success),
        `no frame of ${JSON.stringify(variant.toJSONSchema())}`,
      ).toBe(true);
    }
    for (const ws of Object.values(sockets)) await ws.close();
  });
});
