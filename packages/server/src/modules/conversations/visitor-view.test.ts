import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

/** Visitor-facing system text is built from what the visitor may see, never from the staff text. */
describe('with livechat.showAgentInfo off the visitor never learns who the agent is', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ settings: { ...byHand, 'livechat.showAgentInfo': false } });
  });
  afterAll(() => p.stop());

  it('joins, transfers and closes say "an agent", and transfer or close comments stay with staff', async () => {
    const first = await p.onlineAgent({ name: 'Zelda Firstagent' });
    const second = await p.onlineAgent({ name: 'Yorick Secondagent' });
    const v = await p.visitor();
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body;
    const id = conversation.id as string;
    const live = await WsClient.connect(await p.baseUrl(), { visitorToken: v.token });
    live.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await live.next((f) => f.type === 'subscribed');

    await first.api.post(`/api/v1/conversations/${id}/take`);
    await first.api.post(`/api/v1/conversations/${id}/transfer`, {
      agentId: second.userId,
      comment: 'angry customer, VIP discount code 42',
    });
    await second.api.post(`/api/v1/conversations/${id}/close`, { comment: 'internal: refund denied' });
    await p.settle();
    await live.next((f) => f.type === 'message.created' && (f as any).message.systemType === 'conversation-finished');

    const staff = (await second.api.get(`/api/v1/conversations/${id}/messages`)).body.items;
    const staffText = staff.map((m: any) => m.text).join('\n');
    expect(staffText).toContain('Zelda Firstagent joined the conversation');
    expect(staffText).toContain('angry customer');

    const rest = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
    const pushed = live.messages(id).map((f) => f.message);
    for (const seen of [rest, pushed]) {
      const dump = JSON.stringify(seen);
      for (const secret of ['Zelda', 'Yorick', 'Firstagent', 'angry customer', 'discount', 'refund denied'])
        expect(dump, secret).not.toContain(secret);
      const system = seen.filter((m: any) => m.kind === 'system').map((m: any) => m.text);
      expect(system).toContain('An agent joined the conversation');
      expect(system).toContain('Conversation transferred to another agent');
    }
    await live.close();
    await first.ws.close();
    await second.ws.close();
  });

  it("an agent's typing reaches the visitor without the agent's name or id", async () => {
    const agent = await p.onlineAgent({ name: 'Wanda Typist' });
    const v = await p.visitor();
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body.conversation.id as string;
    await agent.api.post(`/api/v1/conversations/${id}/take`);
    const live = await WsClient.connect(await p.baseUrl(), { visitorToken: v.token });
    live.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await live.next((f) => f.type === 'subscribed');
    agent.ws.send({ type: 'subscribe', topic: 'conversation', id, since: 0 });
    await agent.ws.next((f) => f.type === 'subscribed');
    agent.ws.send({ type: 'typing', conversationId: id, typing: true });
    const typing = await live.next((f) => f.type === 'typing' && f.typing);
    expect((typing as any).author).toEqual({ type: 'agent', id: null, name: null });
    // Staff following the chat still learn who types (the visitor, here, with their id).
    live.send({ type: 'typing', conversationId: id, typing: true });
    const staffSees = await agent.ws.next((f) => f.type === 'typing' && f.author.type === 'visitor');
    expect((staffSees as any).author.id).toBe(v.visitorId);
    await live.close();
    await agent.ws.close();
  });

  it('with showAgentInfo on, the visitor sees names but still no transfer comment', async () => {
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'livechat.showAgentInfo': true });
    try {
      const first = await p.onlineAgent({ name: 'Xavier Shown' });
      const admin2 = await p.staff(['admin']);
      const dept = (await admin2.api.post('/api/v1/departments', { name: 'Escalations' })).body.id;
      const v = await p.visitor();
      const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body;
      const id = conversation.id as string;
      await first.api.post(`/api/v1/conversations/${id}/take`);
      await first.api.post(`/api/v1/conversations/${id}/transfer`, { departmentId: dept, comment: 'needs a senior' });
      const seen = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
      const system = seen.filter((m: any) => m.kind === 'system').map((m: any) => m.text);
      expect(system).toContain('Xavier Shown joined the conversation');
      expect(system).toContain('Conversation transferred to the Escalations department');
      expect(JSON.stringify(seen)).not.toContain('needs a senior');
      await first.ws.close();
    } finally {
      await admin.patch('/api/v1/settings', { 'livechat.showAgentInfo': false });
    }
  });

  it('#25: the visitor reads livechat.finished.message at close, and its new text once changed', async () => {
    const admin = await p.admin();
    const agent = await p.onlineAgent();
    const finishedText = async () => {
      const v = await p.visitor();
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id as string;
      await agent.api.post(`/api/v1/conversations/${id}/take`);
      await agent.api.post(`/api/v1/conversations/${id}/close`, {});
      const seen = (await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items;
      return seen.find((m: any) => m.systemType === 'conversation-finished')?.text as string;
    };
    expect(await finishedText()).toBe('Conversation finished');
    await admin.patch('/api/v1/settings', { 'livechat.finished.message': 'Thanks for chatting with us!' });
    try {
      expect(await finishedText()).toBe('Thanks for chatting with us!');
    } finally {
      await admin.patch('/api/v1/settings', { 'livechat.finished.message': 'Conversation finished' });
      await agent.ws.close();
    }
  });
});
