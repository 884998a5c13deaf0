import { describe, expect, it } from 'vitest';
import { byHand, onPostgres, startTestParley, TestCluster, withRedis } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

describe.runIf(onPostgres && withRedis)('two server processes (PostgreSQL + Redis)', () => {
  it('let a visitor on one and an agent on the other talk in real time', async () => {
    const cluster = new TestCluster();
    const a = await startTestParley({ cluster, settings: byHand });
    const b = await startTestParley({ cluster, clock: a.clock });
    try {
      // The agent lives on B; the visitor on A.
      const agent = await b.onlineAgent({ name: 'Agent on B' });
      const v = await a.visitor({ name: 'Visitor on A' });
      const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello from A' })).body;
      const vws = await WsClient.connect(await a.baseUrl(), { visitorToken: v.token });
      vws.send({ type: 'subscribe', topic: 'conversation', id: conversation.id, since: 0 });
      await vws.next((f) => f.type === 'subscribed');

      agent.ws.send({ type: 'subscribe', topic: 'my-conversations' });
      await agent.ws.next((f) => f.type === 'subscribed');
      expect((await agent.api.post(`/api/v1/conversations/${conversation.id}/take`)).status).toBe(200);
      await vws.next((f) => f.type === 'visitor.conversation.updated' && f.conversation.status === 'open');

      await agent.api.post(`/api/v1/conversations/${conversation.id}/messages`, { text: 'hello from B' });
      await vws.next((f) => f.type === 'message.created' && f.message.text === 'hello from B');

      await v.api.post(`/api/v1/widget/conversations/${conversation.id}/messages`, { text: 'got it on A' });
      await agent.ws.next((f) => f.type === 'message.created' && f.message.text === 'got it on A');

      vws.send({ type: 'typing', conversationId: conversation.id, typing: true });
      agent.ws.send({ type: 'subscribe', topic: 'conversation', id: conversation.id });
      await agent.ws.next((f) => f.type === 'subscribed' && f.topic === 'conversation' && f.id === conversation.id);
      vws.send({ type: 'typing', conversationId: conversation.id, typing: true });
      await agent.ws.next((f) => f.type === 'typing' && f.conversationId === conversation.id);
      await vws.close();
      await agent.ws.close();
    } finally {
      await a.close();
      await b.close();
      await cluster.destroy();
    }
  });
});
