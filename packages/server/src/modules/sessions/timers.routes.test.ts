import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

type Agent = Awaited<ReturnType<TestParley['onlineAgent']>>;
const MINUTE = 60_000;

/**
 * `GET /api/v1/conversations/:id/timers`: what agents see of the session timers on a chat — each kind
 * appears with its due time once its cause happened and goes away with what cancels it.
 */
describe('sessions: the timers agents see on a conversation', () => {
  let p: TestParley;
  let sales: string;
  let support: string;
  let presence: WsClient;
  const sockets: WsClient[] = [];
  beforeAll(async () => {
    p = await startTestParley({
      settings: {
        ...byHand,
        'sessions.onHold.allowManual': true,
        'sessions.onHold.autoCloseSeconds': 600,
        'sessions.autoTransferUnansweredSeconds': 120,
        'sessions.agentOffline.action': 'close',
        'sessions.agentOffline.waitSeconds': 60,
        'queue.maxWaitMinutes': 5,
      },
    });
    const admin = await p.admin();
    sales = (await admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    support = (await admin.post('/api/v1/departments', { name: 'Support' })).body.id;
    presence = await WsClient.connect(await p.baseUrl(), { cookie: admin.headers.cookie! });
    presence.send({ type: 'subscribe', topic: 'presence' });
    await presence.next((f) => f.type === 'subscribed');
  });
  afterAll(async () => {
    for (const s of [presence, ...sockets]) await s.close();
    await p.stop();
  });

  const agent = async (departmentIds = [sales]) => {
    const a = await p.onlineAgent({ departmentIds });
    sockets.push(a.ws);
    return a;
  };
  const timers = async (id: string) => {
    const r = await (await p.admin()).get(`/api/v1/conversations/${id}/timers`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as Array<{ kind: string; dueAt: string; action: string }>;
  };
  const view = async (id: string) => (await (await p.admin()).get(`/api/v1/conversations/${id}`)).body;
  const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
  const later = async (seconds: number) => {
    p.fakeClock!.advance(seconds * 1000);
    await p.settle();
  };
  const setting = async (values: Record<string, unknown>) =>
    expect((await (await p.admin()).patch('/api/v1/settings', values)).status).toBe(200);
  async function queuedChat() {
    const v = await p.visitor({ departmentId: sales });
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello?' })).body;
    await p.settle();
    return { v, id: conversation.id as string };
  }
  /** A chat taken and answered by `a`: no timer pending on it. */
  async function answeredChat(a: Agent) {
    const chat = await queuedChat();
    expect((await a.api.post(`/api/v1/conversations/${chat.id}/take`)).status).toBe(200);
    await a.api.post(`/api/v1/conversations/${chat.id}/messages`, { text: 'How can I help?' });
    await p.settle();
    return chat;
  }
  /** Resolves once the agent's presence change has committed (the watcher hears it after commit). */
  async function presenceBecomes(a: Agent, to: 'online' | 'offline', change: () => Promise<void>) {
    const from = presence.frames.length;
    await change();
    await presence.next((f) => f.type === 'agent.status' && f.userId === a.userId && f.presence === to, from);
    await p.settle();
  }

  it('queue-timeout while waiting, unanswered once taken, nothing once answered', async () => {
    const a = await agent();
    const { id } = await queuedChat();
    const queued = await view(id);
    expect(await timers(id)).toEqual([
      { kind: 'queue-timeout', dueAt: plus(queued.queuedAt, 5 * MINUTE), action: 'close' },
    ]);

    await a.api.post(`/api/v1/conversations/${id}/take`);
    await p.settle();
    const taken = await view(id);
    expect(await timers(id)).toEqual([
      { kind: 'unanswered', dueAt: plus(taken.assignedAt, 2 * MINUTE), action: 'transfer' },
    ]);

    await a.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Hi!' });
    await p.settle();
    expect(await timers(id)).toEqual([]);
  });

  it('after the unanswered timer acted: the reason in the transfer history, and the queue timer of its new wait', async () => {
    const a = await agent();
    const { id } = await queuedChat();
    await a.api.post(`/api/v1/conversations/${id}/take`);
    await later(120);
    const moved = await view(id);
    expect(moved).toMatchObject({ status: 'queued', agent: null });
    const transfers = (await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items;
    expect(transfers).toEqual([expect.objectContaining({ by: { type: 'system', id: null }, reason: 'unanswered' })]);
    expect(await timers(id)).toEqual([
      { kind: 'queue-timeout', dueAt: plus(moved.queuedAt, 5 * MINUTE), action: 'close' },
    ]);
  });

  it('on-hold-timeout while on hold; gone on resume and when the feature is turned off; the reason after it acted', async () => {
    const a = await agent();
    const { v, id } = await answeredChat(a);
    await a.api.post(`/api/v1/conversations/${id}/hold`);
    await p.settle();
    const held = await view(id);
    expect(held.status).toBe('on-hold');
    expect(await timers(id)).toEqual([
      { kind: 'on-hold-timeout', dueAt: plus(held.onHoldAt, 10 * MINUTE), action: 'close' },
    ]);

    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'back' });
    await p.settle();
    expect((await view(id)).status).toBe('open');
    expect(await timers(id)).toEqual([]);

    await a.api.post(`/api/v1/conversations/${id}/messages`, { text: 'one moment' });
    await a.api.post(`/api/v1/conversations/${id}/hold`);
    await p.settle();
    expect((await timers(id)).map((t) => t.kind)).toEqual(['on-hold-timeout']);
    await setting({ 'sessions.onHold.autoCloseSeconds': 0 });
    expect(await timers(id)).toEqual([]);
    await setting({ 'sessions.onHold.autoCloseSeconds': 600 });

    // Held again with the feature on: it acts, and says why.
    await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'again' });
    await a.api.post(`/api/v1/conversations/${id}/messages`, { text: 'a minute more' });
    await a.api.post(`/api/v1/conversations/${id}/hold`);
    await p.settle();
    const heldAgain = await view(id);
    expect(await timers(id)).toEqual([
      { kind: 'on-hold-timeout', dueAt: plus(heldAgain.onHoldAt, 10 * MINUTE), action: 'close' },
    ]);
    await later(600);
    expect(await view(id)).toMatchObject({
      status: 'closed',
      closedBy: { type: 'system' },
      closeComment: 'on-hold-timeout',
    });
    expect(await timers(id)).toEqual([]);
  });

  it('agent-offline on the open chats of an offline agent (not their on-hold ones), following the action; gone when they return', async () => {
    const a = await agent();
    const open = await answeredChat(a);
    const held = await answeredChat(a);
    await a.api.post(`/api/v1/conversations/${held.id}/hold`);
    await p.settle();
    const heldTimers = await timers(held.id);

    await presenceBecomes(a, 'offline', () => a.ws.close());
    const offlineAt = p.clock.now().toISOString();
    expect(await timers(open.id)).toEqual([{ kind: 'agent-offline', dueAt: plus(offlineAt, MINUTE), action: 'close' }]);
    expect(await timers(held.id)).toEqual(heldTimers);

    await setting({ 'sessions.agentOffline.action': 'forward' });
    expect(await timers(open.id)).toEqual([
      { kind: 'agent-offline', dueAt: plus(offlineAt, MINUTE), action: 'transfer' },
    ]);
    await setting({ 'sessions.agentOffline.action': 'close' });

    await presenceBecomes(a, 'online', async () => {
      a.ws = await WsClient.connect(await p.baseUrl(), { cookie: a.cookie });
      sockets.push(a.ws);
    });
    expect(await timers(open.id)).toEqual([]);
  });

  it('abandonment after the agent wrote, following the action; gone when the visitor answers', async () => {
    await setting({ 'sessions.visitorAbandonment.seconds': 300, 'sessions.visitorAbandonment.action': 'close' });
    try {
      await later(1); // turned on counts from then: what the agent writes next is watched
      const a = await agent();
      const { v, id } = await answeredChat(a);
      const wrote = p.clock.now().toISOString();
      expect(await timers(id)).toEqual([{ kind: 'abandonment', dueAt: plus(wrote, 5 * MINUTE), action: 'close' }]);

      await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text: 'thinking…' });
      await p.settle();
      expect(await timers(id)).toEqual([]);

      await setting({ 'sessions.visitorAbandonment.action': 'on-hold' });
      await later(1);
      await a.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Still there?' });
      await p.settle();
      const again = p.clock.now().toISOString();
      expect(await timers(id)).toEqual([{ kind: 'abandonment', dueAt: plus(again, 5 * MINUTE), action: 'hold' }]);
    } finally {
      await setting({ 'sessions.visitorAbandonment.seconds': 0 });
    }
  });

  it('reads as the conversation does: an outsider agent is told it does not exist, a monitor and a colleague read', async () => {
    const a = await agent();
    const { id } = await queuedChat();
    await a.api.post(`/api/v1/conversations/${id}/take`);
    await p.settle();
    const expected = await timers(id);
    expect(expected.map((t) => t.kind)).toEqual(['unanswered']);

    const outsider = await agent([support]);
    const asConversation = await outsider.api.get(`/api/v1/conversations/${id}`);
    const asTimers = await outsider.api.get(`/api/v1/conversations/${id}/timers`);
    expect(asConversation.status).toBe(404);
    expect(asTimers.status).toBe(404);
    expect(asTimers.body.code).toBe('conversation.not-found');

    const monitor = await p.staff(['monitor']);
    expect((await monitor.api.get(`/api/v1/conversations/${id}/timers`)).body).toEqual({ items: expected });
    const colleague = await agent();
    expect((await colleague.api.get(`/api/v1/conversations/${id}/timers`)).body).toEqual({ items: expected });
    expect((await a.api.get(`/api/v1/conversations/${id}/timers`)).body).toEqual({ items: expected });
    // An unknown conversation: the same answer as the conversation route.
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await a.api.get(`/api/v1/conversations/${unknown}/timers`)).body.code).toBe('conversation.not-found');
  });
});
