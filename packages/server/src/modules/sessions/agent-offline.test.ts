import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/clock.js';
import { byHand, onPostgres, startTestParley, TestCluster, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

const COMMENT = 'Your agent had to leave. Write again any time.';
const forward = { 'sessions.agentOffline.action': 'forward', 'sessions.agentOffline.waitSeconds': 60 };
type Agent = Awaited<ReturnType<TestParley['onlineAgent']>>;

/** One Parley process as a test drives it: its agents, a presence watcher, and the clock. */
function driver(p: TestParley, sockets: WsClient[]) {
  let watcher: WsClient | undefined;
  const presence = async () => {
    if (watcher) return watcher;
    watcher = await WsClient.connect(await p.baseUrl(), { cookie: (await p.admin()).headers.cookie! });
    sockets.push(watcher);
    watcher.send({ type: 'subscribe', topic: 'presence' });
    await watcher.next((f) => f.type === 'subscribed');
    return watcher;
  };
  /** Resolves once the agent's presence change has committed (the watcher hears it after commit). */
  const becomes = async (agent: Agent, to: 'online' | 'offline', change: () => Promise<void>) => {
    const w = await presence();
    const from = w.frames.length;
    await change();
    await w.next((f) => f.type === 'agent.status' && f.userId === agent.userId && f.presence === to, from);
    await p.settle();
  };
  return {
    async online(opts: { departmentIds?: string[] } = {}) {
      await presence();
      const a = await p.onlineAgent(opts);
      sockets.push(a.ws);
      return a;
    },
    offline: (agent: Agent) => becomes(agent, 'offline', () => agent.ws.close()),
    back: (agent: Agent) =>
      becomes(agent, 'online', async () => {
        agent.ws = await WsClient.connect(await p.baseUrl(), { cookie: agent.cookie });
        sockets.push(agent.ws);
      }),
    async later(seconds: number) {
      p.fakeClock!.advance(seconds * 1000);
      await p.settle();
    },
    async chat(departmentId?: string) {
      const v = await p.visitor(departmentId ? { departmentId } : {});
      const { conversation } = (await v.api.post('/api/v1/widget/conversations', { text: 'hello' })).body;
      await p.dispatchOnce();
      return { v, id: conversation.id as string };
    },
    view: async (id: string) => (await (await p.admin()).get(`/api/v1/conversations/${id}`)).body,
    transfers: async (id: string) =>
      (await (await p.admin()).get(`/api/v1/conversations/${id}/transfers`)).body.items as unknown[],
    setting: async (values: Record<string, unknown>) =>
      expect((await (await p.admin()).patch('/api/v1/settings', values)).status).toBe(200),
  };
}

describe('sessions: agent goes offline (sessions.agentOffline.*)', () => {
  let p: TestParley;
  let sockets: WsClient[] = [];
  afterEach(async () => {
    for (const s of sockets) await s.close();
    sockets = [];
    await p.stop();
  });
  const start = async (settings: Record<string, unknown>) => {
    p = await startTestParley({ settings });
    return driver(p, sockets);
  };

  it('forwards each open chat to another online agent of the department, by the system, with the reason', async () => {
    const t = await start(forward);
    const dept = (await (await p.admin()).post('/api/v1/departments', { name: 'Care' })).body.id as string;
    const leaving = await t.online({ departmentIds: [dept] });
    const { id } = await t.chat(dept);
    expect((await t.view(id)).agent.id).toBe(leaving.userId);
    const [colleague] = [await t.online({ departmentIds: [dept] }), await t.online()]; // the second is not in Care
    await t.offline(leaving);
    expect(await p.sessions.agentOffline.dueAt(leaving.userId)).toEqual(new Date(p.clock.now().getTime() + 60_000));
    await t.later(59);
    expect((await t.view(id)).agent.id).toBe(leaving.userId);
    await t.later(1);
    await p.dispatchOnce();
    expect(await t.view(id)).toMatchObject({ status: 'open', agent: { id: colleague.userId } });
    expect(await t.transfers(id)).toEqual([
      expect.objectContaining({
        from: expect.objectContaining({ agentId: leaving.userId }),
        by: { type: 'system', id: null },
        reason: 'agent-offline',
      }),
    ]);
    expect(await p.sessions.agentOffline.dueAt(leaving.userId)).toBeUndefined();
  });

  it('puts the chat in the queue when nobody else is online, and never gives it back to the agent', async () => {
    const t = await start(forward);
    const leaving = await t.online();
    const { id } = await t.chat();
    await t.offline(leaving);
    await t.later(60);
    await p.dispatchOnce();
    expect(await t.view(id)).toMatchObject({ status: 'queued', agent: null });
    await t.back(leaving); // online with room, but the chat was taken from them
    await p.dispatchOnce();
    expect((await t.view(id)).status).toBe('queued');
    const next = await t.online();
    await p.dispatchOnce();
    expect(await t.view(id)).toMatchObject({ status: 'open', agent: { id: next.userId } });
  });

  it('closes with the comment the visitor reads and the reason staff see; on-hold chats are left alone', async () => {
    const t = await start({
      ...byHand,
      'sessions.onHold.allowManual': true,
      'sessions.agentOffline.action': 'close',
      'sessions.agentOffline.waitSeconds': 60,
      'sessions.agentOffline.closeComment': COMMENT,
    });
    const leaving = await t.online();
    const [open, held] = [await t.chat(), await t.chat()];
    for (const { id } of [open, held]) await leaving.api.post(`/api/v1/conversations/${id}/take`);
    await leaving.api.post(`/api/v1/conversations/${held.id}/messages`, { text: 'one moment' });
    expect((await leaving.api.post(`/api/v1/conversations/${held.id}/hold`)).body.status).toBe('on-hold');
    await t.offline(leaving);
    await t.later(60);
    expect(await t.view(open.id)).toMatchObject({
      status: 'closed',
      closedBy: { type: 'system' },
      closeComment: 'agent-offline',
    });
    const seen = (await open.v.api.get(`/api/v1/widget/conversations/${open.id}/messages`)).body.items;
    const finished = seen.filter((m: { systemType?: string }) => m.systemType === 'conversation-finished');
    expect(finished.map((m: { text: string }) => m.text)).toEqual([COMMENT]);
    expect(await t.view(held.id)).toMatchObject({ status: 'on-hold', agent: { id: leaving.userId } });
    // The visitor resumes it while the agent is still gone: nobody would answer, so the timer takes it too.
    await held.v.api.post(`/api/v1/widget/conversations/${held.id}/messages`, { text: 'hello again?' });
    await p.settle();
    expect(await t.view(held.id)).toMatchObject({ status: 'closed', closeComment: 'agent-offline' });
  });

  it('is cancelled when the agent comes back within the wait', async () => {
    const t = await start(forward);
    const leaving = await t.online();
    const { id } = await t.chat();
    await t.offline(leaving);
    await t.later(30);
    await t.back(leaving);
    expect(await p.sessions.agentOffline.dueAt(leaving.userId)).toBeUndefined();
    await t.later(120);
    expect(await t.view(id)).toMatchObject({ status: 'open', agent: { id: leaving.userId } });
  });

  it('does nothing with the action none', async () => {
    const t = await start({ 'sessions.agentOffline.waitSeconds': 60 });
    const leaving = await t.online();
    const { id } = await t.chat();
    await t.offline(leaving);
    expect(await p.sessions.agentOffline.dueAt(leaving.userId)).toBeUndefined();
    await t.later(120);
    expect(await t.view(id)).toMatchObject({ status: 'open', agent: { id: leaving.userId } });
  });

  it('leaves alone a chat the agent closed meanwhile', async () => {
    const t = await start({ ...forward, ...byHand });
    const leaving = await t.online();
    const [done, left] = [await t.chat(), await t.chat()];
    for (const { id } of [done, left]) await leaving.api.post(`/api/v1/conversations/${id}/take`);
    await t.offline(leaving);
    expect((await leaving.api.post(`/api/v1/conversations/${done.id}/close`, { comment: 'solved' })).status).toBe(200);
    await t.later(60);
    expect(await t.view(done.id)).toMatchObject({
      status: 'closed',
      closedBy: { type: 'agent' },
      closeComment: 'solved',
    });
    expect(await t.transfers(done.id)).toHaveLength(0);
    expect(await t.view(left.id)).toMatchObject({ status: 'queued', agent: null });
  });

  it('moves pending timers when the wait changes, either way', async () => {
    const t = await start(forward);
    const leaving = await t.online();
    const { id } = await t.chat();
    await t.offline(leaving);
    const offlineAt = p.clock.now().getTime();
    await t.later(10);
    await t.setting({ 'sessions.agentOffline.waitSeconds': 120 });
    expect(await p.sessions.agentOffline.dueAt(leaving.userId)).toEqual(new Date(offlineAt + 120_000));
    await t.later(60); // past the old wait
    expect((await t.view(id)).agent.id).toBe(leaving.userId);
    await t.setting({ 'sessions.agentOffline.waitSeconds': 30 }); // already past: it acts now
    await p.settle();
    expect(await t.view(id)).toMatchObject({ status: 'queued', agent: null });
  });

  it('drops pending timers when the action becomes none (turning it on again arms none for those already gone)', async () => {
    const t = await start(forward);
    const leaving = await t.online();
    const { id } = await t.chat();
    await t.offline(leaving);
    await t.setting({ 'sessions.agentOffline.action': 'none' });
    expect(await p.sessions.agentOffline.dueAt(leaving.userId)).toBeUndefined();
    await t.setting({ 'sessions.agentOffline.action': 'forward' });
    await t.later(120);
    expect(await t.view(id)).toMatchObject({ status: 'open', agent: { id: leaving.userId } });
  });

  it('is reported as enforced', async () => {
    await start(forward);
    const list = (await (await p.admin()).get('/api/v1/settings')).body.settings as {
      key: string;
      enforced: boolean;
    }[];
    for (const key of ['action', 'waitSeconds', 'closeComment'])
      expect(list.find((s) => s.key === `sessions.agentOffline.${key}`)?.enforced).toBe(true);
  });
});

describe('sessions: agent goes offline, across processes', () => {
  let sockets: WsClient[] = [];
  afterEach(async () => {
    for (const s of sockets) await s.close();
    sockets = [];
  });

  it('fires once in the process started after the one that armed it stopped', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    try {
      const first = await startTestParley({ cluster, persistent: true, clock, settings: forward });
      const one = driver(first, sockets);
      const leaving = await one.online();
      const { id } = await one.chat();
      await one.offline(leaving);
      for (const s of sockets.splice(0)) await s.close();
      await first.stop();

      const second = await startTestParley({ cluster, persistent: true, clock });
      const two = driver(second, sockets);
      const next = await two.online();
      expect(await second.sessions.agentOffline.dueAt(leaving.userId)).toBeDefined();
      await two.later(60);
      await second.dispatchOnce();
      expect(await two.view(id)).toMatchObject({ status: 'open', agent: { id: next.userId } });
      await two.later(120);
      await second.dispatchOnce();
      expect(await two.transfers(id)).toHaveLength(1);
      await second.stop();
    } finally {
      await cluster.destroy();
    }
  });

  it.runIf(onPostgres)('acts once when two processes run the due timer together', async () => {
    const cluster = new TestCluster();
    const clock = new FakeClock();
    const a = await startTestParley({ cluster, clock, settings: forward });
    const b = await startTestParley({ cluster, clock });
    try {
      const t = driver(a, sockets);
      const leaving = await t.online();
      const { id } = await t.chat();
      await t.offline(leaving);
      clock.advance(60_000);
      const ran = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
      expect(ran[0] + ran[1]).toBeGreaterThanOrEqual(1);
      await a.settle();
      await b.settle();
      expect(await t.view(id)).toMatchObject({ status: 'queued', agent: null });
      expect(await t.transfers(id)).toHaveLength(1);
    } finally {
      for (const s of sockets.splice(0)) await s.close();
      await b.stop();
      await a.stop();
      await cluster.destroy();
    }
  });
});
