import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';

/**
 * The dispatcher's batch (issue 20): several queued conversations given to agents in one transaction,
 * with every check a single assignment makes (the conversation still queued, the agent may serve and has
 * room, counted in the database with the batch's own assignments), and the same writes and events.
 */
describe('assignment in batches', () => {
  let p: TestParley;
  let k: ReturnType<typeof kit>;
  beforeAll(async () => {
    p = await startTestParley({ settings: { 'routing.method': 'manual', 'queue.waitingQueue.enabled': true } });
    k = kit(p);
  });
  afterAll(() => p.stop());

  it('assigns what it may, refuses a full agent, a taken chat and someone who cannot serve', async () => {
    await k.set({ 'queue.maxChatsPerAgent': 2 });
    const a = await p.onlineAgent({ name: 'Batch A' });
    const b = await p.onlineAgent({ name: 'Batch B' });
    const manager = await p.staff(['manager']);
    const [c1, c2, c3, c4, c5] = [await k.chat(), await k.chat(), await k.chat(), await k.chat(), await k.chat()];
    expect((await b.api.post(`/api/v1/conversations/${c4}/take`)).status).toBe(200);
    p.fakeClock!.advance(3000);

    const r = await p.conv.lifecycle.assignMany([
      { conversationId: c1!, agentId: a.userId },
      { conversationId: c2!, agentId: a.userId },
      { conversationId: c3!, agentId: a.userId }, // A's third: over capacity 2
      { conversationId: c4!, agentId: a.userId }, // B took it already
      { conversationId: c5!, agentId: manager.userId }, // not an agent
    ]);
    await p.settle();
    expect(r.assigned.map((c) => c.id).sort()).toEqual([c1, c2].sort());
    expect(r.refused).toEqual([
      { conversationId: c4, agentId: a.userId, reason: 'taken' },
      { conversationId: c3, agentId: a.userId, reason: 'full' },
      { conversationId: c5, agentId: manager.userId, reason: 'not-found' },
    ]);

    // As a single assignment leaves them: open, the agent's, waited 3 s, out of the queue, one join message.
    const rows = await p.db.kysely
      .selectFrom('conversations')
      .select(['id', 'status', 'agent_id', 'wait_seconds', 'assigned_at'])
      .where('id', 'in', [c1!, c2!, c3!, c5!])
      .orderBy('id')
      .execute();
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const id of [c1!, c2!]) {
      expect(byId.get(id)).toMatchObject({ status: 'open', agent_id: a.userId, wait_seconds: 3 });
      expect(byId.get(id)!.assigned_at).toEqual(p.fakeClock!.now());
    }
    for (const id of [c3!, c5!]) expect(byId.get(id)).toMatchObject({ status: 'queued', agent_id: null });
    const queued = await p.db.kysely.selectFrom('inquiries').select('conversation_id').execute();
    expect(queued.map((q) => q.conversation_id).sort()).toEqual([c3, c5].sort());
    const joins = await p.db.kysely
      .selectFrom('messages')
      .select(['conversation_id', 'data'])
      .where('system_type', '=', 'user-join')
      .where('conversation_id', 'in', [c1!, c2!, c3!, c5!])
      .execute();
    expect(joins.map((j) => j.conversation_id).sort()).toEqual([c1, c2].sort());
    expect(joins[0]!.data).toMatchObject({ agentId: a.userId, agentName: 'Batch A' });
    const agentRow = await p.db.kysely
      .selectFrom('agents')
      .select('last_assigned_at')
      .where('user_id', '=', a.userId)
      .executeTakeFirstOrThrow();
    expect(agentRow.last_assigned_at).toEqual(p.fakeClock!.now());

    // The agent's own list shows both.
    const mine = await a.api.get(`/api/v1/conversations?status=open&agentId=${a.userId}`);
    expect(mine.body.items.map((c: { id: string }) => c.id).sort()).toEqual([c1, c2].sort());

    for (const id of [c1, c2]) await a.api.post(`/api/v1/conversations/${id}/close`, {});
    await b.api.post(`/api/v1/conversations/${c4}/close`, {});
    for (const id of [c3, c5]) await p.conv.lifecycle.close(id!, { type: 'system', reason: 'test' });
    await a.ws.close();
    await b.ws.close();
    await k.set({ 'queue.maxChatsPerAgent': 0 });
  });

  it('auto: a queue given out in one pass still goes round the agents in turn', async () => {
    await k.set({ 'queue.maxChatsPerAgent': 3 });
    const admin = await p.admin();
    const dept = (await admin.post('/api/v1/departments', { name: 'Batch RR' })).body;
    const a = await p.onlineAgent({ departmentIds: [dept.id], name: 'RR A' });
    const b = await p.onlineAgent({ departmentIds: [dept.id], name: 'RR B' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      p.fakeClock!.advance(1); // queue order = the order of these starts
      ids.push(await k.chat({ departmentId: dept.id }));
    }
    expect(await k.statusOf(ids[0]!)).toBe('queued');

    // Routing on: one pass gives out the whole queue at one instant of the clock.
    await k.set({ 'routing.method': 'auto' });
    const got = await Promise.all(ids.map((id) => k.agentOf(id)));
    const first = got[0];
    expect(first === a.userId || first === b.userId).toBe(true);
    const second = first === a.userId ? b.userId : a.userId;
    expect(got).toEqual([first, second, first, second]);
    await a.ws.close();
    await b.ws.close();
    await k.set({ 'routing.method': 'manual', 'queue.maxChatsPerAgent': 0 });
  });
});
