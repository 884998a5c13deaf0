import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';
import { kit } from '../../test-support/routing-kit.js';

describe('eligibility, capacity and preferred agents', () => {
  let p: TestParley;
  let k: ReturnType<typeof kit>;
  beforeAll(async () => {
    p = await startTestParley({ settings: { 'queue.waitingQueue.enabled': true } });
    k = kit(p);
  });
  afterAll(() => p.stop());

  async function department(name: string, extra: Record<string, unknown> = {}) {
    return (await (await p.admin()).post('/api/v1/departments', { name, ...extra })).body as { id: string };
  }

  it('capacity: agent override > department override > global; 0 = unlimited', async () => {
    const admin = await p.admin();
    await k.set({ 'queue.maxChatsPerAgent': 1 });
    const dept = await department('Cap', { maxChatsPerAgent: 2 });
    const a = await p.onlineAgent({ departmentIds: [dept.id] });
    const ids = [
      await k.chat({ departmentId: dept.id }),
      await k.chat({ departmentId: dept.id }),
      await k.chat({ departmentId: dept.id }),
    ];
    await p.settle();
    expect(await k.openCount(a.userId)).toBe(2); // department says 2 (global says 1)
    expect(await k.statusOf(ids[2]!)).toBe('queued');
    await admin.put(`/api/v1/agents/${a.userId}/capacity`, { maxChats: 3 }); // agent says 3: capacity raised → dispatch
    await p.settle();
    expect(await k.openCount(a.userId)).toBe(3);
    await admin.put(`/api/v1/agents/${a.userId}/capacity`, { maxChats: 0 });
    const more = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect(await k.agentOf(more)).toBe(a.userId); // unlimited
    // The global value applies to agents outside any override.
    const b = await p.onlineAgent();
    const g1 = await k.chat();
    const g2 = await k.chat();
    await p.settle();
    expect([await k.agentOf(g1), await k.agentOf(g2)].filter((x) => x === b.userId)).toHaveLength(1);
    await a.ws.close();
    await b.ws.close();
    await k.set({ 'queue.maxChatsPerAgent': 0 });
  });

  it('on-hold chats do not count as load', async () => {
    await k.set({ 'sessions.onHold.allowManual': true });
    const dept = await department('Hold', { maxChatsPerAgent: 1 });
    const a = await p.onlineAgent({ departmentIds: [dept.id] });
    const first = await k.chat({ departmentId: dept.id });
    const second = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect(await k.statusOf(second)).toBe('queued');
    await a.api.post(`/api/v1/conversations/${first}/messages`, { text: 'one moment' });
    expect((await a.api.post(`/api/v1/conversations/${first}/hold`)).body.status).toBe('on-hold');
    await p.settle();
    expect(await k.agentOf(second)).toBe(a.userId); // hold freed the slot
    await a.ws.close();
  });

  it('skips agents who are unavailable, offline, or idle when idle agents are not accepted', async () => {
    const dept = await department('Presence');
    const idle = await p.onlineAgent({ departmentIds: [dept.id] });
    idle.ws.send({ type: 'activity', idle: true });
    idle.ws.send({ type: 'ping' });
    await idle.ws.next((f) => f.type === 'pong');
    await k.set({ 'general.acceptWhenIdle': false });
    const id = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect(await k.statusOf(id)).toBe('queued');
    await k.set({ 'general.acceptWhenIdle': true });
    expect(await k.agentOf(id)).toBe(idle.userId);
    // Unavailable agents take nothing even when online.
    await idle.api.put('/api/v1/agents/me/status', { availability: 'unavailable' });
    const id2 = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect(await k.statusOf(id2)).toBe('queued');
    await idle.ws.close();
  });

  it('prefers the requested agent, then a bot, then the contact manager, then the last agent', async () => {
    const dept = await department('Prefs');
    const a = await p.onlineAgent({ departmentIds: [dept.id], name: 'Pref A' });
    p.fakeClock!.advance(1000);
    const b = await p.onlineAgent({ departmentIds: [dept.id], name: 'Pref B' });
    // Requested agent: B, although round robin would give A.
    const asked = await k.chat({ departmentId: dept.id, agentId: b.userId });
    await p.settle();
    expect(await k.agentOf(asked)).toBe(b.userId);

    // Last-chatted agent: a visitor who talked to B before goes back to B.
    await k.set({ 'routing.lastChattedAgentPreferred': true });
    const v = await p.visitor({ departmentId: dept.id });
    const c1 = (await v.api.post('/api/v1/widget/conversations', { text: 'first' })).body.conversation.id;
    await p.settle();
    const firstAgent = await k.agentOf(c1);
    const server = firstAgent === a.userId ? a : b;
    await server.api.post(`/api/v1/conversations/${c1}/close`, {});
    const c2 = (await v.api.post('/api/v1/widget/conversations', { text: 'again' })).body.conversation.id;
    await p.settle();
    expect(await k.agentOf(c2)).toBe(firstAgent);
    await server.api.post(`/api/v1/conversations/${c2}/close`, {});

    // The contact manager beats the last agent.
    const other = firstAgent === a.userId ? b : a;
    await p.db.kysely
      .updateTable('contacts')
      .set({ contact_manager_id: other.userId })
      .where('id', '=', (await p.visitors.get(v.visitorId)).contact_id)
      .execute();
    const c3 = (await v.api.post('/api/v1/widget/conversations', { text: 'third' })).body.conversation.id;
    await p.settle();
    expect(await k.agentOf(c3)).toBe(other.userId);
    await other.api.post(`/api/v1/conversations/${c3}/close`, {});

    // A bot beats everyone when assign-to-bot is on (and bots have no capacity limit).
    const bot = await p.staff(['bot']);
    await p.departments.setAgents(dept.id, [a.userId, b.userId, bot.userId], { kind: 'anonymous' });
    await bot.api.put('/api/v1/agents/me/status', { availability: 'available' });
    await k.set({ 'routing.assignToBot': true, 'queue.maxChatsPerAgent': 1 });
    const c4 = (await v.api.post('/api/v1/widget/conversations', { text: 'bot please' })).body.conversation.id;
    const c5 = await k.chat({ departmentId: dept.id });
    await p.settle();
    expect([await k.agentOf(c4), await k.agentOf(c5)]).toEqual([bot.userId, bot.userId]);
    await k.set({
      'routing.assignToBot': false,
      'queue.maxChatsPerAgent': 0,
      'routing.lastChattedAgentPreferred': false,
    });
    await a.ws.close();
    await b.ws.close();
  });

  it('a preferred agent who cannot take the chat is skipped, never waited for', async () => {
    const dept = await department('Skip', { maxChatsPerAgent: 1 });
    const a = await p.onlineAgent({ departmentIds: [dept.id] });
    const b = await p.onlineAgent({ departmentIds: [dept.id] });
    const fill = await k.chat({ departmentId: dept.id, agentId: a.userId });
    await p.settle();
    expect(await k.agentOf(fill)).toBe(a.userId);
    const wants = await k.chat({ departmentId: dept.id, agentId: a.userId });
    await p.settle();
    expect(await k.agentOf(wants)).toBe(b.userId);
    const ws = await WsClient.connect(await p.baseUrl(), { cookie: a.cookie });
    await ws.close();
    await a.ws.close();
    await b.ws.close();
  });
});
