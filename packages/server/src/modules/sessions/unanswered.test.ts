import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

describe('sessions: auto-transfer of unanswered chats (sessions.autoTransferUnansweredSeconds)', () => {
  let p: TestParley;
  let agents: Awaited<ReturnType<TestParley['onlineAgent']>>[];
  beforeEach(async () => {
    p = await startTestParley({ settings: { 'sessions.autoTransferUnansweredSeconds': 30 } });
    agents = [];
  });
  afterEach(async () => {
    for (const a of agents) await a.ws.close();
    await p.stop();
  });

  const online = async () => {
    const a = await p.onlineAgent();
    agents.push(a);
    return a;
  };
  const later = async (seconds: number) => {
    p.fakeClock!.advance(seconds * 1000);
    await p.settle();
  };
  const view = async (id: string) => (await (await p.admin()).get(`/api/v1/conversations/${id}`)).body;
  async function startChat() {
    const v = await p.visitor();
    const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello?' })).body;
    await p.dispatchOnce();
    return { v, id: conversation.id as string };
  }

  it('re-routes a chat its agent did not answer to another agent, once, with the reason recorded', async () => {
    const [a, b] = [await online(), await online()];
    const { id } = await startChat();
    const first = (await view(id)).agent.id as string;
    const other = first === a.userId ? b.userId : a.userId;
    expect(await p.sessions.unanswered.dueAt(id)).toBeDefined();
    await later(29);
    expect((await view(id)).agent.id).toBe(first);
    await later(1);
    await p.dispatchOnce();
    const moved = await view(id);
    expect(moved).toMatchObject({ status: 'open', agent: { id: other } });
    const transfers = (await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items;
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      from: { agentId: first },
      by: { type: 'system', id: null },
      reason: 'unanswered',
    });
    // Once: the second agent keeps it however long they take.
    expect(await p.sessions.unanswered.dueAt(id)).toBeUndefined();
    await later(120);
    await p.dispatchOnce();
    expect((await view(id)).agent.id).toBe(other);
  });

  it('puts it back in the queue when nobody else can take it, and never gives it back to the same agent', async () => {
    const a = await online();
    const { id } = await startChat();
    expect((await view(id)).agent.id).toBe(a.userId);
    await later(30);
    await p.dispatchOnce();
    expect(await view(id)).toMatchObject({ status: 'queued', agent: null });
    await later(5);
    await p.dispatchOnce(); // a has room, but it was taken from them
    expect((await view(id)).status).toBe('queued');
    const b = await online();
    await p.dispatchOnce();
    expect(await view(id)).toMatchObject({ status: 'open', agent: { id: b.userId } });
  });

  it("is cancelled by the agent's first reply", async () => {
    const [a, b] = [await online(), await online()];
    const { id } = await startChat();
    const first = (await view(id)).agent.id as string;
    const agent = first === a.userId ? a : b;
    await later(10);
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Hi! Looking into it.' });
    await p.settle();
    expect(await p.sessions.unanswered.dueAt(id)).toBeUndefined();
    await later(60);
    await p.dispatchOnce();
    expect(await view(id)).toMatchObject({ status: 'open', agent: { id: first } });
  });

  it('never acts on a chat that was answered, or reassigned, since it was armed', async () => {
    const [a, b] = [await online(), await online()];
    const { id } = await startChat();
    const c = await view(id);
    const agent = c.agent.id === a.userId ? a : b;
    // The reply committed in the same instant as the timer fired: the job was not cancelled in time.
    await agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Hi!' });
    await p.settle();
    const stale = async (payload: Record<string, string>) =>
      p.db.tx(() =>
        p.jobs.enqueue(
          'sessions.unanswered',
          { conversationId: id, ...payload },
          { idempotencyKey: `t:${Math.random()}` },
        ),
      );
    await stale({ agentId: c.agent.id, assignedAt: c.assignedAt });
    // Armed for an earlier assignment (another agent, another time).
    await stale({ agentId: c.agent.id, assignedAt: new Date(Date.parse(c.assignedAt) - 1000).toISOString() });
    await p.settle();
    await p.dispatchOnce();
    expect(await view(id)).toMatchObject({ status: 'open', agent: { id: c.agent.id } });
    expect((await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items).toHaveLength(0);
  });

  it('does nothing once turned off, and is reported as enforced', async () => {
    const a = await online();
    const { id } = await startChat();
    await (await p.admin()).patch('/api/v1/settings', { 'sessions.autoTransferUnansweredSeconds': 0 });
    await later(60);
    await p.dispatchOnce();
    expect(await view(id)).toMatchObject({ status: 'open', agent: { id: a.userId } });
    const list = (await (await p.admin()).get('/api/v1/settings')).body.settings;
    expect(list.find((s: { key: string }) => s.key === 'sessions.autoTransferUnansweredSeconds')?.enforced).toBe(true);
  });
  it('moves a pending timer to its assignment + a changed timeout, and drops it at 0', async () => {
    await online();
    const { id } = await startChat();
    const assignedAt = (await p.sessions.unanswered.dueAt(id))!.getTime() - 30_000;
    const admin = await p.admin();
    await admin.patch('/api/v1/settings', { 'sessions.autoTransferUnansweredSeconds': 90 });
    expect((await p.sessions.unanswered.dueAt(id))!.getTime()).toBe(assignedAt + 90_000);
    await later(60);
    expect((await view(id)).status).toBe('open');
    await admin.patch('/api/v1/settings', { 'sessions.autoTransferUnansweredSeconds': 0 });
    expect(await p.sessions.unanswered.dueAt(id)).toBeUndefined();
    await admin.patch('/api/v1/settings', { 'sessions.autoTransferUnansweredSeconds': 30 });
    await later(120);
    expect((await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items).toHaveLength(0);
  });
});
