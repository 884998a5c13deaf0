import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';
import { WsClient } from '../../test-support/ws-client.js';

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

  it('forgets connections of a process that stopped heart-beating', async () => {
    const { api, userId } = await p.staff(['agent']);
    // A process that crashed leaves its connection rows behind.
    await p.agents.connectionOpened(
      '01890000-0000-7000-8000-00000000beef',
      userId,
      '01890000-0000-7000-8000-000000000dea',
    );
    expect((await status(api)).presence).toBe('online');
    await p.agents.sweepStale(); // still fresh: kept
    expect((await status(api)).presence).toBe('online');
    p.fakeClock!.advance(120_000);
    await p.agents.sweepStale();
    expect((await status(api)).presence).toBe('offline');
    expect(
      await p.db.kysely.selectFrom('presence_connections').selectAll().where('user_id', '=', userId).execute(),
    ).toHaveLength(0);
  });
});
