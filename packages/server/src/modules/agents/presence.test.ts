import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { kit } from '../../test-support/routing-kit.js';
import { WsClient } from '../../test-support/ws-client.js';
import { INSTANCE_DEAD_MS, PRESENCE_TICK_MS } from './index.js';

describe('agent presence and availability', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  const status = async (api: any) => (await api.get('/api/v1/agents/me/status')).body;

  it('is online while connected, away when every connection is idle, offline when the last one closes', async () => {
    const { api } = await p.staff(['agent']);
    const cookie = api.headers.cookie!;
    expect(await status(api)).toMatchObject({ presence: 'offline', availability: 'unavailable' });
    const watcher = await WsClient.connect(await p.baseUrl(), { cookie: (await (await p.admin()).headers).cookie! });
    watcher.send({ type: 'subscribe', topic: 'presence' });
    await watcher.next((f) => f.type === 'subscribed');

    const one = await WsClient.connect(await p.baseUrl(), { cookie });
    const two = await WsClient.connect(await p.baseUrl(), { cookie });
    expect((await status(api)).presence).toBe('online');
    await watcher.next((f) => f.type === 'agent.status' && f.presence === 'online');
    one.send({ type: 'activity', idle: true });
    one.send({ type: 'ping' }); // frames are handled in order: the pong means the idle flag is stored
    await one.next((f) => f.type === 'pong');
    expect((await status(api)).presence).toBe('online'); // the other one is active
    two.send({ type: 'activity', idle: true });
    await watcher.next((f) => f.type === 'agent.status' && f.presence === 'away');
    two.send({ type: 'activity', idle: false });
    await watcher.next((f) => f.type === 'agent.status' && f.presence === 'online', watcher.frames.length);
    await one.close();
    await two.close();
    await watcher.next((f) => f.type === 'agent.status' && f.presence === 'offline');
    expect((await status(api)).presence).toBe('offline');
    await watcher.close();
  });

  it('lets agents switch availability, and managers set capacity; everyone sees it', async () => {
    const { api, userId } = await p.staff(['agent']);
    expect((await api.put('/api/v1/agents/me/status', { availability: 'available' })).body.availability).toBe(
      'available',
    );
    const manager = (await p.staff(['manager'])).api;
    expect((await manager.put(`/api/v1/agents/${userId}/capacity`, { maxChats: 3 })).status).toBe(200);
    const list = await manager.get('/api/v1/agents');
    expect(list.body.items.find((a: any) => a.userId === userId)).toMatchObject({
      availability: 'available',
      maxChats: 3,
      openChats: 0,
    });
    expect((await api.put(`/api/v1/agents/${userId}/capacity`, { maxChats: 99 })).status).toBe(403);
    expect((await api.put('/api/v1/agents/me/status', { availability: 'busy' })).status).toBe(400);
  });

  it('counts a connection only while its process beats; a survivor clears a dead one within 15 s', async () => {
    const k = kit(p);
    await k.set({ 'queue.waitingQueue.enabled': true, 'routing.method': 'auto' });
    const { api, userId } = await p.staff(['agent']);
    await api.put('/api/v1/agents/me/status', { availability: 'available' });
    const changes: string[] = [];
    p.bus.on('agent.status-changed', (e) => void (e.payload.userId === userId && changes.push(e.payload.presence)));
    // Another process on the same database (a row of its own), holding this agent's only connection.
    const other = '01890000-0000-7000-8000-000000000dea';
    expect(await p.agents.heartbeat(other)).toBe(false); // its first beat
    await p.agents.connectionOpened('01890000-0000-7000-8000-00000000beef', userId, other);
    expect((await status(api)).presence).toBe('online');
    // While it beats, its connection counts however much time passes, and chats go to the agent.
    for (let i = 0; i < 6; i++) {
      p.fakeClock!.advance(PRESENCE_TICK_MS);
      expect(await p.agents.heartbeat(other)).toBe(true);
      await p.agents.sweepStale();
    }
    expect((await status(api)).presence).toBe('online');
    const first = await k.chat();
    await p.settle();
    expect(await k.agentOf(first)).toBe(userId);

    // It is killed: no beat any more. Past INSTANCE_DEAD_MS of silence the agent is offline for routing
    // at once, before any sweep: a new chat waits in the queue instead of going to nobody.
    p.fakeClock!.advance(INSTANCE_DEAD_MS + 1);
    expect((await status(api)).presence).toBe('offline');
    const second = await k.chat();
    await p.settle();
    expect(await k.statusOf(second)).toBe('queued');
    expect(await k.agentOf(second)).toBeNull();

    // The survivor's next sweep (at most a tick later: within 15 s of the last beat) clears its rows and
    // tells everyone the agent is offline.
    expect(INSTANCE_DEAD_MS + PRESENCE_TICK_MS).toBeLessThanOrEqual(15_000);
    expect(await p.agents.sweepStale()).toBe(1);
    expect(changes).toEqual(['online', 'offline']); // opened, then cleared
    expect(
      await p.db.kysely.selectFrom('presence_connections').selectAll().where('user_id', '=', userId).execute(),
    ).toHaveLength(0);
    expect(await p.db.kysely.selectFrom('presence_instances').selectAll().where('id', '=', other).execute()).toEqual(
      [],
    );
    // This process never presumes itself dead, whatever the clock says.
    expect(
      await p.db.kysely
        .selectFrom('presence_instances')
        .select('id')
        .where('id', '=', p.bus.transport.instanceId)
        .execute(),
    ).toHaveLength(1);
    // Had it only been frozen, its next beat learns it was presumed dead (so it announces its sockets again).
    expect(await p.agents.heartbeat(other)).toBe(false);
    await api.put('/api/v1/agents/me/status', { availability: 'unavailable' });
    await k.set({ 'queue.waitingQueue.enabled': false });
  });
});
