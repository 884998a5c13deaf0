import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

/**
 * The queue settings away from their defaults (issue 19 item 1): #65 off while every agent is full,
 * #68 off, #69 changed. Each is observed where the visitor sees it.
 */
describe('queue settings', () => {
  let p: TestParley;
  let k: ReturnType<typeof kit>;
  beforeAll(async () => {
    p = await startTestParley({ settings: { 'queue.maxChatsPerAgent': 1 } });
    k = kit(p);
  });
  afterAll(() => p.stop());

  const department = async (name: string) =>
    (await (await p.admin()).post('/api/v1/departments', { name })).body.id as string;
  const queueOf = async (visitor: { api: TestParley['api'] }, id: string) =>
    (await visitor.api.get(`/api/v1/widget/conversations/${id}`)).body.queue as {
      position: number;
      estimatedWaitSeconds: number | null;
    } | null;

  it('#65 off: with every agent online but full, the visitor gets the offline form, not the queue', async () => {
    await k.set({ 'queue.waitingQueue.enabled': false, 'routing.acceptWithNoOnlineAgents': false });
    const dept = await department('Full');
    const agent = await p.onlineAgent({ departmentIds: [dept] });
    const first = await k.chat({ departmentId: dept });
    await p.settle();
    expect(await k.agentOf(first)).toBe(agent.userId);

    // The only agent is at capacity: nobody can take the next chat.
    expect((await p.api.get(`/api/v1/widget/config?departmentId=${dept}`)).body.online).toBe(false);
    const v = await p.visitor({ departmentId: dept });
    const refused = await v.api.post('/api/v1/widget/conversations', { text: 'anyone?' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('conversation.no-agent-online');

    // #65 on: the same visitor waits in the queue instead.
    await k.set({ 'queue.waitingQueue.enabled': true });
    expect((await p.api.get(`/api/v1/widget/config?departmentId=${dept}`)).body.online).toBe(true);
    const queued = await v.api.post('/api/v1/widget/conversations', { text: 'anyone?' });
    expect(queued.status).toBe(201);
    await p.settle();
    expect(await k.statusOf(queued.body.conversation.id)).toBe('queued');
    await agent.ws.close();
  });

  it('#68 off: a waiting visitor is told no position or wait; #69 changes which chats the estimate averages', async () => {
    await k.set({ 'queue.waitingQueue.enabled': true });
    const dept = await department('Estimates');
    const agent = await p.onlineAgent({ departmentIds: [dept] });
    // History: a chat of 100 s, then one of 500 s (the most recent).
    for (const seconds of [100, 500]) {
      const id = await k.chat({ departmentId: dept });
      await p.settle();
      p.fakeClock!.advance(seconds * 1000);
      await agent.api.post(`/api/v1/conversations/${id}/close`, {});
      await p.settle();
    }
    await k.chat({ departmentId: dept }); // takes the agent's only slot
    const v = await p.visitor({ departmentId: dept });
    const id = (await v.api.post('/api/v1/widget/conversations', { text: 'waiting' })).body.conversation.id as string;
    await p.settle();
    expect(await k.statusOf(id)).toBe('queued');

    // The default (100 recent chats) averages both: (100 + 500) / 2.
    expect(await queueOf(v, id)).toMatchObject({ position: 1, estimatedWaitSeconds: 300 });
    // Only the last one.
    await k.set({ 'queue.statistics.recentChats': 1 });
    await p.settle();
    const recent = await queueOf(v, id);
    expect(recent?.estimatedWaitSeconds).toBe(500);

    await k.set({ 'queue.statistics.enabled': false });
    await p.settle();
    expect(await queueOf(v, id)).toBeNull();
    await k.set({ 'queue.statistics.enabled': true, 'queue.statistics.recentChats': 100 });
    await agent.ws.close();
  });

  it('the widget greeting carries the usual first-reply time of recent chats (the median), and none when off', async () => {
    const dept = await department('Greeting');
    const agent = await p.onlineAgent({ departmentIds: [dept] });
    // Three chats answered after 30 s, 90 s and 600 s: the median is 90 s.
    for (const seconds of [30, 90, 600]) {
      const v = await p.visitor({ departmentId: dept });
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hi' })).body.conversation.id;
      await p.settle();
      p.fakeClock!.advance(seconds * 1000);
      await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'hello!' });
      await agent.api.post(`/api/v1/conversations/${id}/close`, {});
      await p.settle();
    }
    p.fakeClock!.advance(61_000); // past the figure's one-minute cache
    const config = (await p.api.get('/api/v1/widget/config')).body;
    expect(config.settings['livechat.greeting']).toBe('Hi! How can we help you today?');
    expect(config.usualReplySeconds).toBe(90);
    await k.set({ 'livechat.greeting': '' });
    expect((await p.api.get('/api/v1/widget/config')).body.usualReplySeconds).toBeNull();
    await k.set({ 'livechat.greeting': 'Hi! How can we help you today?' });
    await agent.ws.close();
  });
});
