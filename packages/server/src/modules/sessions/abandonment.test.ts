import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { byHand, onPostgres, startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';
import type { WsClient } from '../../test-support/ws-client.js';

const MESSAGE = 'We closed this chat as you seem to have left. Write again any time.';
const close = {
  ...byHand,
  'sessions.visitorAbandonment.seconds': 60,
  'sessions.visitorAbandonment.action': 'close',
  'sessions.visitorAbandonment.closeMessage': MESSAGE,
};
const hold = { ...close, 'sessions.visitorAbandonment.action': 'on-hold', 'sessions.onHold.autoCloseSeconds': 0 };
type Agent = Awaited<ReturnType<TestParley['onlineAgent']>>;
type Visitor = Awaited<ReturnType<TestParley['visitor']>>;
interface Seen {
  systemType?: string;
  text: string;
  data?: { reason?: string };
}

/** One Parley process as these tests drive it: chats taken by hand, messages either way, the clock. */
function driver(p: TestParley, sockets: WsClient[]) {
  const admin = () => p.admin();
  const t = {
    async agent(departmentIds?: string[]) {
      const a = await p.onlineAgent(departmentIds ? { departmentIds } : {});
      sockets.push(a.ws);
      return a;
    },
    /** A chat the agent took; nobody has written but the visitor. */
    async chat(agent: Agent) {
      const v = await p.visitor();
      const id = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body.conversation.id as string;
      expect((await agent.api.post(`/api/v1/conversations/${id}/take`)).status).toBe(200);
      return { v, id };
    },
    async says(agent: Agent, id: string, text = 'Anything else I can do?') {
      const r = await agent.api.post(`/api/v1/conversations/${id}/messages`, { text });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await p.settle();
      return r.body.id as string;
    },
    async visitorSays(v: Visitor, id: string, text = 'one more thing') {
      expect((await v.api.post(`/api/v1/widget/conversations/${id}/messages`, { text })).status).toBe(201);
      await p.settle();
    },
    async later(seconds: number) {
      p.fakeClock!.advance(seconds * 1000);
      await p.settle();
    },
    view: async (id: string) => (await (await admin()).get(`/api/v1/conversations/${id}`)).body,
    status: async (id: string) => (await t.view(id)).status as string,
    /** The conversation-finished messages as the visitor reads them. */
    finished: async (v: Visitor, id: string) =>
      ((await v.api.get(`/api/v1/widget/conversations/${id}/messages`)).body.items as Seen[]).filter(
        (m) => m.systemType === 'conversation-finished',
      ),
    staffMessages: async (id: string) =>
      (await (await admin()).get(`/api/v1/conversations/${id}/messages`)).body.items as Seen[],
    setting: async (values: Record<string, unknown>) => {
      expect((await (await admin()).patch('/api/v1/settings', values)).status).toBe(200);
      await p.settle();
    },
    dueAt: (id: string) => p.sessions.abandonment.dueAt(id),
    at: (seconds: number, from: Date) => new Date(from.getTime() + seconds * 1000),
  };
  return t;
}

describe('sessions: visitor abandonment (sessions.visitorAbandonment.*)', () => {
  let p: TestParley;
  let sockets: WsClient[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const s of sockets) await s.close();
    sockets = [];
    await p.stop();
  });
  const start = async (settings: Record<string, unknown>, env?: Record<string, string>) => {
    p = await startTestParley({ settings, ...(env ? { env } : {}) });
    return driver(p, sockets);
  };

  it('closes a chat whose visitor stayed silent after the agent wrote: system close, reason, the message', async () => {
    const t = await start(close);
    const agent = await t.agent();
    const { v, id } = await t.chat(agent);
    expect(await t.dueAt(id)).toBeUndefined(); // the agent has not written yet
    await t.says(agent, id);
    const due = t.at(60, p.clock.now());
    expect(await t.dueAt(id)).toEqual(due);
    const timers = (await (await p.admin()).get(`/api/v1/conversations/${id}/timers`)).body.items;
    expect(timers).toContainEqual({ kind: 'abandonment', action: 'close', dueAt: due.toISOString() });
    await t.later(59);
    expect(await t.status(id)).toBe('open');
    await t.later(1);
    expect(await t.view(id)).toMatchObject({
      status: 'closed',
      closedBy: { type: 'system' },
      closeComment: 'abandonment',
    });
    expect((await t.finished(v, id)).map((m) => m.text)).toEqual([MESSAGE]);
    const staffSee = (await t.staffMessages(id)).filter((m) => m.systemType === 'conversation-finished');
    expect(staffSee.map((m) => m.data?.reason)).toEqual(['abandonment']);
    expect(await t.dueAt(id)).toBeUndefined();
  });

  it('places the chat on hold with the action on-hold, once: resumed by the agent, it stays until they write again', async () => {
    const t = await start(hold);
    const agent = await t.agent();
    const { id } = await t.chat(agent);
    await t.says(agent, id);
    await t.later(60);
    expect(await t.view(id)).toMatchObject({ status: 'on-hold', agent: { id: agent.userId } });
    const holds = (await t.staffMessages(id)).filter((m) => m.systemType === 'on-hold');
    expect(holds.map((m) => m.data?.reason)).toEqual(['abandonment']); // staff read why
    expect((await agent.api.post(`/api/v1/conversations/${id}/resume`)).status).toBe(200);
    await t.later(600);
    expect(await t.status(id)).toBe('open');
    expect(await t.dueAt(id)).toBeUndefined();
    await t.says(agent, id, 'Are you still there?');
    await t.later(60);
    expect(await t.status(id)).toBe('on-hold');
  });

  it("is cancelled by the visitor's message and armed again by the agent's reply, from the reply", async () => {
    const t = await start(close);
    const agent = await t.agent();
    const { v, id } = await t.chat(agent);
    await t.says(agent, id);
    await t.later(30);
    await t.visitorSays(v, id);
    expect(await t.dueAt(id)).toBeUndefined();
    await t.later(120);
    expect(await t.status(id)).toBe('open');
    await t.says(agent, id, 'Sure, here it is.');
    expect(await t.dueAt(id)).toEqual(t.at(60, p.clock.now()));
    await t.later(59);
    expect(await t.status(id)).toBe('open');
    await t.later(1);
    expect(await t.status(id)).toBe('closed');
  });

  it("counts from the agent's latest message", async () => {
    const t = await start(close);
    const agent = await t.agent();
    const { id } = await t.chat(agent);
    await t.says(agent, id);
    await t.later(40);
    await t.says(agent, id, 'Let me know if that helped.');
    expect(await t.dueAt(id)).toEqual(t.at(60, p.clock.now()));
    await t.later(59);
    expect(await t.status(id)).toBe('open');
    await t.later(1);
    expect(await t.status(id)).toBe('closed');
  });

  it('does nothing and keeps no sweep with the action none or 0 seconds; turned on, it counts from then', async () => {
    const t = await start(close);
    expect(await p.sessions.abandonment.sweepAt()).toBeDefined();
    const agent = await t.agent();
    const { id } = await t.chat(agent);
    await t.says(agent, id);
    await t.setting({ 'sessions.visitorAbandonment.action': 'none' });
    expect(await p.sessions.abandonment.sweepAt()).toBeUndefined();
    expect(await t.dueAt(id)).toBeUndefined();
    await t.later(120);
    expect(await t.status(id)).toBe('open');

    // On again: the chat waiting since before is left alone until its agent writes again.
    await t.setting({ 'sessions.visitorAbandonment.action': 'close' });
    expect(await p.sessions.abandonment.sweepAt()).toBeDefined();
    expect(await t.dueAt(id)).toBeUndefined();
    await t.later(120);
    expect(await t.status(id)).toBe('open');
    await t.says(agent, id);
    await t.later(60);
    expect(await t.status(id)).toBe('closed');

    await t.setting({ 'sessions.visitorAbandonment.seconds': 0 });
    expect(await p.sessions.abandonment.sweepAt()).toBeUndefined();
    const other = await t.chat(agent);
    await t.says(agent, other.id);
    expect(await t.dueAt(other.id)).toBeUndefined();
    await t.later(3600);
    expect(await t.status(other.id)).toBe('open');
  });

  it("books a missing sweep at a process's first agent message (settings made before the timer existed)", async () => {
    const t = await start(close);
    await p.db.tx(() => p.jobs.cancel('sessions.abandonment-sweep'));
    expect(await p.sessions.abandonment.sweepAt()).toBeUndefined();
    const agent = await t.agent();
    const { id } = await t.chat(agent);
    await t.says(agent, id);
    expect(await p.sessions.abandonment.sweepAt()).toBeDefined();
    await t.later(60);
    expect(await t.view(id)).toMatchObject({ status: 'closed', closeComment: 'abandonment' });
  });

  it('applies a changed wait to the chats already waiting, either way', async () => {
    const t = await start(close);
    const agent = await t.agent();
    const { id } = await t.chat(agent);
    await t.says(agent, id);
    const wrote = p.clock.now();
    await t.later(10);
    await t.setting({ 'sessions.visitorAbandonment.seconds': 120 });
    expect(await t.dueAt(id)).toEqual(t.at(120, wrote));
    await t.later(60); // past the old wait
    expect(await t.status(id)).toBe('open');
    await t.setting({ 'sessions.visitorAbandonment.seconds': 30 }); // already past: it acts now
    expect(await t.view(id)).toMatchObject({ status: 'closed', closeComment: 'abandonment' });
  });

  it('leaves alone a chat answered, written to again or closed by the agent after the sweep listed it', async () => {
    const t = await start(close);
    const agent = await t.agent();
    const [answered, rewritten, closed, left] = [
      await t.chat(agent),
      await t.chat(agent),
      await t.chat(agent),
      await t.chat(agent),
    ];
    for (const c of [answered, rewritten, closed, left]) await t.says(agent, c.id);
    // The changes commit between the sweep's read and its row locks: what an instant's race looks like.
    const list = p.conv.conversations;
    const read = list.awaitingVisitor.bind(list);
    const spy = vi.spyOn(list, 'awaitingVisitor').mockImplementationOnce(async (...args) => {
      const rows = await read(...args);
      await answered.v.api.post(`/api/v1/widget/conversations/${answered.id}/messages`, { text: 'wait!' });
      await agent.api.post(`/api/v1/conversations/${rewritten.id}/messages`, { text: 'Also: …' });
      await agent.api.post(`/api/v1/conversations/${closed.id}/close`, { comment: 'solved' });
      return rows;
    });
    await t.later(60);
    expect(spy).toHaveBeenCalled();
    expect(await t.status(answered.id)).toBe('open');
    expect(await t.status(rewritten.id)).toBe('open');
    expect(await t.view(closed.id)).toMatchObject({
      status: 'closed',
      closedBy: { type: 'agent' },
      closeComment: 'solved',
    });
    expect(await t.finished(closed.v, closed.id)).toHaveLength(1);
    expect(await t.view(left.id)).toMatchObject({ status: 'closed', closeComment: 'abandonment' });
    await t.later(60); // the second message's own wait
    expect(await t.status(rewritten.id)).toBe('closed');
    expect(await t.status(answered.id)).toBe('open');
  });

  it('never touches a queued or an on-hold chat, nor one back from there before its agent writes', async () => {
    const t = await start({ ...close, 'sessions.onHold.allowManual': true, 'sessions.onHold.autoCloseSeconds': 0 });
    const care = (await (await p.admin()).post('/api/v1/departments', { name: 'Care' })).body.id as string;
    const agent = await t.agent();
    const [queued, held] = [await t.chat(agent), await t.chat(agent)];
    await t.says(agent, queued.id);
    await t.says(agent, held.id);
    const moved = await agent.api.post(`/api/v1/conversations/${queued.id}/transfer`, { departmentId: care });
    expect(moved.body.status).toBe('queued');
    expect((await agent.api.post(`/api/v1/conversations/${held.id}/hold`)).body.status).toBe('on-hold');
    await t.later(120);
    expect(await t.status(queued.id)).toBe('queued');
    expect(await t.status(held.id)).toBe('on-hold');

    const next = await t.agent([care]);
    expect((await next.api.post(`/api/v1/conversations/${queued.id}/take`)).status).toBe(200);
    expect((await agent.api.post(`/api/v1/conversations/${held.id}/resume`)).status).toBe(200);
    await t.later(120);
    expect(await t.status(queued.id)).toBe('open');
    expect(await t.status(held.id)).toBe('open');
    await t.says(next, queued.id);
    await t.later(60);
    expect(await t.view(queued.id)).toMatchObject({ status: 'closed', closeComment: 'abandonment' });
  });

  it('goes on past a chat it may not hold or fails on, and does not try it again', async () => {
    const t = await start(hold);
    const agent = await t.agent();
    const [refused, failing, fine] = [await t.chat(agent), await t.chat(agent), await t.chat(agent)];
    for (const c of [refused, failing, fine]) await t.says(agent, c.id);
    // The agent's only message deleted: the hold is refused (sessions.onHold.onlyAfterAgentEngagement).
    const mine = (await t.staffMessages(refused.id)).at(-1) as Seen & { id: string };
    expect((await agent.api.delete(`/api/v1/conversations/${refused.id}/messages/${mine.id}`)).status).toBe(200);
    const lifecycle = p.conv.lifecycle;
    const placeOnHold = lifecycle.placeOnHold.bind(lifecycle);
    vi.spyOn(lifecycle, 'placeOnHold').mockImplementation((id, actor, reason) =>
      id === failing.id ? Promise.reject(new Error('disk on fire')) : placeOnHold(id, actor, reason),
    );
    await t.later(60);
    expect(await t.status(fine.id)).toBe('on-hold');
    expect(await t.status(refused.id)).toBe('open');
    expect(await t.status(failing.id)).toBe('open');
    vi.restoreAllMocks();
    await t.later(600);
    expect(await t.status(refused.id)).toBe('open');
    expect(await t.status(failing.id)).toBe('open');
    expect(await p.sessions.abandonment.sweepAt()).toBeDefined(); // the failure did not end the sweep
  });

  it('acts on 300 chats falling due together in one settle', async () => {
    const t = await start(
      {
        'sessions.visitorAbandonment.seconds': 60,
        'sessions.visitorAbandonment.action': 'close',
        'routing.acceptWithNoOnlineAgents': true, // queued first, then given to the agent in one pass
      },
      { WIDGET_RATE_PER_MINUTE: '1000000' }, // 300 visitors from one address
    );
    const ids: string[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const started = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const v = await p.visitor();
          return (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body.conversation.id as string;
        }),
      );
      ids.push(...started);
    }
    const agent = await t.agent();
    await p.dispatchOnce();
    for (let i = 0; i < ids.length; i += 50) {
      const sent = await Promise.all(
        ids.slice(i, i + 50).map((id) => agent.api.post(`/api/v1/conversations/${id}/messages`, { text: 'Hi!' })),
      );
      expect(sent.map((r) => r.status)).toEqual(sent.map(() => 201));
    }
    await t.later(60);
    const rows = await p.db.kysely
      .selectFrom('conversations')
      .select(['status', 'close_comment'])
      .where('id', 'in', ids)
      .execute();
    expect(rows.filter((r) => r.status === 'closed' && r.close_comment === 'abandonment')).toHaveLength(300);
    const finished = await p.db.kysely
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('conversation_id', 'in', ids)
      .where('system_type', '=', 'conversation-finished')
      .executeTakeFirstOrThrow();
    expect(Number(finished.n)).toBe(300);
  }, 180_000); // 300 visitors and chats through the API: slow when the machine is shared

  it('is reported as enforced', async () => {
    await start(close);
    const list = (await (await p.admin()).get('/api/v1/settings')).body.settings as {
      key: string;
      enforced: boolean;
    }[];
    for (const key of ['seconds', 'action', 'closeMessage'])
      expect(list.find((s) => s.key === `sessions.visitorAbandonment.${key}`)?.enforced).toBe(true);
  });
});

