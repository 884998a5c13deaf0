import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';
import { kit } from '../../test-support/routing-kit.js';

describe('the queue', () => {
  let p: TestParley;
  let k: ReturnType<typeof kit>;
  beforeAll(async () => {
    p = await startTestParley({ settings: { 'queue.waitingQueue.enabled': true } });
    k = kit(p);
  });
  afterAll(() => p.stop());

  const department = async (name: string, extra: Record<string, unknown> = {}) =>
    (await (await p.admin()).post('/api/v1/departments', { name, ...extra })).body as { id: string };

  it('without anyone to take it, refuses the chat (offline form) unless chats are accepted anyway', async () => {
    await k.set({ 'queue.waitingQueue.enabled': false });
    const dept = await department('Nobody');
    expect((await p.api.get(`/api/v1/widget/config?departmentId=${dept.id}`)).body.online).toBe(false);
    const v = await p.visitor({ departmentId: dept.id });
    const refused = await v.api.post('/api/v1/widget/conversations', { text: 'anyone?' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('conversation.no-agent-online');
    await k.set({ 'routing.acceptWithNoOnlineAgents': true });
    expect((await p.api.get(`/api/v1/widget/config?departmentId=${dept.id}`)).body.online).toBe(true);
    expect((await v.api.post('/api/v1/widget/conversations', { text: 'anyone?' })).status).toBe(201);
    await k.set({ 'routing.acceptWithNoOnlineAgents': false, 'queue.waitingQueue.enabled': true });
  });

  it('forwards to the fallback department when nobody is online (≤ 3 hops, no loops)', async () => {
    await k.set({ 'queue.waitingQueue.enabled': false });
    const d4 = await department('Hop4');
    const d3 = await department('Hop3', { fallbackDepartmentId: d4.id });
    const d2 = await department('Hop2', { fallbackDepartmentId: d3.id });
    const d1 = await department('Hop1', { fallbackDepartmentId: d2.id });
    const agent = await p.onlineAgent({ departmentIds: [d4.id] });
    const id = await k.chat({ departmentId: d1.id }); // d1 → d2 → d3 → d4: three hops
    await p.settle();
    expect(await k.agentOf(id)).toBe(agent.userId);
    const d0 = await department('Hop0', { fallbackDepartmentId: d1.id }); // four hops: too far
    const v = await p.visitor({ departmentId: d0.id });
    expect((await v.api.post('/api/v1/widget/conversations', {})).body.code).toBe('conversation.no-agent-online');
    // A loop ends without hanging.
    const admin = await p.admin();
    const x = await department('LoopX');
    const y = await department('LoopY', { fallbackDepartmentId: x.id });
    await admin.patch(`/api/v1/departments/${x.id}`, { fallbackDepartmentId: y.id });
    const w = await p.visitor({ departmentId: x.id });
    expect((await w.api.post('/api/v1/widget/conversations', {})).body.code).toBe('conversation.no-agent-online');
    await agent.ws.close();
    await k.set({ 'queue.waitingQueue.enabled': true });
  });

  it('dispatches waiting chats in order as capacity frees, and tells visitors their position and wait', async () => {
    await k.set({ 'queue.waitingQueue.message': 'Thanks for waiting!' });
    const dept = await department('Waiting', { maxChatsPerAgent: 1 });
    const agent = await p.onlineAgent({ departmentIds: [dept.id] });
    // Historic handling time for the estimate: one closed chat of 300 s.
    const past = await k.chat({ departmentId: dept.id });
    await p.settle();
    p.fakeClock!.advance(300_000);
    await agent.api.post(`/api/v1/conversations/${past}/close`, {});
    await p.settle();

    const ids: string[] = [];
    const visitors = [];
    for (let i = 0; i < 4; i++) {
      p.fakeClock!.advance(1000);
      const v = await p.visitor({ departmentId: dept.id });
      const res = await v.api.post('/api/v1/widget/conversations', { text: `q${i}` });
      ids.push(res.body.conversation.id);
      visitors.push(v);
    }
    await p.settle();
    expect(await k.agentOf(ids[0]!)).toBe(agent.userId);
    const last = visitors[3]!;
    const view = (await last.api.get(`/api/v1/widget/conversations/${ids[3]}`)).body;
    expect(view.queue).toEqual({ position: 3, estimatedWaitSeconds: 900, message: 'Thanks for waiting!' });

    const ws = await WsClient.connect(await p.baseUrl(), { visitorToken: last.token });
    ws.send({ type: 'subscribe', topic: 'conversation', id: ids[3]!, since: 0 });
    await ws.next((f) => f.type === 'subscribed');
    // Each close frees the agent for the next in line; the visitor hears each new position (pushes are
    // debounced to one a second, so wait for each before the next change).
    const expected = [2, 1, null];
    for (let i = 0; i < 3; i++) {
      const from = ws.frames.length;
      await agent.api.post(`/api/v1/conversations/${ids[i]}/close`, {});
      await p.settle();
      expect(await k.agentOf(ids[i + 1]!)).toBe(agent.userId); // in order, one at a time
      const want = expected[i];
      const got = await ws.next((f) => f.type === 'queue.position' && (f.queue?.position ?? null) === want, from);
      if (want !== null) expect((got as any).queue.estimatedWaitSeconds).toBeGreaterThan(0);
    }
    await ws.close();
    await agent.ws.close();
  });

  it('sorts by priority or by SLA due time when told to', async () => {
    const admin = await p.admin();
    const dept = await department('Sorted', { maxChatsPerAgent: 1 });
    const agent = await p.onlineAgent({ departmentIds: [dept.id] });
    const blocker = await k.chat({ departmentId: dept.id });
    await p.settle();
    const [low, high, none] = [
      await k.chat({ departmentId: dept.id }),
      await k.chat({ departmentId: dept.id }),
      await k.chat({ departmentId: dept.id }),
    ];
    const priorities = (await admin.get('/api/v1/priorities')).body.items;
    const highest = priorities.find((x: any) => x.name === 'Highest').id;
    const lowest = priorities.find((x: any) => x.name === 'Lowest').id;
    await admin.patch(`/api/v1/conversations/${high}`, { priorityId: highest });
    await admin.patch(`/api/v1/conversations/${low}`, { priorityId: lowest });
    await k.set({ 'queue.sorting': 'priority' });
    await agent.api.post(`/api/v1/conversations/${blocker}/close`, {});
    await p.settle();
    expect(await k.agentOf(high)).toBe(agent.userId);
    await agent.api.post(`/api/v1/conversations/${high}/close`, {});
    await p.settle();
    expect(await k.agentOf(low)).toBe(agent.userId); // weight 5 beats no priority (99)
    await agent.api.post(`/api/v1/conversations/${low}/close`, {});
    await p.settle();
    expect(await k.agentOf(none)).toBe(agent.userId);

    const urgent = (await admin.post('/api/v1/sla-policies', { name: 'Urgent', dueMinutes: 5 })).body;
    const relaxed = (await admin.post('/api/v1/sla-policies', { name: 'Relaxed', dueMinutes: 240 })).body;
    const [r, u] = [await k.chat({ departmentId: dept.id }), await k.chat({ departmentId: dept.id })];
    await admin.patch(`/api/v1/conversations/${r}`, { slaId: relaxed.id });
    await admin.patch(`/api/v1/conversations/${u}`, { slaId: urgent.id });
    await k.set({ 'queue.sorting': 'sla' });
    await agent.api.post(`/api/v1/conversations/${none}/close`, {});
    await p.settle();
    expect(await k.agentOf(u)).toBe(agent.userId);
    expect(
      (await admin.patch(`/api/v1/conversations/${r}`, { slaId: '01890000-0000-7000-8000-000000000000' })).body.code,
    ).toBe('sla.not-found');
    await k.set({ 'queue.sorting': 'timestamp' });
    await agent.ws.close();
  });

  it('closes a chat waiting longer than queue.maxWaitMinutes', async () => {
    await k.set({ 'queue.maxWaitMinutes': 10 });
    const dept = await department('Slow');
    const id = await k.chat({ departmentId: dept.id });
    await p.settle();
    p.fakeClock!.advance(9 * 60_000);
    await p.settle();
    expect(await k.statusOf(id)).toBe('queued');
    p.fakeClock!.advance(61_000);
    await p.settle();
    expect(await k.statusOf(id)).toBe('closed');
    const row = await p.db.kysely
      .selectFrom('conversations')
      .select(['closed_by_type', 'close_comment'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ closed_by_type: 'system', close_comment: 'queue-timeout' });
    const finished = await p.db.kysely
      .selectFrom('messages')
      .select('data')
      .where('conversation_id', '=', id)
      .where('system_type', '=', 'conversation-finished')
      .executeTakeFirstOrThrow();
    expect(finished.data).toMatchObject({ reason: 'queue-timeout', message: expect.stringMatching(/in time/) });
    await k.set({ 'queue.maxWaitMinutes': -1 });
  });

  it('shows agents only their departments’ queue unless told to show it all, capped by queueListMax', async () => {
    await k.set({ 'routing.method': 'manual' });
    const mine = await department('Mine');
    const theirs = await department('Theirs');
    const a = await p.onlineAgent({ departmentIds: [mine.id] });
    const inMine = await k.chat({ departmentId: mine.id });
    const inTheirs = await k.chat({ departmentId: theirs.id });
    let ids = (await a.api.get('/api/v1/queue')).body.items.map((c: any) => c.id);
    expect(ids).toContain(inMine);
    expect(ids).not.toContain(inTheirs);
    await k.set({ 'routing.showQueueToAllAgents': true });
    ids = (await a.api.get('/api/v1/queue')).body.items.map((c: any) => c.id);
    expect(ids).toContain(inTheirs);
    await k.set({ 'routing.queueListMax': 1 });
    expect((await a.api.get('/api/v1/queue')).body.items).toHaveLength(1);
    await k.set({ 'routing.queueListMax': 0, 'routing.showQueueToAllAgents': false, 'routing.method': 'auto' });
    await a.ws.close();
  });

  it('transfers re-dispatch freed capacity and respect departmentsAllowedToForward', async () => {
    const target = await department('Target');
    const forbidden = await department('Forbidden');
    const source = await department('Source', { maxChatsPerAgent: 1, allowedForwardIds: [target.id] });
    const a = await p.onlineAgent({ departmentIds: [source.id] });
    const b = await p.onlineAgent({ departmentIds: [target.id] });
    const first = await k.chat({ departmentId: source.id });
    const waiting = await k.chat({ departmentId: source.id });
    await p.settle();
    expect(await k.statusOf(waiting)).toBe('queued');
    const no = await a.api.post(`/api/v1/conversations/${first}/transfer`, { departmentId: forbidden.id });
    expect(no.body.code).toBe('transfer.not-allowed');
    const ok = await a.api.post(`/api/v1/conversations/${first}/transfer`, {
      departmentId: target.id,
      comment: 'for B',
    });
    expect(ok.status).toBe(200);
    await p.settle();
    expect(await k.agentOf(first)).toBe(b.userId); // routed in the target department
    expect(await k.agentOf(waiting)).toBe(a.userId); // A's freed slot went to the next in line
    // To an agent: must be eligible.
    const c = await p.staff(['agent']);
    const refused = await b.api.post(`/api/v1/conversations/${first}/transfer`, { agentId: c.userId });
    expect(refused.body.code).toBe('transfer.agent-not-eligible');
    await a.ws.close();
    await b.ws.close();
  });
});
