import type { ServerFrame } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

const previews = (ws: WsClient) =>
  ws.frames.filter((f): f is Extract<ServerFrame, { type: 'typing.preview' }> => f.type === 'typing.preview');

/**
 * `livechat.typingPreview` (issue 18, item 10): a privacy choice, off by default. On, the visitor's draft
 * reaches the staff following the conversation and nobody else; off, the server drops it whatever a
 * client sends. Never stored.
 */
describe('the typing preview', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: byHand });
  });
  afterAll(() => p.stop());

  it('reaches staff following the chat only while the setting is on; the visitor alone sends it; nothing is stored', async () => {
    const admin = await p.admin();
    const base = await p.baseUrl();
    const agent = await p.onlineAgent();
    const v = await p.visitor();
    const id: string = (await v.api.post('/api/v1/widget/conversations', { text: 'Hello' })).body.conversation.id;
    await p.settle();
    expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
    await p.settle();
    agent.ws.send({ type: 'subscribe', topic: 'conversation', id });
    await agent.ws.next((f) => f.type === 'subscribed' && f.topic === 'conversation');
    const vws = await WsClient.connect(base, { visitorToken: v.token });
    vws.send({ type: 'subscribe', topic: 'conversation', id });
    await vws.next((f) => f.type === 'subscribed' && f.topic === 'conversation');
    // Another visitor may not write a draft into this chat.
    const stranger = await p.visitor();
    const sws = await WsClient.connect(base, { visitorToken: stranger.token });

    // Off (the default): dropped. The typing signal sent after it arrives; the draft never did.
    expect(p.settings.get('livechat.typingPreview')).toBe(false);
    vws.send({ type: 'typing.preview', conversationId: id, text: 'my card number is' });
    vws.send({ type: 'typing', conversationId: id, typing: true });
    await agent.ws.next((f) => f.type === 'typing' && f.author.type === 'visitor');
    expect(previews(agent.ws)).toEqual([]);

    // On: the agent sees the draft as it is written, and its clearing; the visitor does not get it back.
    await admin.patch('/api/v1/settings', { 'livechat.typingPreview': true });
    await p.settle();
    vws.send({ type: 'typing.preview', conversationId: id, text: 'Where is my ord' });
    await agent.ws.next((f) => f.type === 'typing.preview' && f.text === 'Where is my ord');
    vws.send({ type: 'typing.preview', conversationId: id, text: '' });
    await agent.ws.next((f) => f.type === 'typing.preview' && f.text === '');
    expect(previews(agent.ws).every((f) => f.conversationId === id)).toBe(true);
    expect(previews(vws)).toEqual([]);

    // Staff do not send one; a stranger's is refused and reaches nobody.
    agent.ws.send({ type: 'typing.preview', conversationId: id, text: 'agent draft' });
    await agent.ws.next((f) => f.type === 'error' && f.code === 'auth.forbidden');
    sws.send({ type: 'typing.preview', conversationId: id, text: 'not mine' });
    await sws.next((f) => f.type === 'error');
    vws.send({ type: 'typing', conversationId: id, typing: false });
    await agent.ws.next((f) => f.type === 'typing' && !f.typing);
    expect(previews(agent.ws).map((f) => f.text)).toEqual(['Where is my ord', '']);

    // Off again: dropped again.
    await admin.patch('/api/v1/settings', { 'livechat.typingPreview': false });
    await p.settle();
    const n = agent.ws.frames.length;
    vws.send({ type: 'typing.preview', conversationId: id, text: 'after off' });
    vws.send({ type: 'typing', conversationId: id, typing: true });
    await agent.ws.next((f) => f.type === 'typing' && f.typing, n);
    expect(previews(agent.ws).map((f) => f.text)).toEqual(['Where is my ord', '']);

    // Never stored.
    const stored = (await agent.api.get(`/api/v1/conversations/${id}/messages`)).body.items as Array<{ text: string }>;
    expect(stored.map((m) => m.text)).toContain('Hello');
    for (const draft of ['my card number is', 'Where is my ord', 'after off', 'agent draft', 'not mine'])
      expect(JSON.stringify(stored)).not.toContain(draft);
    await Promise.all([vws.close(), sws.close()]);
  });
});