describe('sessions: visitor abandonment, across processes', () => {
  const sockets: WsClient[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) await s.close();
  });

  it('acts in the process started after the one whose agent wrote stopped', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({ cluster, persistent: true, clock, settings: close });
      const one = driver(first, sockets);
      const agent = await one.agent();
      const { id } = await one.chat(agent);
      await one.says(agent, id);
      for (const s of sockets.splice(0)) await s.close();
      await first.stop();

      const second = await startTestParley({ cluster, persistent: true, clock });
      const two = driver(second, sockets);
      expect(await second.sessions.abandonment.dueAt(id)).toEqual(two.at(60, clock.now()));
      await two.later(60);
      expect(await two.view(id)).toMatchObject({ status: 'closed', closeComment: 'abandonment' });
      await second.stop();
    } finally {
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)('acts once on each chat when two processes run the sweep together', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    const a = await startTestParley({ cluster, clock, settings: close });
    const b = await startTestParley({ cluster, clock });
    try {
      const t = driver(a, sockets);
      const agent = await t.agent();
      const chats = [];
      for (let i = 0; i < 10; i++) chats.push(await t.chat(agent));
      for (const c of chats) await t.says(agent, c.id);
      clock.advance(60_000);
      await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
      await a.settle();
      await b.settle();
      for (const c of chats) {
        expect(await t.view(c.id)).toMatchObject({ status: 'closed', closeComment: 'abandonment' });
        expect(await t.finished(c.v, c.id)).toHaveLength(1);
      }
    } finally {
      for (const s of sockets.splice(0)) await s.close();
      await b.stop();
      await a.stop();
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)('acts once when a turn outlives its lease and another process runs the next', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    const a = await startTestParley({
      cluster,
      clock,
      settings: { ...close, 'sessions.visitorAbandonment.action': 'on-hold' },
    });
    const b = await startTestParley({ cluster, clock });
    try {
      const t = driver(a, sockets);
      const agent = await t.agent();
      const chats = [];
      for (let i = 0; i < 5; i++) chats.push(await t.chat(agent));
      for (const c of chats) await t.says(agent, c.id);
      clock.advance(60_000);
      // a lists the due chats, then stalls past its lease: b takes the sweep over and acts on them all.
      const list = a.conv.conversations;
      const read = list.awaitingVisitor.bind(list);
      vi.spyOn(list, 'awaitingVisitor').mockImplementationOnce(async (...args) => {
        const rows = await read(...args);
        expect(rows).toHaveLength(5);
        clock.advance(6 * 60_000);
        expect(await b.jobs.runDue()).toBeGreaterThanOrEqual(1);
        return rows;
      });
      await a.jobs.runDue();
      await a.settle();
      await b.settle();
      for (const c of chats) {
        expect(await t.status(c.id)).toBe('on-hold');
        const holds = (await t.staffMessages(c.id)).filter((m) => m.systemType === 'on-hold');
        expect(holds).toHaveLength(1);
      }
    } finally {
      vi.restoreAllMocks();
      for (const s of sockets.splice(0)) await s.close();
      await b.stop();
      await a.stop();
      await cluster.destroy();
    }
  });
});
